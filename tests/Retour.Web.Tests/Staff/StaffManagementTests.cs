using System.Net;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Staff;

/// <summary>An administrator changes a colleague's role and site, resets a password, disables and enables an account.</summary>
public abstract class StaffManagementTests(RetourApp fixture)
{
    [Fact]
    public async Task Admin_MovesAnAgentToTheWarehouse_WhoThenReceivesButNoLongerDecides()
    {
        using var app = new RetourApp(fixture.Provider);
        using var admin = await StaffSession.AsAsync(app, "ada@shop.test", StaffRoles.Admin);
        await StaffSession.CreateAsync(app, "al@shop.test", StaffRoles.Agent);

        var unknownSite = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "al@shop.test", ["role"] = StaffRoles.Warehouse, ["site"] = "NOWHERE" }, "/backoffice/staff?handler=Role");
        var moved = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "al@shop.test", ["role"] = StaffRoles.Warehouse, ["site"] = "wh-lyon" }, "/backoffice/staff?handler=Role");
        using var al = await StaffSession.SignedInAsync(app, "al@shop.test");

        Assert.Equal(HttpStatusCode.BadRequest, unknownSite.StatusCode);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var home = await al.GetStringAsync(new Uri("/backoffice", UriKind.Relative));
        Assert.Contains(StaffRoles.Warehouse, home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await al.GetAsync(new Uri("/backoffice/returns/new", UriKind.Relative))).StatusCode);
        Assert.Contains("WH-LYON", await admin.GetStringAsync(new Uri("/backoffice/staff", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(await StaffSession.AuditAsync(app), a => a.Action == "staff.roleChanged" && a.Target == "al@shop.test" && a.Details == "role Warehouse, site WH-LYON");
    }

    [Fact]
    public async Task Admin_DisablesAnAccount_WhichCannotSignInUntilEnabled_AndNeverTheLastAdministrator()
    {
        using var app = new RetourApp(fixture.Provider);
        using var admin = await StaffSession.AsAsync(app, "ada@shop.test", StaffRoles.Admin);
        await StaffSession.CreateAsync(app, "al@shop.test", StaffRoles.Agent);

        var disabled = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "al@shop.test", ["disabled"] = "true" }, "/backoffice/staff?handler=Disable");
        using var browser = StaffSession.Browser(app);
        var refused = await StaffSession.PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = "al@shop.test", ["Password"] = StaffSession.Password });
        var self = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "ada@shop.test", ["disabled"] = "true" }, "/backoffice/staff?handler=Disable");
        var demoteLast = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "ada@shop.test", ["role"] = StaffRoles.Agent, ["site"] = string.Empty }, "/backoffice/staff?handler=Role");
        var enabled = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "al@shop.test", ["disabled"] = "false" }, "/backoffice/staff?handler=Disable");
        var reset = await StaffSession.PostFormAsync(admin, "/backoffice/staff", new() { ["email"] = "al@shop.test", ["newPassword"] = "a brand new passphrase 7" }, "/backoffice/staff?handler=Password");
        var withNew = await StaffSession.PostFormAsync(StaffSession.Browser(app), "/backoffice/sign-in", new() { ["Email"] = "al@shop.test", ["Password"] = "a brand new passphrase 7" });

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, demoteLast.StatusCode);
        Assert.Contains("last administrator", await demoteLast.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        var audit = await StaffSession.AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "staff.disabled" && a.Target == "al@shop.test" && a.Actor == "ada@shop.test");
        Assert.Contains(audit, a => a.Action == "staff.passwordReset" && a.Target == "al@shop.test");
    }
}

public sealed class StaffManagementTests_Sqlite(SqliteApp app) : StaffManagementTests(app), IClassFixture<SqliteApp>;

public sealed class StaffManagementTests_Postgres(PostgresApp app) : StaffManagementTests(app), IClassFixture<PostgresApp>;

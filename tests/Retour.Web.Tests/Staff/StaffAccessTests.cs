using System.Net;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;
using static Retour.Web.Tests.Infrastructure.StaffSession;

namespace Retour.Web.Tests.Staff;

/// <summary>Staff accounts: the first administrator, sign-in with lockout, roles on pages, and the audit trail.</summary>
public abstract class StaffAccessTests(RetourApp fixture)
{
    [Fact]
    public async Task Setup_WhenNoAccountExists_CreatesTheAdministratorOnceThenCloses()
    {
        using var app = new RetourApp(fixture.Provider);
        using var browser = Browser(app);
        using var later = Browser(app);

        var before = await browser.GetAsync(new Uri("/backoffice", UriKind.Relative));
        var created = await PostFormAsync(browser, "/backoffice/setup", new() { ["DisplayName"] = "Ada Admin", ["Email"] = "ada@shop.test", ["Password"] = Password });
        var home = await browser.GetStringAsync(new Uri("/backoffice", UriKind.Relative));
        var again = await later.GetAsync(new Uri("/backoffice/setup", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Hello Ada Admin", home, StringComparison.Ordinal);
        Assert.Contains("Admin", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains(await AuditAsync(app), a => a.Action == "staff.created" && a.Target == "ada@shop.test" && a.Actor == "first-run page");
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        using var app = new RetourApp(fixture.Provider);
        await CreateAsync(app, "lou@shop.test", StaffRoles.Agent);
        using var browser = Browser(app);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = "lou@shop.test", ["Password"] = $"not it {i}" });
            Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
        }

        var locked = await PostFormAsync(browser, "/backoffice/sign-in", new() { ["Email"] = "lou@shop.test", ["Password"] = Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(6, (await AuditAsync(app)).Count(a => a.Action == "staff.signInRefused" && a.Target == "lou@shop.test"));
    }

    [Fact]
    public async Task Emails_AreReadByAnAgentButRefusedToWarehouseStaffAndStrangers()
    {
        using var app = new RetourApp(fixture.Provider);
        await CreateAsync(app, "agent@shop.test", StaffRoles.Agent);
        await CreateAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var agent = await SignedInAsync(app, "agent@shop.test");
        using var warehouse = await SignedInAsync(app, "dock@shop.test");
        using var stranger = Browser(app);

        var read = await agent.GetAsync(new Uri("/backoffice/emails", UriKind.Relative));
        var refused = await warehouse.GetAsync(new Uri("/backoffice/emails", UriKind.Relative));
        var anonymous = await stranger.GetAsync(new Uri("/backoffice/emails", UriKind.Relative));
        var withApiKeyOnly = await app.Api().GetAsync(new Uri("/backoffice/emails", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/backoffice/denied", refused.Headers.Location?.PathAndQuery ?? refused.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await warehouse.GetAsync(refused.Headers.Location!)).StatusCode);
        Assert.StartsWith("/backoffice/sign-in", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/backoffice/sign-in", withApiKeyOnly.RequestMessage?.RequestUri?.AbsolutePath);
    }

    [Fact]
    public async Task CreateAdmin_FromTheCommandLine_TakesThePasswordFromStandardInputAndRefusesAWeakOne()
    {
        using var app = new RetourApp(fixture.Provider);
        _ = app.Services;

        var (weak, weakOut) = await RetourCli.RunAsync(app, ["create-admin", "--email", "ops@shop.test"], "short");
        var (made, madeOut) = await RetourCli.RunAsync(app, ["create-admin", "--email", "ops@shop.test", "--name", "Ops"], Password);
        using var browser = await SignedInAsync(app, "ops@shop.test");

        Assert.Equal(1, weak);
        Assert.Contains("password", weakOut, StringComparison.Ordinal);
        Assert.True(made == 0, madeOut);
        Assert.Contains("Hello Ops", await browser.GetStringAsync(new Uri("/backoffice", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, madeOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns_AreFoundByNumberOrderOrEmailAndShownWithTheirDecisions()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Builders.Lifecycle(app);
        var order = await steps.ImportAsync(Builders.AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m));
        var requested = await steps.RequestAsync(order, reason: "too-small");
        await CreateAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var warehouse = await SignedInAsync(app, "dock@shop.test");

        var byNumber = await warehouse.GetStringAsync(new Uri($"/backoffice/returns?q={requested.Number.ToLowerInvariant()}", UriKind.Relative));
        var byOrder = await warehouse.GetStringAsync(new Uri($"/backoffice/returns?q={order.Number}", UriKind.Relative));
        var byEmail = await warehouse.GetStringAsync(new Uri($"/backoffice/returns?q={Uri.EscapeDataString(order.Customer.Email)}", UriKind.Relative));
        var nothing = await warehouse.GetStringAsync(new Uri("/backoffice/returns?q=R-ZZZZZZ", UriKind.Relative));
        var queue = await warehouse.GetStringAsync(new Uri($"/backoffice/returns?queue={(requested.Status == Domain.Returns.ReturnStatus.Requested ? "requested" : "shipment")}", UriKind.Relative));
        var page = await warehouse.GetStringAsync(new Uri($"/backoffice/returns/{requested.Number}", UriKind.Relative));

        foreach (var found in new[] { byNumber, byOrder, byEmail, queue })
        {
            Assert.Contains($"data-return=\"{requested.Number}\"", found, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("data-return=", nothing, StringComparison.Ordinal);
        Assert.Contains("data-line=\"TEE-M\"", page, StringComparison.Ordinal);
        Assert.Contains(requested.Lines[0].Decision.Basis, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_AreTakenByAnAgentWithTheirReasonAndAuditedButRefusedToWarehouseStaff()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Builders.Lifecycle(app);
        var first = await steps.RequestAsync(await steps.ImportAsync(Builders.AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m)), reason: "too-small");
        var second = await steps.RequestAsync(await steps.ImportAsync(Builders.AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("MUG-BLUE", 1, 18m)), reason: "changed-mind");
        await CreateAsync(app, "agent@shop.test", StaffRoles.Agent);
        await CreateAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var agent = await SignedInAsync(app, "agent@shop.test");
        using var warehouse = await SignedInAsync(app, "dock@shop.test");
        var page = $"/backoffice/returns/{first.Number}";

        var forbidden = await PostFormAsync(warehouse, page, new(), $"{page}?handler=Approve");
        var noReason = await PostFormAsync(agent, $"/backoffice/returns/{second.Number}", new() { ["message"] = " " }, $"/backoffice/returns/{second.Number}?handler=Reject");
        var approved = await PostFormAsync(agent, page, new(), $"{page}?handler=Approve");
        var rejected = await PostFormAsync(agent, $"/backoffice/returns/{second.Number}", new() { ["message"] = "Worn outside." }, $"/backoffice/returns/{second.Number}?handler=Reject");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal(Domain.Returns.ReturnStatus.Approved, (await steps.GetAsync(first.Id)).Status);
        var afterReject = await steps.GetAsync(second.Id);
        Assert.Equal(Domain.Returns.ReturnStatus.Rejected, afterReject.Status);
        Assert.Contains(afterReject.Timeline, t => t.Actor.Name == "agent@shop.test");
        var audit = await AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "return.approved" && a.Target == first.Number && a.Actor == "agent@shop.test");
        Assert.Contains(audit, a => a.Action == "return.rejected" && a.Target == second.Number);
        Assert.DoesNotContain(audit, a => a.Actor == "dock@shop.test" && a.Action.StartsWith("return.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_AnAdministratorAddsAColleagueWhoCanSignInWithTheirRoleButAnAgentCannotAddAnyone()
    {
        using var app = new RetourApp(fixture.Provider);
        await CreateAsync(app, "ada@shop.test", StaffRoles.Admin);
        await CreateAsync(app, "agent@shop.test", StaffRoles.Agent);
        using var admin = await SignedInAsync(app, "ada@shop.test");
        using var agent = await SignedInAsync(app, "agent@shop.test");

        var weak = await PostFormAsync(admin, "/backoffice/staff", new() { ["Email"] = "sam@shop.test", ["DisplayName"] = "Sam", ["Role"] = StaffRoles.StoreAssociate, ["Password"] = "short" });
        var added = await PostFormAsync(admin, "/backoffice/staff", new() { ["Email"] = "sam@shop.test", ["DisplayName"] = "Sam", ["Role"] = StaffRoles.StoreAssociate, ["Password"] = Password });
        var refused = await agent.GetAsync(new Uri("/backoffice/staff", UriKind.Relative));
        using var sam = await SignedInAsync(app, "sam@shop.test");

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("data-staff=\"sam@shop.test\"", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("StoreAssociate", await sam.GetStringAsync(new Uri("/backoffice", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(app), a => a.Action == "staff.created" && a.Target == "sam@shop.test" && a.Actor == "ada@shop.test");
    }

    [Fact]
    public async Task ReturnPage_ShowsTheCustomersPhotosOfThatReturnAndNoOther()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Builders.Lifecycle(app);
        var order = await steps.ImportAsync(Builders.AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("MUG-BLUE", 1, 18m));
        using var png = new MemoryStream(Png());
        var (photo, _) = await app.WithScopeAsync<Features.Portal.ReturnPhotos, (string?, Features.Portal.PhotoProblem)>(p => p.SaveAsync(order.Id, png, png.Length, CancellationToken.None));
        var opened = await app.Api().Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "damaged-in-transit", photos = new[] { photo } } } }, "photo-1");
        var number = (await opened.Read<Features.Returns.ReturnResponse>()).Number;
        await CreateAsync(app, "dock@shop.test", StaffRoles.Warehouse);
        using var warehouse = await SignedInAsync(app, "dock@shop.test");
        using var stranger = Browser(app);

        var page = await warehouse.GetStringAsync(new Uri($"/backoffice/returns/{number}", UriKind.Relative));
        var image = await warehouse.GetAsync(new Uri($"/backoffice/returns/{number}?handler=photo&id={photo}", UriKind.Relative));
        var other = await warehouse.GetAsync(new Uri($"/backoffice/returns/{number}?handler=photo&id={new string('a', 32)}", UriKind.Relative));
        var anonymous = await stranger.GetAsync(new Uri($"/backoffice/returns/{number}?handler=photo&id={photo}", UriKind.Relative));

        Assert.Contains($"handler=photo&amp;id={photo}", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    private static byte[] Png()
    {
        using var bitmap = new SkiaSharp.SKBitmap(40, 30);
        bitmap.Erase(new SkiaSharp.SKColor(10, 120, 200));
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

public sealed class StaffAccessTests_Sqlite(SqliteApp app) : StaffAccessTests(app), IClassFixture<SqliteApp>;

public sealed class StaffAccessTests_Postgres(PostgresApp app) : StaffAccessTests(app), IClassFixture<PostgresApp>;

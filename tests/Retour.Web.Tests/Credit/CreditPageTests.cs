using System.Net;
using Retour.Domain.Money;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Credit;

/// <summary>The back office's Credit page: look-ups for staff who may read credit, adjustments for managers.</summary>
public abstract class CreditPageTests(RetourApp app)
{
    private const string Page = "/backoffice/credit";

    [Fact]
    public async Task Manager_SeesTheBalanceAndHistory_AndAdjustsOnceWithAReason()
    {
        var email = $"c-{Guid.NewGuid():N}@example.com";
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            await StoreCreditLedger.IssueAsync(db, email, "EUR", 20m, 2m, "R-PAGE-1", app.Now, CancellationToken.None);
            return await db.SaveChangesAsync();
        });
        using var manager = await StaffSession.AsAsync(app, $"m-{Guid.NewGuid():N}@shop.test", StaffRoles.Manager);
        var lookup = $"{Page}?email={Uri.EscapeDataString(email)}";

        var page = await manager.GetStringAsync(new Uri(lookup, UriKind.Relative));
        var form = await manager.GetStringAsync(new Uri(lookup, UriKind.Relative));
        var key = System.Text.RegularExpressions.Regex.Match(form, "name=\"key\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string> { ["email"] = email, ["currency"] = "EUR", ["amount"] = "-2.50", ["reason"] = "bonus given twice", ["key"] = key };
        var adjusted = await StaffSession.PostFormAsync(manager, lookup, fields, $"{Page}?handler=Adjust");
        var twice = await StaffSession.PostFormAsync(manager, lookup, new(fields), $"{Page}?handler=Adjust");
        var noReason = await StaffSession.PostFormAsync(manager, lookup, new() { ["email"] = email, ["currency"] = "EUR", ["amount"] = "1", ["reason"] = " " }, $"{Page}?handler=Adjust");
        var after = await manager.GetStringAsync(new Uri(lookup, UriKind.Relative));

        Assert.Contains("data-credit=\"EUR\"", page, StringComparison.Ordinal);
        Assert.Contains("R-PAGE-1", page, StringComparison.Ordinal);
        Assert.Contains("Adjust balance", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, adjusted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why the balance is adjusted.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<td class=\"num available\" data-available>19.50</td>", after, StringComparison.Ordinal);
        Assert.Contains("bonus given twice", after, StringComparison.Ordinal);
        Assert.Single(await StaffSession.AuditAsync(app), a => a.Action == "credit.adjusted" && a.Details == "-2.5 EUR");
    }

    [Fact]
    public async Task Agent_LooksUpAGiftCardByCode_ButMayNotAdjust()
    {
        var (_, code) = await app.WithScopeAsync<RetourDbContext, (GiftCard, string)>(async db =>
        {
            var issued = await GiftCardIssuer.IssueAsync(db, 35m, "EUR", "GC-PAGE-" + Guid.NewGuid().ToString("N"), null, app.Now, CancellationToken.None);
            await db.SaveChangesAsync();
            return issued;
        });
        using var agent = await StaffSession.AsAsync(app, $"a-{Guid.NewGuid():N}@shop.test", StaffRoles.Agent);

        var found = await StaffSession.PostFormAsync(agent, Page, new() { ["code"] = GiftCardCode.Display(code).ToLowerInvariant() }, $"{Page}?handler=Card");
        var typo = await StaffSession.PostFormAsync(agent, Page, new() { ["code"] = code[..16] + (code[16] == '0' ? '1' : '0') }, $"{Page}?handler=Card");
        var adjust = await StaffSession.PostFormAsync(agent, Page, new() { ["email"] = "x@example.com", ["currency"] = "EUR", ["amount"] = "5", ["reason"] = "why" }, $"{Page}?handler=Adjust");
        var page = await agent.GetStringAsync(new Uri($"{Page}?email=x@example.com", UriKind.Relative));

        var html = await found.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Contains($"data-gift-card=\"{code[12..16]}\"", html, StringComparison.Ordinal);
        Assert.Contains("35.00 EUR", html, StringComparison.Ordinal);
        Assert.DoesNotContain(code, html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typo.StatusCode);
        Assert.True(adjust.StatusCode == HttpStatusCode.Forbidden || adjust.Headers.Location?.OriginalString.Contains("/backoffice/denied", StringComparison.Ordinal) == true, $"{(int)adjust.StatusCode} {adjust.Headers.Location}");
        Assert.DoesNotContain("Adjust balance", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warehouse_IsSentToTheDeniedPage()
    {
        using var warehouse = await StaffSession.AsAsync(app, $"w-{Guid.NewGuid():N}@shop.test", StaffRoles.Warehouse);

        var response = await warehouse.GetAsync(new Uri(Page, UriKind.Relative));
        var home = await warehouse.GetStringAsync(new Uri("/backoffice/stock", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/backoffice/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/backoffice/credit\"", home, StringComparison.Ordinal);
    }
}

public sealed class CreditPageTests_Sqlite(SqliteApp app) : CreditPageTests(app), IClassFixture<SqliteApp>;

public sealed class CreditPageTests_Postgres(PostgresApp app) : CreditPageTests(app), IClassFixture<PostgresApp>;

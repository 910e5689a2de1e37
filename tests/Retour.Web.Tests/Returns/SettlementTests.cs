using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.GiftCards;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Features.StoreCredit;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Returns;

/// <summary>Settling returns in store credit and gift cards: the money lands in the ledger once and the customer hears.</summary>
public abstract partial class SettlementTests(RetourApp fixture)
{
    [Fact]
    public async Task StoreCredit_WithThePolicysBonus_LandsOnTheCustomersAccountOnce()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        await PublishBonusPolicyAsync(app, 10m);
        var (order, r) = await RequestAsync(app, steps, "storeCredit");

        r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(r), "resolve");
        var again = await steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new { });

        Assert.Equal(ReturnStatus.Resolved, r.Status);
        Assert.Empty(r.Refunds);
        var credit = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.StoreCredit, 50m, 5m), (credit.Kind, credit.Amount, credit.Bonus));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var account = await (await steps.Api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{order.Customer.Email}", UriKind.Relative))).Read<StoreCreditResponse>();
        var balance = Assert.Single(account.Balances);
        Assert.Equal(("EUR", 55m, 55m), (balance.Currency, balance.Balance, balance.Available));
        await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject.Contains(r.Number, StringComparison.Ordinal) && AmountPattern().IsMatch(m.HtmlText)), "the store credit email (55.00 with its bonus)");
    }

    [Fact]
    public async Task StoreCredit_TakenBack_LeavesTheAccount_OnceAndOnlyWhileUnspent()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        await PublishBonusPolicyAsync(app, 10m);
        var (order, r) = await RequestAsync(app, steps, "storeCredit");
        r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(r), "resolve");
        var credit = Assert.Single(r.Settlements!);

        // Its page offers a manager to take it back; the charges table is not shown where there is none.
        using var manager = await StaffSession.AsAsync(app, "manager@shop.test", StaffRoles.Manager);
        var page = await manager.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));
        Assert.Contains($"data-reverse-credit=\"{credit.Id}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Charges to the customer", page, StringComparison.Ordinal);

        var noReason = await steps.Api.Post($"/api/v1/returns/{r.Id}/settlements/{credit.Id}/reversal", new { reason = "" });
        r = await steps.StepAsync(r, $"settlements/{credit.Id}/reversal", new ReverseCreditRequest("Counterfeit found after settlement"));
        var twice = await steps.Api.Post($"/api/v1/returns/{r.Id}/settlements/{credit.Id}/reversal", new ReverseCreditRequest("Again"));

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal(SettlementStatus.Reversed, r.Settlements![0].Status);
        Assert.Contains(r.Timeline, t => t.Event == nameof(StoreCreditReversed) && t.Note!.Contains("55.00 EUR taken back", StringComparison.Ordinal));
        Assert.Equal(0m, await BalanceAsync(steps, order.Customer.Email));

        // Spent credit cannot be taken back: refused, and nothing changes.
        var (spender, second) = await RequestAsync(app, steps, "storeCredit");
        second = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(second), "resolve");
        var hold = await (await steps.Api.Post("/api/v1/store-credit/holds", new CreditHoldRequest(spender.Customer.Email, "EUR", 40m, "ORDER-9"), Guid.NewGuid().ToString())).Read<HoldResponse>();
        await steps.Api.Post($"/api/v1/store-credit/holds/{hold.Id}/capture", new CaptureRequest(40m), Guid.NewGuid().ToString());
        var spent = await steps.Api.Post($"/api/v1/returns/{second.Id}/settlements/{second.Settlements![0].Id}/reversal", new ReverseCreditRequest("Too late"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, spent.StatusCode);
        Assert.Contains("credit.insufficient", await spent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SettlementStatus.Issued, (await steps.GetAsync(second.Id)).Settlements![0].Status);
        Assert.Equal(15m, await BalanceAsync(steps, spender.Customer.Email));
    }

    private static async Task<decimal> BalanceAsync(Lifecycle steps, string email) =>
        Assert.Single((await (await steps.Api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{email}", UriKind.Relative))).Read<StoreCreditResponse>()).Balances).Balance;

    [Fact]
    public async Task GiftCard_ItsCodeReachesTheCustomerOnly_AndSpendsItsValue()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        await PublishBonusPolicyAsync(app, 10m);
        var (order, r) = await RequestAsync(app, steps, "giftCard");

        r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(r), "resolve");

        Assert.Equal(ReturnStatus.Resolved, r.Status);
        var entry = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.GiftCard, 50m, 0m), (entry.Kind, entry.Amount, entry.Bonus));
        var inbox = await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject.Contains(r.Number, StringComparison.Ordinal) && CodeIn(m.HtmlText) is not null), "the gift card email");
        var code = inbox.Select(m => CodeIn(m.HtmlText)).First(c => c is not null)!;
        var card = await (await steps.Api.GetAsync(new Uri($"/api/v1/gift-cards/{Uri.EscapeDataString(code)}", UriKind.Relative))).Read<GiftCardResponse>();
        Assert.Equal(("EUR", 50m), (card.Currency, card.Balance));

        // Neither the kept copy of the email nor the outbox hold a spendable code.
        var kept = await app.WithScopeAsync<RetourDbContext, string>(db => db.SentEmails.Where(s => s.Kind == EmailKind.GiftCardGranted).Select(s => s.Html).SingleAsync());
        var outbox = await app.WithScopeAsync<RetourDbContext, List<string>>(db => db.OutboxMessages.Select(m => m.Payload).ToListAsync());
        Assert.DoesNotContain(code, kept, StringComparison.Ordinal);
        Assert.Contains("••••" + code[^4..], kept, StringComparison.Ordinal);
        Assert.DoesNotContain(outbox, p => p.Contains(code.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchange_OutOfStockAtSettlement_IsSettledInStoreCredit()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sent = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("SOCK-M", 50m, 5), Variant("SOCK-L", 50m, 1) },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("SOCK-M", 1, 50m));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "SOCK-L" } } }, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var r = await response.Read<ReturnResponse>();

        // The shop sold the last one before the hold was made (its catalogue now says none).
        await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new { variants = new object[] { Variant("SOCK-L", 50m, 0) } });
        r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(r), "resolve");

        var credit = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.StoreCredit, 50m), (credit.Kind, credit.Amount));
        Assert.Contains(r.Timeline, t => t.Note?.Contains("SOCK-L is out of stock, settled in store credit", StringComparison.Ordinal) == true);
        var account = await (await steps.Api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{order.Customer.Email}", UriKind.Relative))).Read<StoreCreditResponse>();
        Assert.Equal(50m, Assert.Single(account.Balances).Balance);
    }

    private static string? CodeIn(string html) => GiftCardCodePattern().Match(html) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]")]
    private static partial Regex GiftCardCodePattern();

    [GeneratedRegex(@"55[.,]00")]
    private static partial Regex AmountPattern();

    private static async Task PublishBonusPolicyAsync(RetourApp app, decimal bonus)
    {
        await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30) with
        {
            Resolutions = new ResolutionRules([Resolution.Refund, Resolution.StoreCredit, Resolution.GiftCard, Resolution.Exchange], StoreCreditBonusPercent: bonus),
        });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task<(OrderResponse Order, ReturnResponse Return)> RequestAsync(RetourApp app, Lifecycle steps, string resolution)
    {
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 50m));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution } } }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (order, await response.Read<ReturnResponse>());
    }

    private static object Variant(string sku, decimal price, int available) => ExchangeStockProbe.Variant(sku, "SOCK", "socks", price, available);
}

public sealed class SettlementTests_Sqlite(SqliteApp app) : SettlementTests(app), IClassFixture<SqliteApp>;

public sealed class SettlementTests_Postgres(PostgresApp app) : SettlementTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Inventory;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Exchanges;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Exchanges;

/// <summary>
/// Money from the customer's card through the charge worker and the simulator: instant exchanges (a hold placed, then
/// released by the first scan or taken when the return is not sent) and a dearer exchange's difference.
/// </summary>
public abstract class InstantExchangeTests(RetourApp fixture)
{
    [Fact]
    public async Task InstantExchange_ShipsOnceTheHoldIsPlaced_AndTheFirstScanGivesTheHoldBack()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        var (order, r) = await RequestInstantAsync(app, steps);

        r = await steps.StepAsync(r, "approve");
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Held }], "the hold placed");

        var entry = Assert.Single(r.Settlements!);
        Assert.True(entry.Instant);
        Assert.Equal((SettlementKind.Exchange, "BOOT-42", SettlementStatus.AwaitingFulfilment, 139m), (entry.Kind, entry.Sku, entry.Status, entry.Amount));
        var hold = r.Charges![0];
        Assert.Equal((ChargePurpose.InstantExchangeHold, 139m, "simulator"), (hold.Purpose, hold.Amount, hold.Provider));
        Assert.Equal(r.ShipBy, hold.CaptureAfter);
        Assert.True(r.ShipBy <= app.Now.AddDays(7));
        Assert.Contains(Simulator(app).Ledger.Values, x => x.Operation == "hold" && x.Amount == 139m);
        var created = await OutboxAsync(app, nameof(ExchangeCreated));
        Assert.Contains(created, p => p.Contains(r.Number, StringComparison.Ordinal) && p.Contains("\"instant\":true", StringComparison.Ordinal));
        await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject.Contains(r.Number, StringComparison.Ordinal) && m.HtmlText.Contains("is held on your card", StringComparison.Ordinal)), "the instant exchange email with the hold");

        // Staff see the hold once on the return's page, under the items to send.
        using var manager = await StaffSession.AsAsync(app, "manager@shop.test", StaffRoles.Manager);
        var page = await manager.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "Charges to the customer"));
        Assert.Contains("data-charge-status=\"Held\"", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("Charges to the customer", StringComparison.Ordinal) > page.IndexOf("items to send", StringComparison.Ordinal));

        // The shop's work list has it, ahead of the return, until it reports its order.
        var toSend = await steps.Api.GetFromJsonAsync<ItemsToSendResponse>(new Uri("/api/v1/items-to-send", UriKind.Relative), RetourApp.Json);
        var item = Assert.Single(toSend!.Items, i => i.ReturnNumber == r.Number);
        Assert.Equal((entry.Id, "BOOT-42", 1, true, order.Number), (item.EntryId, item.Sku, item.Quantity, item.Instant, item.OrderNumber));
        var badLimit = await steps.Api.GetAsync(new Uri("/api/v1/items-to-send?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);

        // The shop ships at once; then the customer's parcel is scanned: the hold is given back.
        await steps.StepAsync(r, $"settlements/{entry.Id}/fulfilment", new FulfilSettlementRequest("#7001"));
        var sentList = await steps.Api.GetFromJsonAsync<ItemsToSendResponse>(new Uri("/api/v1/items-to-send?status=fulfilled", UriKind.Relative), RetourApp.Json);
        Assert.Contains(sentList!.Items, i => i.EntryId == entry.Id && i.FulfilmentReference == "#7001");
        Assert.DoesNotContain((await steps.Api.GetFromJsonAsync<ItemsToSendResponse>(new Uri("/api/v1/items-to-send", UriKind.Relative), RetourApp.Json))!.Items, i => i.EntryId == entry.Id);
        r = await steps.StepAsync(r, "carrier-events", new CarrierEventRequest(CarrierEventKind.FirstScan, app.Now));
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Released }], "the hold released");
        Assert.Contains(Simulator(app).Ledger.Values, x => x.Operation == "released");
        Assert.DoesNotContain(Simulator(app).Ledger.Values, x => x.Operation is "captured" or "charge");

        // When it arrives, it settles as the exchange already sent: the cheaper boot's 10.00 back, no second boot.
        r = await steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        r = await steps.StepAsync(r, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));
        r = await steps.StepAsync(r, "resolve");
        Assert.Single(r.Settlements!);
        Assert.Equal(10m, Assert.Single(r.Refunds).Amount);
        Assert.Equal((0, ReservationStatus.Fulfilled), await ExchangeStockProbe.HeldAsync(app, "BOOT-42"));
    }

    [Fact]
    public async Task InstantExchange_NotSentByTheDeadline_TakesTheHold_AndKeepsTheItemPromised()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        var (order, r) = await RequestInstantAsync(app, steps);
        r = await steps.StepAsync(r, "approve");
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Held }], "the hold placed");

        app.Clock.Advance(r.ShipBy!.Value - app.Now + TimeSpan.FromMinutes(1));
        var sweep = await app.WithScopeAsync<ReturnDeadlines, DeadlineSweep>(d => d.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, sweep.Expired);
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Captured }], "the hold taken");
        Assert.Equal(ReturnStatus.Expired, r.Status);
        Assert.Contains(Simulator(app).Ledger.Values, x => x.Operation == "captured" && x.Amount == 139m);
        Assert.Contains(r.Timeline, t => t.Event == nameof(ChargeCaptured));
        await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject.Contains("charged to your card", StringComparison.Ordinal) && m.HtmlText.Contains("was not sent in time", StringComparison.Ordinal)), "the email saying the hold was charged");

        // The customer paid for the boot: it stays promised to them, not back on sale.
        await Task.Delay(200);
        Assert.Equal((1, ReservationStatus.Reserved), await ExchangeStockProbe.HeldAsync(app, "BOOT-42"));
    }

    [Fact]
    public async Task InstantExchange_WhoseCaptureFails_WaitsInTheChargeFailedQueue_UntilStaffChargeAgain()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var (_, r) = await RequestInstantAsync(app, steps);
        r = await steps.StepAsync(r, "approve");
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Held }], "the hold placed");

        // The bank let the hold lapse; the return is not sent, and taking the hold fails.
        await Simulator(app).ReleaseAsync(r.Charges![0].ProviderReference!, "lapsed-at-the-bank", CancellationToken.None);
        app.Clock.Advance(r.ShipBy!.Value - app.Now + TimeSpan.FromMinutes(1));
        await app.WithScopeAsync<ReturnDeadlines, DeadlineSweep>(d => d.RunOnceAsync(CancellationToken.None));
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Failed }], "the capture refused");
        Assert.True(r.Charges![0].NeedsFollowUp);
        Assert.Contains(r.Number, await steps.Api.GetStringAsync(new Uri("/api/v1/returns?queue=chargeFailed", UriKind.Relative)), StringComparison.Ordinal);

        var noNote = await steps.Api.Post($"/api/v1/returns/{r.Id}/charges/{r.Charges[0].Id}/follow-up", new { action = "retry", note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        r = await steps.StepAsync(r, $"charges/{r.Charges[0].Id}/follow-up", new FollowUpChargeRequest(ChargeFollowUp.Retry, "Customer agreed on the phone"));
        var twice = await steps.Api.Post($"/api/v1/returns/{r.Id}/charges/{r.Charges![0].Id}/follow-up", new FollowUpChargeRequest(ChargeFollowUp.Retry, "Again"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);

        r = await steps.WaitForAsync(r.Id, x => x.Charges is [_, { Status: ChargeStatus.Captured }], "charged again");
        Assert.Equal(139m, r.Charges![1].Amount);
        Assert.Single(Simulator(app).Ledger.Values, x => x.Operation == "captured");
        Assert.DoesNotContain(r.Number, await steps.Api.GetStringAsync(new Uri("/api/v1/returns?queue=chargeFailed", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstantExchange_WhoseHoldIsRefused_ShipsWhenTheReturnArrives()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var (_, r) = await RequestInstantAsync(app, steps, paidWith: "decline");

        r = await steps.StepAsync(r, "approve");
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Failed }], "the hold refused");

        Assert.Equal(SettlementStatus.Withdrawn, Assert.Single(r.Settlements!).Status);
        Assert.Contains(r.Timeline, t => t.Event == nameof(ChargeFailed) && t.Note!.Contains("nothing ships early", StringComparison.Ordinal));
        Assert.DoesNotContain(await OutboxAsync(app, nameof(ExchangeCreated)), p => p.Contains(r.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DearerExchange_TheDifferenceIsChargedToTheCard_BeforeTheShopIsTold()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        await CatalogAsync(steps, priceOf42: 159m);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-42" } } }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(await response.Read<ReturnResponse>()), "resolve");
        Assert.Equal(SettlementStatus.AwaitingPayment, Assert.Single(r.Settlements!).Status);
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Captured }], "the difference charged");

        var entry = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementStatus.AwaitingFulfilment, 10m, 0m), (entry.Status, entry.AmountCharged, entry.AmountDue));
        Assert.Equal((ChargePurpose.PriceDifference, 10m), (r.Charges![0].Purpose, r.Charges[0].Amount));
        Assert.Contains(Simulator(app).Ledger.Values, x => x.Operation == "charge" && x.Amount == 10m);
        var created = await OutboxAsync(app, nameof(ExchangeCreated));
        Assert.Contains(created, p => p.Contains(r.Number, StringComparison.Ordinal) && p.Contains("\"amountCharged\":10", StringComparison.Ordinal));
        Assert.Equal(ReturnStatus.Resolved, r.Status);
    }

    [Fact]
    public async Task InstantExchange_NotOfferedOrNoCardToHold_IsRefusedNamingTheField()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        await CatalogAsync(steps, priceOf42: 139m);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m));

        var notOffered = await RequestAsync(steps, order);
        await PublishInstantPolicyAsync(app);
        var manual = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m).PaidWith("manual"));
        var noCard = await RequestAsync(steps, manual);
        var notExchange = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "refund", instantExchange = true } } }, Guid.NewGuid().ToString());

        // The request's shape (400), then the rules of the policy and the payment (422).
        foreach (var (refused, status, rule) in new[] { (notOffered, HttpStatusCode.UnprocessableEntity, "instantNotOffered"), (noCard, HttpStatusCode.UnprocessableEntity, "instantNeedsCard"), (notExchange, HttpStatusCode.BadRequest, "Only for an exchange") })
        {
            Assert.Equal(status, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("lines[0].instantExchange", body, StringComparison.Ordinal);
            Assert.Contains(rule, body, StringComparison.Ordinal);
        }
    }

    private static SimulatorChargeProvider Simulator(RetourApp app) => app.Services.GetRequiredService<SimulatorChargeProvider>();

    private static Task<HttpResponseMessage> RequestAsync(Lifecycle steps, OrderResponse order) =>
        steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-42", instantExchange = true } } }, Guid.NewGuid().ToString());

    private static async Task<(OrderResponse Order, ReturnResponse Return)> RequestInstantAsync(RetourApp app, Lifecycle steps, string? paidWith = null)
    {
        await PublishInstantPolicyAsync(app);
        await CatalogAsync(steps, priceOf42: 139m);
        var bought = AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").ForCustomer("Ada Lovelace", "en-GB").WithLine("BOOT-40", 1, 149m);
        var order = await steps.ImportAsync(paidWith is null ? bought : bought.PaidWith("simulator", paidWith));
        var response = await RequestAsync(steps, order);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var r = await response.Read<ReturnResponse>();
        Assert.True(r.Lines[0].InstantExchange);
        return (order, r);
    }

    private static async Task PublishInstantPolicyAsync(RetourApp app)
    {
        await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30) with
        {
            Resolutions = new ResolutionRules([Resolution.Refund, Resolution.Exchange], InstantExchangeDays: 7),
        });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static async Task CatalogAsync(Lifecycle steps, decimal priceOf42)
    {
        var sent = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("BOOT-40", 149m, 2), Variant("BOOT-42", priceOf42, 1) },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
    }

    private static Task<List<string>> OutboxAsync(RetourApp app, string type) =>
        app.WithScopeAsync<RetourDbContext, List<string>>(db => db.OutboxMessages.Where(m => m.Type == type).Select(m => m.Payload).ToListAsync());

    private static object Variant(string sku, decimal price, int available) => ExchangeStockProbe.Variant(sku, "BOOT", "shoes", price, available);
}

public sealed class InstantExchangeTests_Sqlite(SqliteApp app) : InstantExchangeTests(app), IClassFixture<SqliteApp>;

public sealed class InstantExchangeTests_Postgres(PostgresApp app) : InstantExchangeTests(app), IClassFixture<PostgresApp>;

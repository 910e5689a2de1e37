using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Domain.Returns;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Exchanges;

/// <summary>Exchanges end to end: units held on approval, the settlement, the shop's replacement order, lapses.</summary>
public abstract class ExchangeTests(RetourApp fixture)
{
    [Fact]
    public async Task Exchange_HeldAtApproval_SettledWithTheDifferenceBack_AndHandedToTheShopsOrder()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var (order, r) = await RequestBootExchangeAsync(app, steps, stockOf42: 1);

        r = await steps.StepAsync(r, "approve");
        await WaitForHeldAsync(app, "BOOT-42", 1);

        // The last BOOT-42 is promised: nobody else is offered it.
        var second = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[1].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-42" } } }, "ex-second");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);

        r = await steps.StepAsync(r, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        r = await steps.StepAsync(r, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));
        r = await steps.StepAsync(r, "resolve");

        var exchange = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.Exchange, "BOOT-42", 1, 0m, SettlementStatus.AwaitingFulfilment), (exchange.Kind, exchange.Sku, exchange.Quantity, exchange.AmountDue, exchange.Status));
        Assert.Equal(10m, Assert.Single(r.Refunds).Amount);
        var created = await app.WithScopeAsync<RetourDbContext, List<string>>(db => db.OutboxMessages.Where(m => m.Type == nameof(ExchangeCreated)).Select(m => m.Payload).ToListAsync());
        Assert.Contains(created, p => p.Contains(r.Number, StringComparison.Ordinal) && p.Contains("BOOT-42", StringComparison.Ordinal));

        // The difference's refund is paid by the worker meanwhile; the shop reports its order once that is done.
        r = await steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "the difference refunded");
        var sent = await steps.StepAsync(r, $"settlements/{exchange.Id}/fulfilment", new FulfilSettlementRequest("#5001"));
        var again = await steps.StepAsync(r, $"settlements/{exchange.Id}/fulfilment", new FulfilSettlementRequest("#5001"));
        var other = await steps.Api.Post($"/api/v1/returns/{r.Id}/settlements/{exchange.Id}/fulfilment", new FulfilSettlementRequest("#6000"));

        Assert.Equal(("#5001", SettlementStatus.Fulfilled), (sent.Settlements![0].FulfilmentReference, sent.Settlements[0].Status));
        Assert.Single(again.Timeline, t => t.Event == nameof(ExchangeFulfilled));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal((0, ReservationStatus.Fulfilled), await ExchangeStockProbe.HeldAsync(app, "BOOT-42"));
    }

    [Fact]
    public async Task Exchange_WhenTheReturnIsCancelled_GivesTheUnitsBack()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var (_, r) = await RequestBootExchangeAsync(app, steps, stockOf42: 3);
        r = await steps.StepAsync(r, "approve");
        await WaitForHeldAsync(app, "BOOT-42", 1);

        await steps.StepAsync(r, "cancel", new { reason = "Changed my mind" });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await ExchangeStockProbe.HeldAsync(app, "BOOT-42")).Status != ReservationStatus.Released)
        {
            Assert.True(DateTime.UtcNow < deadline, "The hold was not released in 10 s.");
            await Task.Delay(50);
        }

        Assert.Equal(0, (await ExchangeStockProbe.HeldAsync(app, "BOOT-42")).Held);
    }

    [Fact]
    public async Task ReplacementChosenByStaff_HoldsTheUnitsAtSettlement_AndRefundsWhatIsOutOfStock()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var sent = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("BOOT-40", 149m, 1), Variant("BOOT-42", 139m, 0) },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m).WithLine("BOOT-42", 1, 139m));
        var r = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order, reason: "defective"));

        r = await steps.StepAsync(r, "resolve", new ResolveReturnRequest(Resolution.Replacement));

        // The last BOOT-40 is held for the replacement; BOOT-42 has none, so it is refunded.
        var replacement = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.Replacement, "BOOT-40"), (replacement.Kind, replacement.Sku));
        Assert.Equal((1, ReservationStatus.Reserved), await ExchangeStockProbe.HeldAsync(app, "BOOT-40"));
        Assert.Equal(139m, Assert.Single(r.Refunds).Amount);
    }

    [Fact]
    public async Task Resolve_WithAResolutionThatIsNotASettlement_NamesTheField()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var r = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(order));

        var refused = await steps.Api.Post($"/api/v1/returns/{r.Id}/resolve", new { resolution = "keepItem" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("\"resolution\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(OrderResponse Order, ReturnResponse Return)> RequestBootExchangeAsync(RetourApp app, Lifecycle steps, int stockOf42)
    {
        var sent = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("BOOT-40", 149m, 2), Variant("BOOT-42", 139m, stockOf42) },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m).WithLine("BOOT-40", 1, 149m));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-42" } } }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (order, await response.Read<ReturnResponse>());
    }

    private static async Task WaitForHeldAsync(RetourApp app, string sku, int units)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await ExchangeStockProbe.HeldAsync(app, sku)).Held != units)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{units} unit(s) of {sku} were not held in 10 s.");
            await Task.Delay(50);
        }
    }

    private static object Variant(string sku, decimal price, int available) => ExchangeStockProbe.Variant(sku, "BOOT", "shoes", price, available);
}

public sealed class ExchangeTests_Sqlite(SqliteApp app) : ExchangeTests(app), IClassFixture<SqliteApp>;

public sealed class ExchangeTests_Postgres(PostgresApp app) : ExchangeTests(app), IClassFixture<PostgresApp>;

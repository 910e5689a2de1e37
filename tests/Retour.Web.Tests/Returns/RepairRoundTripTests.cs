using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Returns;

/// <summary>A defective item repaired: settled as a repair, sent back with tracking the customer can follow, delivered.</summary>
public abstract class RepairRoundTripTests(RetourApp fixture)
{
    [Fact]
    public async Task Repair_IsTrackedFromTheWorkshopBackToTheCustomer()
    {
        using var app = Maildev.SendingTo(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(40, app.Now).ShippedTo("FR", "EUR").ForCustomer("Ada Lovelace", "en-GB").WithLine("KETTLE-STEEL", 1, 59m));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "defective", resolution = "repair", comment = "It stopped heating" } } }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(await response.Read<ReturnResponse>()), "resolve");
        var repair = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.Repair, "KETTLE-STEEL", SettlementStatus.AwaitingFulfilment), (repair.Kind, repair.Sku, repair.Status));
        Assert.Empty(r.Refunds);
        var portal = await PortalBrowser.ReturnPageAsync(app, order.Number, order.Customer.Email, r.Number);
        Assert.Contains("Your KETTLE-STEEL is being repaired", portal, StringComparison.Ordinal);

        // The workshop takes it (its job number), then ships it back with tracking the customer can follow.
        var early = await steps.Api.Post($"/api/v1/returns/{r.Id}/settlements/{repair.Id}/delivery", new { });
        r = await steps.StepAsync(r, $"settlements/{repair.Id}/fulfilment", new FulfilSettlementRequest("WS-1042"));
        r = await steps.StepAsync(r, $"settlements/{repair.Id}/fulfilment", new FulfilSettlementRequest("WS-1042", "colissimo", "6A00112233"));
        var other = await steps.Api.Post($"/api/v1/returns/{r.Id}/settlements/{repair.Id}/fulfilment", new FulfilSettlementRequest("WS-2000", "colissimo", "6A99"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal((SettlementStatus.Fulfilled, "WS-1042", "colissimo", "6A00112233"), (r.Settlements![0].Status, r.Settlements[0].FulfilmentReference, r.Settlements[0].Carrier, r.Settlements[0].TrackingNumber));
        var inbox = await Maildev.WaitForAsync(order.Customer.Email, mails => mails.Any(m => m.Subject.Contains("repaired item", StringComparison.Ordinal)), "the repaired item's shipping email");
        Assert.Single(inbox, m => m.Subject.Contains("repaired item", StringComparison.Ordinal) && m.HtmlText.Contains("6A00112233", StringComparison.Ordinal));
        Assert.Contains("6A00112233 (colissimo)", await PortalBrowser.ReturnPageAsync(app, order.Number, order.Customer.Email, r.Number), StringComparison.Ordinal);

        r = await steps.StepAsync(r, $"settlements/{repair.Id}/delivery");
        var again = await steps.StepAsync(r, $"settlements/{repair.Id}/delivery");
        Assert.Equal(SettlementStatus.Delivered, again.Settlements![0].Status);
        Assert.Equal(app.Now, again.Settlements[0].DeliveredAt);
        Assert.Single(again.Timeline, t => t.Event == nameof(ExchangeDelivered));
        Assert.Contains("KETTLE-STEEL delivered on", await PortalBrowser.ReturnPageAsync(app, order.Number, order.Customer.Email, r.Number), StringComparison.Ordinal);
    }
}

public sealed class RepairRoundTripTests_Sqlite(SqliteApp app) : RepairRoundTripTests(app), IClassFixture<SqliteApp>;

public sealed class RepairRoundTripTests_Postgres(PostgresApp app) : RepairRoundTripTests(app), IClassFixture<PostgresApp>;

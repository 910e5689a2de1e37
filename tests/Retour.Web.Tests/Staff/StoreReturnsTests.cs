using System.Net;
using System.Net.Http.Json;
using Retour.Domain.Returns;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Staff;

/// <summary>Buy online, return in store: a store associate takes items back at the counter, with or without a receipt.</summary>
public abstract class StoreReturnsTests(RetourApp fixture)
{
    [Fact]
    public async Task ReceiptLess_TheAssociateFindsTheOrderByThePaymentId_TakesTheItemBack_AndItEntersTheStoresStock()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("JACKET-M", 1, 129m).WithLine("SCARF-RED", 1, 35m));
        using var associate = await StaffSession.AsAsync(app, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");
        var search = $"/backoffice/store?q={Uri.EscapeDataString(order.Payments[0].TransactionId)}";
        var page = await associate.GetStringAsync(new Uri(search, UriKind.Relative));
        Assert.Contains("data-outcome=\"Eligible\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"STORE-PARIS\"", page, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["order"] = order.Id.ToString(),
            ["Store"] = "STORE-PARIS",
            ["Key"] = Guid.NewGuid().ToString(),
            ["Items[0].OrderLineId"] = order.Lines[0].Id.ToString(),
            ["Items[0].Quantity"] = "1",
            ["Items[0].ReasonCode"] = "too-small",
            ["Items[0].Grade"] = "New",
            ["Items[0].Fault"] = "None",
            ["Items[0].Disposition"] = "Restock",
            ["Items[1].OrderLineId"] = order.Lines[1].Id.ToString(),
            ["Items[1].Quantity"] = "0",
        };

        var taken = await StaffSession.PostFormAsync(associate, search, new(fields), "/backoffice/store");
        var again = await StaffSession.PostFormAsync(associate, search, new(fields), "/backoffice/store");

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(taken.Headers.Location, again.Headers.Location);
        var number = taken.Headers.Location!.OriginalString.Split('/')[^1];
        var r = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Read<ReturnResponse>();
        Assert.Equal((ReturnChannel.Store, Domain.Policies.ReturnMethod.InStore), (r.Channel, r.Method));
        Assert.Equal(129m + 0m, Assert.Single(r.Refunds).Amount);
        await steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "refunded");
        var stock = await (await steps.Api.GetAsync(new Uri("/api/v1/stock?sku=JACKET-M&location=STORE-PARIS", UriKind.Relative))).Read<StockLevelPage>();
        Assert.Equal(1, Assert.Single(stock.Items).Available);
        Assert.Contains(await StaffSession.AuditAsync(app), a => a.Action == "return.takenBackInStore" && a.Target == number && a.Details == "store STORE-PARIS");
    }

    [Fact]
    public async Task StoreCredit_AtTheCounter_LandsOnTheCustomersAccount_AndNothingGoesToThePayment()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("JACKET-M", 1, 129m));
        using var associate = await StaffSession.AsAsync(app, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");
        var taken = await TakeBackAsync(associate, order, null, "StoreCredit");

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var number = taken.Headers.Location!.OriginalString.Split('/')[^1];
        var r = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Read<ReturnResponse>();
        Assert.Equal(ReturnStatus.Resolved, r.Status);
        Assert.Empty(r.Refunds);
        Assert.Equal((SettlementKind.StoreCredit, 129m), (Assert.Single(r.Settlements!).Kind, r.Settlements![0].Amount));
        var account = await (await steps.Api.GetAsync(new Uri($"/api/v1/store-credit/accounts/{order.Customer.Email}", UriKind.Relative))).Read<Features.StoreCredit.StoreCreditResponse>();
        Assert.Equal(129m, Assert.Single(account.Balances).Balance);
    }

    [Fact]
    public async Task Swap_AtTheCounter_HandsOverAnotherSizeFromTheStoresShelf_AndTakesTheReturnedOneIn()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var catalogue = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new[] { Jacket("JACKET-M"), Jacket("JACKET-L") },
        });
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
        using var associate = await StaffSession.AsAsync(app, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");

        // A large jacket came back to this store earlier: it is on its shelf.
        var earlier = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("JACKET-L", 1, 129m));
        Assert.Equal(HttpStatusCode.Redirect, (await TakeBackAsync(associate, earlier, null)).StatusCode);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("JACKET-M", 1, 129m));
        var page = await associate.GetStringAsync(new Uri($"/backoffice/store?q={order.Number}&order={order.Id}&Store=STORE-PARIS", UriKind.Relative));
        Assert.Contains("JACKET-L (1 on the shelf)", page, StringComparison.Ordinal);

        var taken = await TakeBackAsync(associate, order, "JACKET-L");

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var number = taken.Headers.Location!.OriginalString.Split('/')[^1];
        var r = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Read<ReturnResponse>();
        Assert.Equal(ReturnStatus.Resolved, r.Status);
        Assert.Empty(r.Refunds);
        var swap = Assert.Single(r.Settlements!);
        Assert.Equal((SettlementKind.Exchange, "JACKET-L", SettlementStatus.Fulfilled, "handed over at STORE-PARIS"), (swap.Kind, swap.Sku, swap.Status, swap.FulfilmentReference));
        var stock = await (await steps.Api.GetAsync(new Uri("/api/v1/stock?location=STORE-PARIS", UriKind.Relative))).Read<StockLevelPage>();
        Assert.Equal(0, stock.Items.Single(l => l.Sku == "JACKET-L").Available);
        Assert.Equal(1, stock.Items.Single(l => l.Sku == "JACKET-M").Available);

        // The shelf is empty now: a second swap of that size is refused and takes nothing.
        var next = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("JACKET-M", 1, 129m));
        var refused = await TakeBackAsync(associate, next, "JACKET-L");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("JACKET-L: 1 wanted, 0 available at STORE-PARIS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static object Jacket(string sku) =>
        new { sku, productCode = "JACKET", title = sku, attributes = new Dictionary<string, string>(), category = "coats", price = 129m, currency = "EUR", available = 5 };

    private static Task<HttpResponseMessage> TakeBackAsync(HttpClient associate, Features.Orders.OrderResponse order, string? swap, string settle = "Refund") =>
        StaffSession.PostFormAsync(associate, $"/backoffice/store?q={order.Number}", new()
        {
            ["order"] = order.Id.ToString(),
            ["Store"] = "STORE-PARIS",
            ["Key"] = Guid.NewGuid().ToString(),
            ["Items[0].OrderLineId"] = order.Lines[0].Id.ToString(),
            ["Items[0].Quantity"] = "1",
            ["Items[0].ReasonCode"] = "too-small",
            ["Items[0].Grade"] = "New",
            ["Items[0].Fault"] = "None",
            ["Items[0].Disposition"] = "Restock",
            ["Items[0].ExchangeSku"] = swap ?? string.Empty,
            ["Settle"] = settle,
        }, "/backoffice/store");

    [Fact]
    public async Task OutOfWindow_TheCounterSaysWhy_AndTakesNothing()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(120, app.Now).WithLine("JACKET-M", 1, 129m));
        using var associate = await StaffSession.AsAsync(app, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");
        var search = $"/backoffice/store?q={order.Number}";

        var refused = await StaffSession.PostFormAsync(associate, search, new()
        {
            ["order"] = order.Id.ToString(),
            ["Store"] = "STORE-PARIS",
            ["Key"] = Guid.NewGuid().ToString(),
            ["Items[0].OrderLineId"] = order.Lines[0].Id.ToString(),
            ["Items[0].Quantity"] = "1",
            ["Items[0].ReasonCode"] = "changed-mind",
            ["Items[0].Grade"] = "New",
        }, "/backoffice/store");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("JACKET-M", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative))).Read<ReturnPage>();
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task StoreCounter_IsRefusedToAgentsAndWarehouseStaff()
    {
        using var app = new RetourApp(fixture.Provider);
        using var agent = await StaffSession.AsAsync(app, "al@shop.test", StaffRoles.Agent);
        using var warehouse = await StaffSession.AsAsync(app, "dock@shop.test", StaffRoles.Warehouse);

        foreach (var who in new[] { agent, warehouse })
        {
            var page = await who.GetAsync(new Uri("/backoffice/store", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/backoffice/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }
}

public sealed class StoreReturnsTests_Sqlite(SqliteApp app) : StoreReturnsTests(app), IClassFixture<SqliteApp>;

public sealed class StoreReturnsTests_Postgres(PostgresApp app) : StoreReturnsTests(app), IClassFixture<PostgresApp>;

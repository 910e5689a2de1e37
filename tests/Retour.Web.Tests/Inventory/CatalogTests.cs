using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Inventory;

/// <summary>The shop's catalogue and stock, and exchanges asked for through the API.</summary>
public abstract class CatalogTests(RetourApp fixture)
{
    [Fact]
    public async Task UpdateCatalog_WhenOneVariantBreaksARule_SavesNoneAndNamesTheField()
    {
        using var app = new RetourApp(fixture.Provider);

        var refused = await app.Api().PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("CAP-RED", "CAP", 20m, 3), Variant("CAP-BLUE", "CAP", -1m, 3) },
        });
        var missing = await app.Api().GetAsync(new Uri("/api/v1/catalog/variants/CAP-RED", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("variants[1].price", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task RequestReturn_AskingForAnExchange_KeepsTheVariantAndTheQuotedDifferenceOrRefusesWhatIsNotOnOffer()
    {
        using var app = new RetourApp(fixture.Provider);
        var api = app.Api();
        var sent = await api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[] { Variant("BOOT-40", "BOOT", 149m, 2), Variant("BOOT-42", "BOOT", 139m, 1), Variant("BOOT-44", "BOOT", 149m, 0) },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var order = await new Lifecycle(app).ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m));
        var line = order.Lines[0].Id;

        var soldOut = await api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = line, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-44" } } }, "ex-1");
        var noSku = await api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = line, quantity = 1, reasonCode = "too-small", resolution = "exchange" } } }, "ex-2");
        var accepted = await api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = line, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = "BOOT-42" } } }, "ex-3");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, soldOut.StatusCode);
        Assert.Contains("return.exchange.unavailable", await soldOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noSku.StatusCode);
        Assert.Contains("lines[0].exchangeSku", await noSku.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var body = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
        var returned = body.RootElement.GetProperty("lines")[0];
        Assert.Equal("BOOT-42", returned.GetProperty("exchangeSku").GetString());
        Assert.Equal(-10m, returned.GetProperty("exchangePriceDifference").GetDecimal());
    }

    private static object Variant(string sku, string product, decimal price, int available) =>
        new { sku, productCode = product, title = sku, attributes = new Dictionary<string, string>(), category = "shoes", price, currency = "EUR", available };
}

public sealed class CatalogTests_Sqlite(SqliteApp app) : CatalogTests(app), IClassFixture<SqliteApp>;

public sealed class CatalogTests_Postgres(PostgresApp app) : CatalogTests(app), IClassFixture<PostgresApp>;

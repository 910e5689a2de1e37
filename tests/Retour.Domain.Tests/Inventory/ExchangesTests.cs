using Retour.Domain.Inventory;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Inventory;

public sealed class ExchangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_AVariantOfTheSameProduct_OffersWhatIsInStockInTheOrdersCurrencyWithThePriceDifference()
    {
        var order = AnOrder.DeliveredDaysAgo(3, Now).WithLine("TEE-M", 1, 20m, 4m).Build();
        var catalogue = new[]
        {
            Variant("TEE-M", "TEE", 24m), Variant("TEE-L", "TEE", 24m), Variant("TEE-XL", "TEE", 27.5m),
            Variant("TEE-S", "TEE", 24m, available: 0), Variant("TEE-XS", "TEE", 24m, currency: "GBP"), Variant("MUG-BLUE", "MUG", 18m),
        };

        var options = Exchanges.For(order.Lines[0], 24m, "EUR", catalogue);

        Assert.Equal(["TEE-L", "TEE-XL"], options.Select(o => o.Variant.Sku));
        Assert.Equal([0m, 3.5m], options.Select(o => o.PriceDifference));
        Assert.All(options, o => Assert.True(o.SameProduct));
    }

    [Fact]
    public void For_AnotherProductOfTheSameCategory_ComesAfterTheSameProductAndCanGiveMoneyBack()
    {
        var line = AnOrder.DeliveredDaysAgo(3, Now).WithLine("TEE-M", 1, 24m).Build().Lines[0];
        var catalogue = new[] { Variant("TEE-M", "TEE", 24m, "apparel"), Variant("SHIRT-M", "SHIRT", 19m, "apparel"), Variant("TEE-L", "TEE", 26m, "apparel"), Variant("MUG-BLUE", "MUG", 18m, "home") };

        var options = Exchanges.For(line, 24m, "EUR", catalogue);

        Assert.Equal(["TEE-L", "SHIRT-M"], options.Select(o => o.Variant.Sku));
        Assert.Equal((-5m, false), (options[1].PriceDifference, options[1].SameProduct));
    }

    [Fact]
    public void Create_WithANegativePriceOrAnUnknownCurrencyOrNegativeStock_SaysWhichField()
    {
        Assert.Equal("price", CatalogVariant.Create("A", "A", "A", null, null, -1m, "EUR", 1, Now).Result.Errors[0].Target);
        Assert.Equal("currency", CatalogVariant.Create("A", "A", "A", null, null, 1m, "EURO", 1, Now).Result.Errors[0].Target);
        Assert.Equal("price", CatalogVariant.Create("A", "A", "A", null, null, 1.001m, "EUR", 1, Now).Result.Errors[0].Target);
        Assert.Equal("available", CatalogVariant.Create("A", "A", "A", null, null, 1m, "EUR", -1, Now).Result.Errors[0].Target);
    }

    private static CatalogVariant Variant(string sku, string product, decimal price, string? category = null, int available = 5, string currency = "EUR") =>
        CatalogVariant.Create(sku, product, sku, null, category, price, currency, available, Now).Variant!;
}

using Retour.Domain.Orders;

namespace Retour.Domain.Inventory;

/// <summary>A variant a returned item can be exchanged for, and what the shopper pays (positive) or gets back (negative) per unit.</summary>
public sealed record ExchangeOption(CatalogVariant Variant, decimal PriceDifference, bool SameProduct);

/// <summary>
/// What an item can be exchanged for: another size or colour of the same product, or another product of the same
/// category, in stock and sold in the order's currency. The difference is the variant's price today against what
/// the shopper paid for one unit, tax included.
/// </summary>
public static class Exchanges
{
    /// <summary>The options for <paramref name="line"/>, same product first, then by price difference.</summary>
    public static IReadOnlyList<ExchangeOption> For(OrderLine line, decimal unitPaid, string currency, IEnumerable<CatalogVariant> catalogue)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(catalogue);
        var all = catalogue.ToList();
        var product = all.FirstOrDefault(v => v.Sku == line.Sku)?.ProductCode;
        return [.. all
            .Where(v => v.Sku != line.Sku && v.Sellable > 0 && v.Currency == currency)
            .Where(v => (product is not null && v.ProductCode == product) || (line.Category is not null && v.Category == line.Category))
            .Select(v => new ExchangeOption(v, Money.Currency.Round(v.Price - unitPaid, currency), v.ProductCode == product))
            .OrderByDescending(o => o.SameProduct)
            .ThenBy(o => Math.Abs(o.PriceDifference))
            .ThenBy(o => o.Variant.Sku, StringComparer.Ordinal)];
    }
}

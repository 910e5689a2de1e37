namespace Retour.Domain.Inventory;

/// <summary>
/// One sellable variant of the shop's catalogue as the shop last sent it: its product, options (size, colour…),
/// price to shoppers including tax, and how many can be sold now. Exchanges are offered from it.
/// </summary>
public sealed class CatalogVariant
{
    private CatalogVariant(string sku, string productCode, string title, IReadOnlyDictionary<string, string> attributes, string? category, decimal price, string currency, int available, DateTimeOffset updatedAt)
    {
        Sku = sku;
        ProductCode = productCode;
        Title = title;
        Attributes = attributes;
        Category = category;
        Price = price;
        Currency = currency;
        Available = available;
        UpdatedAt = updatedAt;
    }

    /// <summary>The variant's SKU, unique in the shop.</summary>
    public string Sku { get; private set; }

    /// <summary>The product the variant belongs to: variants of one product can be swapped for each other.</summary>
    public string ProductCode { get; private set; }

    /// <summary>The name shoppers see.</summary>
    public string Title { get; private set; }

    /// <summary>Options that tell the variant apart, e.g. size M, colour navy.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; private set; }

    /// <summary>The product's category.</summary>
    public string? Category { get; private set; }

    /// <summary>Price to shoppers, tax included, in <see cref="Currency"/>.</summary>
    public decimal Price { get; private set; }

    /// <summary>ISO currency of the price.</summary>
    public string Currency { get; private set; }

    /// <summary>Units that can be promised now.</summary>
    public int Available { get; private set; }

    /// <summary>When the shop last sent it.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A variant as the shop sends it, or the rule it breaks.</summary>
    public static (CatalogVariant? Variant, Result Result) Create(string sku, string productCode, string title, IReadOnlyDictionary<string, string>? attributes, string? category, decimal price, string currency, int available, DateTimeOffset at)
    {
        var check = Check(price, currency, available);
        return check.IsSuccess
            ? (new CatalogVariant(sku.Trim(), productCode.Trim(), title.Trim(), attributes ?? new Dictionary<string, string>(), category, price, currency, available, at), check)
            : (null, check);
    }

    /// <summary>Takes the shop's latest values.</summary>
    public Result Update(string productCode, string title, IReadOnlyDictionary<string, string>? attributes, string? category, decimal price, string currency, int available, DateTimeOffset at)
    {
        var check = Check(price, currency, available);
        if (!check.IsSuccess)
        {
            return check;
        }

        (ProductCode, Title, Attributes, Category, Price, Currency, Available, UpdatedAt) =
            (productCode.Trim(), title.Trim(), attributes ?? new Dictionary<string, string>(), category, price, currency, available, at);
        return check;
    }

    private static Result Check(decimal price, string currency, int available) =>
        price < 0 ? Result.Fail("catalog.price.negative", "A price cannot be negative.", "price")
        : !Money.Currency.IsWellFormed(currency) ? Result.Fail("catalog.currency.invalid", "Give the price's ISO 4217 currency, e.g. EUR.", "currency")
        : !Money.Currency.IsInMinorUnits(price, currency) ? Result.Fail("catalog.price.precision", $"The price has more decimals than {currency} has.", "price")
        : available < 0 ? Result.Fail("catalog.available.negative", "Units available cannot be negative.", "available")
        : Result.Ok();
}

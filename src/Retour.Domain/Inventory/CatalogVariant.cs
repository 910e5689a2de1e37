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

    /// <summary>
    /// Units Retour has promised to approved exchanges and replacements and the shop has not yet turned into orders;
    /// kept apart from <see cref="Available"/>, which the shop overwrites each time it sends the variant.
    /// </summary>
    public int ReservedForExchanges { get; private set; }

    /// <summary>Units that can still be offered as an exchange: available less what exchanges hold.</summary>
    public int Sellable => Math.Max(0, Available - ReservedForExchanges);

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

    /// <summary>Holds units for an exchange or replacement; refused when fewer are sellable.</summary>
    public Result Reserve(int quantity)
    {
        if (quantity < 1 || quantity > Sellable)
        {
            return Result.Fail("stock.exchange.unavailable", $"{Sku}: {quantity} wanted, {Sellable} can be promised.", "quantity");
        }

        ReservedForExchanges += quantity;
        return Result.Ok();
    }

    /// <summary>Gives back units held for an exchange (it lapsed, or the shop's order now holds them).</summary>
    public void Release(int quantity) => ReservedForExchanges = Math.Max(0, ReservedForExchanges - Math.Max(0, quantity));

    private static Result Check(decimal price, string currency, int available) =>
        price < 0 ? Result.Fail("catalog.price.negative", "A price cannot be negative.", "price")
        : !Money.Currency.IsWellFormed(currency) ? Result.Fail("catalog.currency.invalid", "Give the price's ISO 4217 currency, e.g. EUR.", "currency")
        : !Money.Currency.IsInMinorUnits(price, currency) ? Result.Fail("catalog.price.precision", $"The price has more decimals than {currency} has.", "price")
        : available < 0 ? Result.Fail("catalog.available.negative", "Units available cannot be negative.", "available")
        : Result.Ok();
}

using Retour.Domain.Returns;

namespace Retour.Web.Features.Import;

/// <summary>
/// A return that happened before Retour, imported from the shop's history (a credit note of the Online Retail file):
/// closed from the start, with its real date and units. It is a record for analytics, never a case to work on: it
/// moves no money, no stock and sends no email, which is why it is not a <see cref="ReturnCase"/> (see decision 0017).
/// </summary>
public sealed class HistoricalReturn
{
    private readonly List<HistoricalReturnLine> _lines = [];

    private HistoricalReturn()
    {
        ShopReturnId = CurrencyCode = Country = Source = string.Empty;
    }

    /// <summary>Creates a closed historical return.</summary>
    public HistoricalReturn(Guid id, string shopReturnId, string? customerEmail, string country, string currencyCode, DateTimeOffset returnedAt, string source, DateTimeOffset importedAt)
    {
        Id = id;
        ShopReturnId = shopReturnId;
        CustomerEmail = customerEmail;
        Country = country;
        CurrencyCode = currencyCode;
        ReturnedAt = returnedAt;
        Source = source;
        ImportedAt = importedAt;
        Status = ReturnStatus.Closed;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The shop's id of the return (the credit note's number), unique: importing it again changes nothing.</summary>
    public string ShopReturnId { get; private set; }

    /// <summary>The customer's email, or null when the shop recorded no customer.</summary>
    public string? CustomerEmail { get; private set; }

    /// <summary>ISO 3166 alpha-2 code of the customer's country (<c>ZZ</c> when unknown).</summary>
    public string Country { get; private set; }

    /// <summary>ISO 4217 currency of the amounts.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>When the goods came back (the credit note's date), UTC.</summary>
    public DateTimeOffset ReturnedAt { get; private set; }

    /// <summary>Always <see cref="ReturnStatus.Closed"/>: history is final.</summary>
    public ReturnStatus Status { get; private set; }

    /// <summary>Where the record came from, e.g. <c>online-retail-csv</c>.</summary>
    public string Source { get; private set; }

    /// <summary>When it was imported.</summary>
    public DateTimeOffset ImportedAt { get; private set; }

    /// <summary>The products returned.</summary>
    public IReadOnlyList<HistoricalReturnLine> Lines => _lines;

    /// <summary>Adds a returned product.</summary>
    public void Add(HistoricalReturnLine line) => _lines.Add(line);
}

/// <summary>A product on a historical return, matched to the purchase it came from when one was found.</summary>
public sealed class HistoricalReturnLine
{
    private HistoricalReturnLine()
    {
        ShopLineId = Sku = Title = string.Empty;
    }

    /// <summary>Creates a line.</summary>
    public HistoricalReturnLine(Guid id, int position, string shopLineId, string sku, string title, int quantity, decimal unitPrice, Guid? orderId, Guid? orderLineId, int matchedQuantity)
    {
        Id = id;
        Position = position;
        ShopLineId = shopLineId;
        Sku = sku;
        Title = title;
        Quantity = quantity;
        UnitPrice = unitPrice;
        OrderId = orderId;
        OrderLineId = orderLineId;
        MatchedQuantity = matchedQuantity;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Where the line stands on the return, from 0.</summary>
    public int Position { get; private set; }

    /// <summary>The shop's id of the line (for a CSV, its line number in the file).</summary>
    public string ShopLineId { get; private set; }

    /// <summary>Stock keeping unit.</summary>
    public string Sku { get; private set; }

    /// <summary>Product title.</summary>
    public string Title { get; private set; }

    /// <summary>Units returned (positive), as the credit note says.</summary>
    public int Quantity { get; private set; }

    /// <summary>Price credited per unit.</summary>
    public decimal UnitPrice { get; private set; }

    /// <summary>The order the units were bought on, when the purchase was found.</summary>
    public Guid? OrderId { get; private set; }

    /// <summary>The order line the units were bought on, when the purchase was found.</summary>
    public Guid? OrderLineId { get; private set; }

    /// <summary>
    /// Units matched to <see cref="OrderLineId"/>: at most what that purchase still had after earlier returns. The rest
    /// (<see cref="Quantity"/> minus this) came back without a receipt; all of it when no purchase was found.
    /// </summary>
    public int MatchedQuantity { get; private set; }
}

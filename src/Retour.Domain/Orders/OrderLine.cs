namespace Retour.Domain.Orders;

/// <summary>One product line of an order.</summary>
public sealed class OrderLine
{
    private OrderLine()
    {
        ShopLineId = Sku = Title = string.Empty;
        Attributes = new Dictionary<string, string>();
        Tags = [];
        SerialNumbers = [];
    }

    internal OrderLine(Guid id, int position, OrderLineSnapshot s)
        : this()
    {
        Id = id;
        Position = position;
        ShopLineId = s.ShopLineId;
        Update(s);
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Where the line stands on the order, from 0; amounts are split over lines in this order.</summary>
    public int Position { get; private set; }

    /// <summary>The shop's id of the line within the order.</summary>
    public string ShopLineId { get; private set; }

    /// <summary>Stock keeping unit.</summary>
    public string Sku { get; private set; }

    /// <summary>Product title as sold.</summary>
    public string Title { get; private set; }

    /// <summary>Variant attributes such as size and colour.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; private set; }

    /// <summary>Product category.</summary>
    public string? Category { get; private set; }

    /// <summary>Tags that rules read: final-sale, perishable, personalised, hygiene-sealed, serialised…</summary>
    public IReadOnlyList<string> Tags { get; private set; }

    /// <summary>Units bought.</summary>
    public int Quantity { get; private set; }

    /// <summary>Price paid per unit, after line discounts, before tax.</summary>
    public decimal UnitPricePaid { get; private set; }

    /// <summary>Tax paid per unit.</summary>
    public decimal UnitTax { get; private set; }

    /// <summary>Serial numbers shipped, for serialised goods.</summary>
    public IReadOnlyList<string> SerialNumbers { get; private set; }

    /// <summary>The supplier, for vendor claims.</summary>
    public string? Supplier { get; private set; }

    /// <summary>The Harmonized System code customs classify the product by (6 to 10 digits), when the shop sent it.</summary>
    public string? HsCode { get; private set; }

    /// <summary>Where the product was made (ISO 3166 alpha-2), for a customs declaration, when the shop sent it.</summary>
    public string? CountryOfOrigin { get; private set; }

    /// <summary>True when the line carries the tag (case-insensitive).</summary>
    public bool HasTag(string tag) => Tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));

    internal void Update(OrderLineSnapshot s)
    {
        Sku = s.Sku;
        Title = s.Title;
        Attributes = new Dictionary<string, string>(s.Attributes);
        Category = s.Category;
        Tags = [.. s.Tags];
        Quantity = s.Quantity;
        UnitPricePaid = s.UnitPricePaid;
        UnitTax = s.UnitTax;
        SerialNumbers = [.. s.SerialNumbers];
        Supplier = s.Supplier;
        HsCode = s.HsCode;
        CountryOfOrigin = s.CountryOfOrigin;
    }
}

/// <summary>A parcel sent to the buyer, with the lines it carried.</summary>
public sealed class Shipment
{
    private Shipment()
    {
        Items = [];
    }

    internal Shipment(Guid id, ShipmentSnapshot s)
    {
        Id = id;
        Carrier = s.Carrier;
        TrackingNumber = s.TrackingNumber;
        ShippedAt = s.ShippedAt;
        DeliveredAt = s.DeliveredAt;
        Items = [.. s.Items];
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Carrier name.</summary>
    public string? Carrier { get; private set; }

    /// <summary>Carrier's tracking number.</summary>
    public string? TrackingNumber { get; private set; }

    /// <summary>When the parcel left.</summary>
    public DateTimeOffset? ShippedAt { get; private set; }

    /// <summary>When the buyer took possession.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Which lines and how many units the parcel carried.</summary>
    public IReadOnlyList<ShipmentItem> Items { get; private set; }
}

/// <summary>Units of one order line in one shipment.</summary>
public sealed record ShipmentItem(string ShopLineId, int Quantity);

/// <summary>Payment methods a tender can have.</summary>
public enum TenderMethod
{
    /// <summary>Payment card.</summary>
    Card,

    /// <summary>PayPal.</summary>
    PayPal,

    /// <summary>Amazon Pay.</summary>
    AmazonPay,

    /// <summary>The shop's gift card.</summary>
    GiftCard,

    /// <summary>The shop's store credit.</summary>
    StoreCredit,

    /// <summary>Cash at a till.</summary>
    Cash,

    /// <summary>Bank transfer.</summary>
    BankTransfer,
}

/// <summary>One payment on an order; refunds are allocated across tenders and never exceed what each captured.</summary>
public sealed class Tender
{
    /// <summary>The most Amazon Pay lets a refund exceed the capture by, in USD, GBP or EUR.</summary>
    public const decimal AmazonPayAllowanceCap = 75m;

    private Tender()
    {
        Provider = TransactionId = string.Empty;
    }

    internal Tender(Guid id, TenderSnapshot s)
    {
        Id = id;
        Provider = TransactionId = string.Empty;
        Update(s);
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>How it was paid.</summary>
    public TenderMethod Method { get; private set; }

    /// <summary>The payment provider that holds the money (stripe, adyen, manual, simulator…).</summary>
    public string Provider { get; private set; }

    /// <summary>The provider's id of the payment; refunds are made against it.</summary>
    public string TransactionId { get; private set; }

    /// <summary>Amount captured.</summary>
    public decimal Captured { get; private set; }

    /// <summary>When it was captured.</summary>
    public DateTimeOffset? CapturedAt { get; private set; }

    /// <summary>
    /// The provider's customer the card is saved under (Stripe <c>cus_…</c>), when the shop sends it: lets Retour
    /// charge a dearer exchange's difference or hold an instant exchange on the same card.
    /// </summary>
    public string? CustomerReference { get; private set; }

    /// <summary>Sum of the refunds recorded against this payment and not failed.</summary>
    public decimal Refunded { get; private set; }

    /// <summary>What can still be refunded to this payment within what it captured.</summary>
    public decimal Refundable => Math.Max(0m, Captured - Refunded);

    /// <summary>
    /// How far above its capture a refund may go on this payment: for Amazon Pay in USD, GBP or EUR, the lesser of
    /// 15 % of the captured amount (rounded down to the cent) and 75 (Amazon Pay API v2, Create Refund,
    /// <c>refundAmount</c>); nothing for any other payment or currency.
    /// </summary>
    public decimal Allowance(string currency) =>
        Method == TenderMethod.AmazonPay && currency is "USD" or "GBP" or "EUR"
            ? Math.Min(Math.Floor(Captured * 15m) / 100m, AmazonPayAllowanceCap)
            : 0m;

    /// <summary>What can still be refunded to this payment when its allowance above the capture may be used.</summary>
    public decimal RefundableWithAllowance(string currency) => Math.Max(0m, Captured + Allowance(currency) - Refunded);

    internal void Update(TenderSnapshot s)
    {
        Method = s.Method;
        Provider = s.Provider;
        TransactionId = s.TransactionId;
        Captured = s.Captured;
        CapturedAt = s.CapturedAt;
        CustomerReference = string.IsNullOrWhiteSpace(s.CustomerReference) ? null : s.CustomerReference.Trim();
    }

    /// <summary>Reserves part of the payment for a refund; refused above what is left of the capture.</summary>
    public Result Reserve(decimal amount) => Reserve(amount, Refundable);

    /// <summary>
    /// Reserves part of the payment for a refund that may use the payment's allowance above its capture (Amazon Pay;
    /// for goodwill or other amounts beyond the items' price); refused above that.
    /// </summary>
    public Result Reserve(decimal amount, string currency) => Reserve(amount, RefundableWithAllowance(currency));

    private Result Reserve(decimal amount, decimal limit)
    {
        if (amount <= 0 || amount > limit)
        {
            return Result.Fail("refund.exceedsCaptured", $"A refund of {amount} exceeds the {limit} left on payment '{TransactionId}'.", "amount");
        }

        Refunded += amount;
        return Result.Ok();
    }

    /// <summary>Gives back a reservation whose refund failed, so it can be refunded again.</summary>
    public void Release(decimal amount) => Refunded = Math.Max(0, Refunded - amount);
}

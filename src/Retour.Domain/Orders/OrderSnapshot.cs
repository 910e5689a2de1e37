namespace Retour.Domain.Orders;

/// <summary>An order as the shop describes it, validated, ready to import or update.</summary>
public sealed record OrderSnapshot(
    string ShopOrderId,
    string Number,
    string Channel,
    DateTimeOffset PlacedAt,
    string Currency,
    Customer Customer,
    ShipTo ShipTo,
    bool WithdrawalInfoGiven,
    decimal OrderDiscount,
    decimal ShippingPaid,
    decimal CheapestStandardShipping,
    IReadOnlyList<OrderLineSnapshot> Lines,
    IReadOnlyList<ShipmentSnapshot> Shipments,
    IReadOnlyList<TenderSnapshot> Tenders,
    string? GiftReceiptCode = null);

/// <summary>A line as the shop describes it.</summary>
public sealed record OrderLineSnapshot(
    string ShopLineId,
    string Sku,
    string Title,
    IReadOnlyDictionary<string, string> Attributes,
    string? Category,
    IReadOnlyList<string> Tags,
    int Quantity,
    decimal UnitPricePaid,
    decimal UnitTax,
    IReadOnlyList<string> SerialNumbers,
    string? Supplier,
    string? HsCode = null,
    string? CountryOfOrigin = null);

/// <summary>A shipment as the shop describes it.</summary>
public sealed record ShipmentSnapshot(
    string? Carrier,
    string? TrackingNumber,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<ShipmentItem> Items);

/// <summary>A payment as the shop describes it.</summary>
public sealed record TenderSnapshot(
    TenderMethod Method,
    string Provider,
    string TransactionId,
    decimal Captured,
    DateTimeOffset? CapturedAt = null,
    string? CustomerReference = null);

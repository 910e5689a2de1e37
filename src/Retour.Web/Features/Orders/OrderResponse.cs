using Retour.Domain.Orders;

namespace Retour.Web.Features.Orders;

/// <summary>An order as Retour holds it.</summary>
public sealed record OrderResponse(
    Guid Id,
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
    IReadOnlyList<OrderLineResponse> Lines,
    IReadOnlyList<ShipmentResponse> Shipments,
    IReadOnlyList<PaymentResponse> Payments,
    DateTimeOffset UpdatedAt)
{
    internal static OrderResponse From(Order o)
    {
        var totals = o.LineTotalsPaid();
        return new(
            o.Id,
            o.ShopOrderId,
            o.Number,
            o.Channel,
            o.PlacedAt,
            o.CurrencyCode,
            o.Customer,
            o.ShipTo,
            o.WithdrawalInfoGiven,
            o.OrderDiscount,
            o.ShippingPaid,
            o.CheapestStandardShipping,
            o.Lines.Select((l, i) => new OrderLineResponse(l.Id, l.ShopLineId, l.Sku, l.Title, l.Attributes, l.Category, l.Tags, l.Quantity, l.UnitPricePaid, l.UnitTax, totals[i], o.DeliveredAt(l), l.SerialNumbers, l.Supplier, l.HsCode, l.CountryOfOrigin)).ToList(),
            o.Shipments.Select(s => new ShipmentResponse(s.Carrier, s.TrackingNumber, s.ShippedAt, s.DeliveredAt, s.Items)).ToList(),
            o.Tenders.Select(t => new PaymentResponse(t.Id, t.Method, t.Provider, t.TransactionId, t.Captured, t.CapturedAt, t.Refunded, t.CustomerReference)).ToList(),
            o.UpdatedAt);
    }
}

/// <summary>An order line, with what was paid for it in total and when it was delivered in full.</summary>
public sealed record OrderLineResponse(
    Guid Id,
    string ShopLineId,
    string Sku,
    string Title,
    IReadOnlyDictionary<string, string> Attributes,
    string? Category,
    IReadOnlyList<string> Tags,
    int Quantity,
    decimal UnitPricePaid,
    decimal UnitTax,
    decimal TotalPaid,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<string> SerialNumbers,
    string? Supplier,
    string? HsCode = null,
    string? CountryOfOrigin = null);

/// <summary>A shipment.</summary>
public sealed record ShipmentResponse(string? Carrier, string? TrackingNumber, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ShipmentItem> Items);

/// <summary>A payment and how much of it was refunded.</summary>
public sealed record PaymentResponse(Guid Id, TenderMethod Method, string Provider, string TransactionId, decimal Captured, DateTimeOffset? CapturedAt, decimal Refunded, string? CustomerReference);

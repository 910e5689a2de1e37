using Retour.Domain.Money;
using Retour.Domain.Orders;

namespace Retour.Domain.Tests.Builders;

/// <summary>
/// Builds an imported <see cref="Order"/> for a test. By default every line travels in one parcel delivered at the
/// chosen instant and the order is paid in full by one card on the "simulator" provider.
/// </summary>
public sealed class AnOrder
{
    private const string Provider = "simulator";

    private readonly List<OrderLineSnapshot> _lines = [];
    private readonly List<ShipmentSnapshot> _parcels = [];
    private readonly List<TenderSnapshot> _tenders = [];
    private readonly DateTimeOffset _placedAt;
    private readonly DateTimeOffset? _deliveredAt;
    private decimal _orderDiscount;
    private string _currency = "EUR";
    private CustomerKind _customerKind = CustomerKind.Consumer;
    private decimal _shippingPaid;
    private decimal _cheapestShipping;
    private string _country = "FR";
    private bool _withdrawalInfoGiven = true;

    private AnOrder(DateTimeOffset placedAt, DateTimeOffset? deliveredAt)
    {
        _placedAt = placedAt;
        _deliveredAt = deliveredAt;
    }

    /// <summary>An order delivered <paramref name="days"/> days before <paramref name="now"/>, placed three days before that.</summary>
    public static AnOrder DeliveredDaysAgo(int days, DateTimeOffset now) =>
        new(now.AddDays(-days - 3), now.AddDays(-days));

    /// <summary>An order delivered at an exact instant.</summary>
    public static AnOrder DeliveredAt(DateTimeOffset deliveredAt) => new(deliveredAt.AddDays(-3), deliveredAt);

    /// <summary>An order placed but not delivered yet.</summary>
    public static AnOrder NotDelivered(DateTimeOffset placedAt) => new(placedAt, null);

    /// <summary>Adds a line; the SKU doubles as the shop's line id.</summary>
    public AnOrder WithLine(string sku, int quantity, decimal unitPrice, decimal unitTax = 0m, params string[] tags)
    {
        _lines.Add(new OrderLineSnapshot(
            sku,
            sku,
            $"Product {sku}",
            new Dictionary<string, string>(),
            "apparel",
            tags,
            quantity,
            unitPrice,
            unitTax,
            [],
            null));
        return this;
    }

    /// <summary>The last line added shipped these serial numbers, one per unit.</summary>
    public AnOrder WithSerials(params string[] serials)
    {
        _lines[^1] = _lines[^1] with { SerialNumbers = serials };
        return this;
    }

    /// <summary>The shop did not inform the customer of the right of withdrawal.</summary>
    public AnOrder WithoutWithdrawalInfo()
    {
        _withdrawalInfoGiven = false;
        return this;
    }

    /// <summary>An order-level discount not included in the unit prices.</summary>
    public AnOrder WithOrderDiscount(decimal discount)
    {
        _orderDiscount = discount;
        return this;
    }

    /// <summary>The order's currency (EUR unless set).</summary>
    public AnOrder InCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    /// <summary>A business buyer instead of a consumer.</summary>
    public AnOrder ForBusiness()
    {
        _customerKind = CustomerKind.Business;
        return this;
    }

    /// <summary>The destination country (FR unless set).</summary>
    public AnOrder ShippedTo(string country)
    {
        _country = country;
        return this;
    }

    /// <summary>
    /// Adds a parcel carrying some units of a line; once any parcel is given, the default single parcel is not used.
    /// A null <paramref name="deliveredAt"/> is a parcel still on its way.
    /// </summary>
    public AnOrder WithParcel(string sku, int quantity, DateTimeOffset? deliveredAt)
    {
        _parcels.Add(new ShipmentSnapshot("colissimo", $"TRK-{_parcels.Count + 1}", _placedAt.AddDays(1), deliveredAt, [new ShipmentItem(sku, quantity)]));
        return this;
    }

    /// <summary>The outbound delivery paid and the cheapest standard delivery offered (none by default); paid by the default card.</summary>
    public AnOrder WithShipping(decimal paid, decimal cheapestStandard)
    {
        (_shippingPaid, _cheapestShipping) = (paid, cheapestStandard);
        return this;
    }

    /// <summary>Adds a payment on the "simulator" provider; once any is given, the default card payment is not used.</summary>
    public AnOrder PaidBy(TenderMethod method, decimal captured, DateTimeOffset? capturedAt = null)
    {
        _tenders.Add(new TenderSnapshot(method, Provider, $"sim_{_tenders.Count + 1}", captured, capturedAt ?? _placedAt));
        return this;
    }

    /// <summary>Imports the order as Retour would receive it.</summary>
    public Order Build()
    {
        var shipments = _parcels.Count > 0
            ? _parcels.ToList()
            : [new ShipmentSnapshot("colissimo", "TRK-1", _placedAt.AddDays(1), _deliveredAt, [.. _lines.Select(l => new ShipmentItem(l.ShopLineId, l.Quantity))])];
        var tenders = _tenders.Count > 0
            ? _tenders.ToList()
            : [new TenderSnapshot(TenderMethod.Card, Provider, "sim_card", TotalPaid() + _shippingPaid, _placedAt)];
        var snapshot = new OrderSnapshot(
            $"shop-{Guid.NewGuid():N}",
            "1001",
            "web",
            _placedAt,
            _currency,
            new Customer("ada@example.com", "Ada Lovelace", _customerKind, "fr-FR"),
            new ShipTo(_country, null, "75001"),
            _withdrawalInfoGiven,
            _orderDiscount,
            _shippingPaid,
            _cheapestShipping,
            _lines.ToList(),
            shipments,
            tenders);
        return Order.Import(snapshot, _placedAt);
    }

    private decimal TotalPaid() =>
        Refunds.LineTotalsPaid([.. _lines.Select(l => new PaidLine(l.Quantity, l.UnitPricePaid, l.UnitTax))], _orderDiscount, _currency).Sum();
}

using Retour.Domain.Money;

namespace Retour.Domain.Orders;

/// <summary>Whether the buyer is a consumer (consumer law applies) or a business.</summary>
public enum CustomerKind
{
    /// <summary>A private person: consumer law applies.</summary>
    Consumer,

    /// <summary>A business buyer: only the merchant's policy applies.</summary>
    Business,
}

/// <summary>The buyer of an order, as the shop sent it.</summary>
public sealed record Customer(string Email, string Name, CustomerKind Kind = CustomerKind.Consumer, string? Locale = null, string? Group = null);

/// <summary>Where the order was shipped; the country decides the jurisdiction.</summary>
public sealed record ShipTo(string Country, string? Region = null, string? PostalCode = null);

/// <summary>The shop's order as imported: what was bought, delivered and paid.</summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines = [];
    private readonly List<Shipment> _shipments = [];
    private readonly List<Tender> _tenders = [];

    private Order()
    {
        ShopOrderId = Number = Channel = CurrencyCode = string.Empty;
        Customer = new Customer(string.Empty, string.Empty, CustomerKind.Consumer, null);
        ShipTo = new ShipTo(string.Empty, null, null);
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The shop's own id of the order, unique per shop: importing it again updates this order.</summary>
    public string ShopOrderId { get; private set; }

    /// <summary>The order number people type.</summary>
    public string Number { get; private set; }

    /// <summary>Where the order was placed (web, app, store…).</summary>
    public string Channel { get; private set; }

    /// <summary>When the order was placed.</summary>
    public DateTimeOffset PlacedAt { get; private set; }

    /// <summary>ISO 4217 currency of every amount on the order.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>The buyer.</summary>
    public Customer Customer { get; private set; }

    /// <summary>The shipping destination.</summary>
    public ShipTo ShipTo { get; private set; }

    /// <summary>Whether the buyer was told of the right of withdrawal before buying.</summary>
    public bool WithdrawalInfoGiven { get; private set; }

    /// <summary>The code printed on the gift receipt, with which the recipient of a gift can return it.</summary>
    public string? GiftReceiptCode { get; private set; }

    /// <summary>Order-level discount not already included in the lines' unit prices.</summary>
    public decimal OrderDiscount { get; private set; }

    /// <summary>What the buyer paid for outbound shipping.</summary>
    public decimal ShippingPaid { get; private set; }

    /// <summary>The cheapest standard delivery the shop offered (the most EU law makes refundable).</summary>
    public decimal CheapestStandardShipping { get; private set; }

    /// <summary>When Retour last received this order.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Concurrency token: changes on every write to the order or its tenders.</summary>
    public Guid Version { get; private set; }

    /// <summary>The lines bought, in the shop's order.</summary>
    public IReadOnlyList<OrderLine> Lines => InPosition(_lines, l => l.Position);

    /// <summary>The parcels sent.</summary>
    public IReadOnlyList<Shipment> Shipments => _shipments;

    /// <summary>The payments.</summary>
    public IReadOnlyList<Tender> Tenders => _tenders;

    /// <summary>Creates an order from the shop's data; the snapshot must have been validated.</summary>
    public static Order Import(OrderSnapshot snapshot, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var order = new Order { Id = Guid.CreateVersion7(at), ShopOrderId = snapshot.ShopOrderId };
        order.Apply(snapshot, at);
        for (var i = 0; i < snapshot.Lines.Count; i++)
        {
            order._lines.Add(new OrderLine(Guid.CreateVersion7(at), i, snapshot.Lines[i]));
        }

        foreach (var tender in snapshot.Tenders)
        {
            order._tenders.Add(new Tender(Guid.CreateVersion7(at), tender));
        }

        return order;
    }

    /// <summary>
    /// Takes a newer copy of the order from the shop. Lines and payments are matched by the shop's ids;
    /// a line that is being returned cannot disappear, and a payment cannot drop below what was refunded.
    /// </summary>
    public Result Update(OrderSnapshot snapshot, IReadOnlySet<Guid> linesInReturns, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(linesInReturns);
        var errors = new List<DomainError>();
        if (snapshot.Currency != CurrencyCode && (linesInReturns.Count > 0 || _tenders.Any(t => t.Refunded > 0)))
        {
            errors.Add(new("order.currency.locked", "The currency cannot change once the order has returns or refunds.", "currency"));
        }

        foreach (var line in _lines.Where(l => linesInReturns.Contains(l.Id)))
        {
            var incoming = snapshot.Lines.FirstOrDefault(s => s.ShopLineId == line.ShopLineId);
            if (incoming is null)
            {
                errors.Add(new("order.line.inReturn", $"Line '{line.ShopLineId}' is being returned and cannot be removed.", "lines"));
            }
        }

        for (var i = 0; i < snapshot.Tenders.Count; i++)
        {
            var incoming = snapshot.Tenders[i];
            var existing = _tenders.FirstOrDefault(t => t.TransactionId == incoming.TransactionId);
            if (existing is not null && incoming.Captured < existing.Refunded)
            {
                errors.Add(new("order.payment.belowRefunded", $"Payment '{incoming.TransactionId}' cannot capture less than the {existing.Refunded} already refunded.", $"payments[{i}].captured"));
            }
        }

        foreach (var tender in _tenders.Where(t => t.Refunded > 0 && !snapshot.Tenders.Any(s => s.TransactionId == t.TransactionId)))
        {
            errors.Add(new("order.payment.refunded", $"Payment '{tender.TransactionId}' has refunds and cannot be removed.", "payments"));
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        Apply(snapshot, at);
        _lines.RemoveAll(l => !snapshot.Lines.Any(s => s.ShopLineId == l.ShopLineId));
        foreach (var incoming in snapshot.Lines)
        {
            var existing = _lines.FirstOrDefault(l => l.ShopLineId == incoming.ShopLineId);
            if (existing is null)
            {
                _lines.Add(new OrderLine(Guid.CreateVersion7(at), _lines.Count == 0 ? 0 : _lines.Max(l => l.Position) + 1, incoming));
            }
            else
            {
                existing.Update(incoming);
            }
        }

        _tenders.RemoveAll(t => !snapshot.Tenders.Any(s => s.TransactionId == t.TransactionId));
        foreach (var incoming in snapshot.Tenders)
        {
            var existing = _tenders.FirstOrDefault(t => t.TransactionId == incoming.TransactionId);
            if (existing is null)
            {
                _tenders.Add(new Tender(Guid.CreateVersion7(at), incoming));
            }
            else
            {
                existing.Update(incoming);
            }
        }

        return Result.Ok();
    }

    /// <summary>
    /// When the buyer had every unit of the line: the latest delivery among the shipments carrying it
    /// (a split delivery counts from its last parcel), or null while some unit is not delivered.
    /// </summary>
    public DateTimeOffset? DeliveredAt(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var delivered = 0;
        DateTimeOffset? last = null;
        foreach (var shipment in _shipments)
        {
            foreach (var item in shipment.Items)
            {
                if (item.ShopLineId != line.ShopLineId || shipment.DeliveredAt is not { } at)
                {
                    continue;
                }

                delivered += item.Quantity;
                if (last is null || at > last)
                {
                    last = at;
                }
            }
        }

        return delivered >= line.Quantity ? last : null;
    }

    /// <summary>When the last item of the order arrived (the legal withdrawal period starts then); null until every line is delivered.</summary>
    public DateTimeOffset? LastDeliveredAt()
    {
        DateTimeOffset? last = null;
        foreach (var line in _lines)
        {
            if (DeliveredAt(line) is not { } at)
            {
                return null;
            }

            if (last is null || at > last)
            {
                last = at;
            }
        }

        return last;
    }

    /// <summary>
    /// What the buyer actually paid for each line (unit price paid plus tax, times quantity), after the
    /// order-level discount is allocated across lines in proportion to their amounts.
    /// </summary>
    public decimal[] LineTotalsPaid() =>
        Refunds.LineTotalsPaid(Lines.Select(l => new PaidLine(l.Quantity, l.UnitPricePaid, l.UnitTax)).ToArray(), OrderDiscount, CurrencyCode);

    /// <summary>
    /// Keeps a child collection in its recorded order: a database returns rows in no particular order, and the
    /// arithmetic hands out leftover cents by position, so every load must see the same order.
    /// </summary>
    internal static List<T> InPosition<T>(List<T> items, Func<T, int> position)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (position(items[i - 1]) > position(items[i]))
            {
                items.Sort((a, b) => position(a).CompareTo(position(b)));
                break;
            }
        }

        return items;
    }

    /// <summary>Marks the order changed so a concurrent writer of the same order gets a conflict.</summary>
    public void Touch(DateTimeOffset at)
    {
        Version = Guid.CreateVersion7(at);
        UpdatedAt = at;
    }

    private void Apply(OrderSnapshot s, DateTimeOffset at)
    {
        Number = s.Number;
        Channel = s.Channel;
        PlacedAt = s.PlacedAt;
        CurrencyCode = s.Currency;
        Customer = s.Customer;
        ShipTo = s.ShipTo;
        WithdrawalInfoGiven = s.WithdrawalInfoGiven;
        GiftReceiptCode = string.IsNullOrWhiteSpace(s.GiftReceiptCode) ? null : s.GiftReceiptCode.Trim();
        OrderDiscount = s.OrderDiscount;
        ShippingPaid = s.ShippingPaid;
        CheapestStandardShipping = s.CheapestStandardShipping;
        _shipments.Clear();
        foreach (var shipment in s.Shipments)
        {
            _shipments.Add(new Shipment(Guid.CreateVersion7(at), shipment));
        }

        Touch(at);
    }
}

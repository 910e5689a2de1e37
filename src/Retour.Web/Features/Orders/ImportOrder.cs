using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Orders;

/// <summary>An order sent by the shop. Posting the same <c>shopOrderId</c> again updates the order.</summary>
public sealed record ImportOrderRequest(
    string ShopOrderId,
    string Number,
    DateTimeOffset PlacedAt,
    string Currency,
    Customer Customer,
    ShipTo ShipTo,
    IReadOnlyList<ImportOrderLine> Lines,
    string? Channel = null,
    bool WithdrawalInfoGiven = false,
    decimal OrderDiscount = 0m,
    decimal ShippingPaid = 0m,
    decimal CheapestStandardShipping = 0m,
    IReadOnlyList<ImportShipment>? Shipments = null,
    IReadOnlyList<TenderSnapshot>? Payments = null,
    string? GiftReceiptCode = null);

/// <summary>A line sent by the shop.</summary>
public sealed record ImportOrderLine(
    string ShopLineId,
    string Sku,
    string Title,
    int Quantity,
    decimal UnitPricePaid,
    decimal UnitTax = 0m,
    string? Category = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    IReadOnlyList<string>? SerialNumbers = null,
    string? Supplier = null,
    string? HsCode = null,
    string? CountryOfOrigin = null);

/// <summary>A parcel the shop sent, with the lines it carried and when the buyer received it.</summary>
public sealed record ImportShipment(
    IReadOnlyList<ShipmentItem> Items,
    string? Carrier = null,
    string? TrackingNumber = null,
    DateTimeOffset? ShippedAt = null,
    DateTimeOffset? DeliveredAt = null);

/// <summary>Imports or updates an order.</summary>
public static class ImportOrder
{
    /// <summary>Checks the request's shape; returns the errors per field.</summary>
    public static FieldErrors Validate(ImportOrderRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = new FieldErrors()
            .Text(r.ShopOrderId, "shopOrderId", 100)
            .Text(r.Number, "number", 100)
            .Text(r.Channel, "channel", 50, required: false)
            .Check(Currency.IsWellFormed(r.Currency), "currency", "An ISO 4217 code such as EUR.")
            .Text(r.Customer?.Email, "customer.email", 320)
            .Check(r.Customer?.Email is null || r.Customer.Email.Contains('@', StringComparison.Ordinal), "customer.email", "An email address.")
            .Text(r.Customer?.Name, "customer.name", 200)
            .Text(r.Customer?.Locale, "customer.locale", 20, required: false)
            .Check(r.ShipTo?.Country is { Length: 2 } c && c.All(char.IsAsciiLetterUpper), "shipTo.country", "An ISO 3166 alpha-2 code such as FR.")
            .Check(r.OrderDiscount >= 0, "orderDiscount", "Zero or more.")
            .Check(r.ShippingPaid >= 0, "shippingPaid", "Zero or more.")
            .Check(r.CheapestStandardShipping >= 0, "cheapestStandardShipping", "Zero or more.")
            .Check(r.Lines is { Count: > 0 }, "lines", "At least one line.");
        // Amounts are checked against the currency's minor unit; with no valid currency, against cents.
        var currency = Currency.IsWellFormed(r.Currency) ? r.Currency : "EUR";
        foreach (var (amount, field) in new[] { (r.OrderDiscount, "orderDiscount"), (r.ShippingPaid, "shippingPaid"), (r.CheapestStandardShipping, "cheapestStandardShipping") })
        {
            v.Check(Currency.IsInMinorUnits(amount, currency), field, $"No more decimals than {currency} has.");
        }

        var lines = r.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var f = $"lines[{i}]";
            v.Text(l.ShopLineId, $"{f}.shopLineId", 100)
                .Check(lines.Take(i).All(o => o.ShopLineId != l.ShopLineId), $"{f}.shopLineId", "Each line needs its own id.")
                .Text(l.Sku, $"{f}.sku", 100)
                .Text(l.Title, $"{f}.title", 500)
                .Text(l.Category, $"{f}.category", 100, required: false)
                .Check(l.Quantity is >= 1 and <= 100_000, $"{f}.quantity", "Between 1 and 100000.")
                .Check(l.UnitPricePaid >= 0 && Currency.IsInMinorUnits(l.UnitPricePaid, currency), $"{f}.unitPricePaid", $"Zero or more, in {currency}'s minor unit.")
                .Check(l.UnitTax >= 0 && l.UnitTax == decimal.Round(l.UnitTax, 4), $"{f}.unitTax", "Zero or more, at most 4 decimals.")
                .Check(l.HsCode is null || HsDigits(l.HsCode) is { Length: >= 6 and <= 10 } hs && hs.All(char.IsAsciiDigit), $"{f}.hsCode", "A Harmonized System code: 6 to 10 digits (dots and spaces are ignored).")
                .Check(l.CountryOfOrigin is null || (l.CountryOfOrigin is { Length: 2 } o && o.All(char.IsAsciiLetterUpper)), $"{f}.countryOfOrigin", "An ISO 3166 alpha-2 code such as PT.");
        }

        var gross = lines.Sum(l => Currency.Round(l.Quantity * (l.UnitPricePaid + l.UnitTax), currency));
        v.Check(r.OrderDiscount <= gross, "orderDiscount", "Cannot exceed the lines' total.");

        var shipments = r.Shipments ?? [];
        for (var i = 0; i < shipments.Count; i++)
        {
            var items = shipments[i].Items ?? [];
            v.Check(items.Count > 0, $"shipments[{i}].items", "At least one item.");
            for (var j = 0; j < items.Count; j++)
            {
                v.Check(lines.Any(l => l.ShopLineId == items[j].ShopLineId), $"shipments[{i}].items[{j}].shopLineId", "Not one of the order's lines.")
                    .Check(items[j].Quantity >= 1, $"shipments[{i}].items[{j}].quantity", "At least 1.");
            }

            v.Check(shipments[i].DeliveredAt is null || shipments[i].ShippedAt is null || shipments[i].DeliveredAt >= shipments[i].ShippedAt, $"shipments[{i}].deliveredAt", "Cannot be before shippedAt.");
        }

        foreach (var line in lines)
        {
            var shipped = shipments.SelectMany(s => s.Items ?? []).Where(it => it.ShopLineId == line.ShopLineId).Sum(it => it.Quantity);
            v.Check(shipped <= line.Quantity, "shipments", $"Line '{line.ShopLineId}' is shipped {shipped} times but {line.Quantity} were bought.");
        }

        v.Text(r.GiftReceiptCode, "giftReceiptCode", 64, required: false);
        var payments = r.Payments ?? [];
        for (var i = 0; i < payments.Count; i++)
        {
            var p = payments[i];
            v.Text(p.Provider, $"payments[{i}].provider", 50)
                .Text(p.TransactionId, $"payments[{i}].transactionId", 200)
                .Text(p.CustomerReference, $"payments[{i}].customerReference", 200, required: false)
                .Check(payments.Take(i).All(o => o.TransactionId != p.TransactionId), $"payments[{i}].transactionId", "Each payment needs its own transaction id.")
                .Check(p.Captured >= 0 && Currency.IsInMinorUnits(p.Captured, currency), $"payments[{i}].captured", $"Zero or more, in {currency}'s minor unit.");
        }

        return v;
    }

    /// <summary>Imports the order, or updates it when the shop's id is known. Returns the order and whether it was created.</summary>
    public static async Task<(Order? Order, bool Created, Domain.Result Result)> HandleAsync(ImportOrderRequest r, RetourDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var snapshot = ToSnapshot(r);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var order = await db.Orders.FirstOrDefaultAsync(o => o.ShopOrderId == r.ShopOrderId, ct);
            try
            {
                if (order is null)
                {
                    order = Order.Import(snapshot, now);
                    db.Orders.Add(order);
                    await db.SaveChangesAsync(ct);
                    return (order, true, Domain.Result.Ok());
                }

                var inReturns = await db.Returns
                    .Where(c => c.OrderId == order.Id)
                    .SelectMany(c => c.Lines.Select(l => l.OrderLineId))
                    .Distinct()
                    .ToListAsync(ct);
                var result = order.Update(snapshot, inReturns.ToHashSet(), now);
                if (!result.IsSuccess)
                {
                    return (null, false, result);
                }

                await db.SaveChangesAsync(ct);
                return (order, false, result);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another request imported or changed the same order first: read it again and apply this one on top.
                db.ChangeTracker.Clear();
            }
        }
    }

    // HS codes are often written with dots or spaces (6109.10.00); the digits are what customs read.
    private static string HsDigits(string code) => string.Concat(code.Where(c => c is not ('.' or ' ')));

    private static OrderSnapshot ToSnapshot(ImportOrderRequest r) => new(
        r.ShopOrderId.Trim(),
        r.Number.Trim(),
        string.IsNullOrWhiteSpace(r.Channel) ? "web" : r.Channel.Trim(),
        r.PlacedAt.ToUniversalTime(),
        r.Currency,
        r.Customer with { Email = r.Customer.Email.Trim().ToLowerInvariant() },
        r.ShipTo,
        r.WithdrawalInfoGiven,
        r.OrderDiscount,
        r.ShippingPaid,
        r.CheapestStandardShipping,
        r.Lines.Select(l => new OrderLineSnapshot(
            l.ShopLineId,
            l.Sku,
            l.Title,
            l.Attributes ?? new Dictionary<string, string>(),
            l.Category,
            l.Tags ?? [],
            l.Quantity,
            l.UnitPricePaid,
            l.UnitTax,
            l.SerialNumbers ?? [],
            l.Supplier,
            l.HsCode is null ? null : HsDigits(l.HsCode),
            l.CountryOfOrigin)).ToList(),
        (r.Shipments ?? []).Select(s => new ShipmentSnapshot(s.Carrier, s.TrackingNumber, s.ShippedAt?.ToUniversalTime(), s.DeliveredAt?.ToUniversalTime(), s.Items)).ToList(),
        (r.Payments ?? []).Select(p => p with { CapturedAt = p.CapturedAt?.ToUniversalTime() }).ToList(),
        r.GiftReceiptCode);
}

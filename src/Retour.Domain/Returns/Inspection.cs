using System.Globalization;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>Whether a returned unit is what was shipped to this customer.</summary>
public enum Authenticity
{
    /// <summary>Neither SKU nor serial number was read.</summary>
    NotChecked,

    /// <summary>The SKU read is the one shipped; no serial number was shipped to compare with.</summary>
    SkuMatches,

    /// <summary>The serial number read is one the order shipped on this line.</summary>
    SerialMatches,

    /// <summary>The SKU or serial number read is not what was shipped.</summary>
    Mismatch,
}

/// <summary>
/// The rules of inspection that need the order: authenticity against what was shipped, the diminished-value deduction
/// the law allows, and where a restocked unit goes.
/// </summary>
public static class Inspection
{
    /// <summary>The order-line tag of goods shipped with a serial number per unit.</summary>
    public const string SerialisedTag = "serialised";

    /// <summary>
    /// Checks units about to be graded against the order and sets each one's <see cref="InspectedUnit.Authenticity"/>.
    /// Targets name the unit's position in <paramref name="units"/> (<c>lines[i].field</c>).
    /// </summary>
    public static (IReadOnlyList<(Guid LineId, InspectedUnit Unit)> Units, Result Result) Check(ReturnCase returnCase, Order order, IReadOnlyList<(Guid LineId, InspectedUnit Unit)> units)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(units);
        var errors = new List<DomainError>();
        var checkedUnits = new List<(Guid, InspectedUnit)>(units.Count);
        var serials = new HashSet<string>(returnCase.Lines.SelectMany(l => l.Units).Select(u => u.SerialNumber).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < units.Count; i++)
        {
            var (lineId, unit) = units[i];
            var target = $"lines[{i}]";
            var line = returnCase.Lines.FirstOrDefault(l => l.Id == lineId);
            var orderLine = line is null ? null : order.Lines.FirstOrDefault(l => l.Id == line.OrderLineId);
            if (line is null || orderLine is null)
            {
                // ReturnCase.Inspect names the unknown line.
                checkedUnits.Add((lineId, unit));
                continue;
            }

            var serial = string.IsNullOrWhiteSpace(unit.SerialNumber) ? null : unit.SerialNumber.Trim();
            var serialsShipped = orderLine.SerialNumbers.Count > 0;
            if (serial is null && serialsShipped && orderLine.HasTag(SerialisedTag))
            {
                errors.Add(new("inspection.serial.required", $"{line.Sku} is serialised and the order shipped serial numbers: read the unit's serial number.", $"{target}.serialNumber"));
            }

            var authenticity = Authenticate(line.Sku, orderLine.SerialNumbers, unit.SkuSeen, serial, serials);
            if (serial is not null)
            {
                serials.Add(serial);
            }

            if (authenticity == Authenticity.Mismatch && unit.Disposition == Disposition.Restock)
            {
                errors.Add(new("inspection.authenticity.restockRefused", $"This unit is not the {line.Sku} shipped to this customer, so it cannot be restocked as {line.Sku}: check what was read, or choose another disposition.", $"{target}.disposition"));
            }

            var location = string.IsNullOrWhiteSpace(unit.LocationCode) ? null : unit.LocationCode.Trim().ToUpperInvariant();
            if (unit.Disposition == Disposition.Restock && location is null)
            {
                errors.Add(new("inspection.location.required", $"{line.Sku}: say which location's stock the unit joins.", $"{target}.location"));
            }

            if (unit.Deduction != 0m && DiminishedValue.Refusal(order, line, orderLine, unit, returnCase.CurrencyCode) is { } refusal)
            {
                errors.Add(refusal with { Target = $"{target}.deduction" });
            }

            checkedUnits.Add((lineId, unit with
            {
                Authenticity = authenticity,
                SerialNumber = serial,
                SkuSeen = string.IsNullOrWhiteSpace(unit.SkuSeen) ? null : unit.SkuSeen.Trim(),
                LocationCode = unit.Disposition == Disposition.Restock ? location : null,
            }));
        }

        return errors.Count > 0 ? (units, Result.Fail(errors)) : (checkedUnits, Result.Ok());
    }

    /// <summary>
    /// Compares what was read with what was shipped: a serial number is checked when the order line carries the
    /// serials shipped (from the order import), and may not come back twice; otherwise the SKU read is compared.
    /// </summary>
    public static Authenticity Authenticate(string skuShipped, IReadOnlyList<string> serialsShipped, string? skuSeen, string? serialSeen, IReadOnlySet<string> serialsAlreadyInspected)
    {
        ArgumentNullException.ThrowIfNull(serialsShipped);
        ArgumentNullException.ThrowIfNull(serialsAlreadyInspected);
        if (!string.IsNullOrWhiteSpace(skuSeen) && !string.Equals(skuSeen.Trim(), skuShipped, StringComparison.OrdinalIgnoreCase))
        {
            return Authenticity.Mismatch;
        }

        if (!string.IsNullOrWhiteSpace(serialSeen) && serialsShipped.Count > 0)
        {
            var serial = serialSeen.Trim();
            return serialsShipped.Contains(serial, StringComparer.OrdinalIgnoreCase) && !serialsAlreadyInspected.Contains(serial)
                ? Authenticity.SerialMatches
                : Authenticity.Mismatch;
        }

        return string.IsNullOrWhiteSpace(skuSeen) ? Authenticity.NotChecked : Authenticity.SkuMatches;
    }
}

/// <summary>
/// The diminished-value deduction (legal-rules.md <c>deduction.diminishedValue</c>, CRD 14(2)): the customer is liable
/// only for handling beyond what is needed to establish the nature, characteristics and functioning of the goods, and
/// never when they were not informed of the withdrawal right. Retour takes it only for a reason that is the customer's
/// (never for a defect, a wrong item or transit damage, which the legal guarantee makes free of charge), only when the
/// inspector records that handling, and never above what the customer paid for the unit.
/// </summary>
public static class DiminishedValue
{
    /// <summary>Why no deduction may be taken on any unit of this line, or null when one may (subject to the unit's checks).</summary>
    public static DomainError? LineRefusal(Order order, ReturnLine line)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Fault != ReasonFault.Customer)
        {
            return new("inspection.deduction.notCustomerFault", $"{line.Sku}: the reason '{line.ReasonCode}' is not the customer's doing; nothing may be deducted (deduction.diminishedValue, CRD 14(2)).");
        }

        if (order.Customer.Kind == CustomerKind.Consumer && !order.WithdrawalInfoGiven)
        {
            return new("inspection.deduction.notInformed", $"{line.Sku}: the customer was not informed of the right of withdrawal, so they owe nothing for diminished value (CRD 14(2)).");
        }

        return null;
    }

    /// <summary>The most that may be deducted from one unit of the line: the least any of its units was paid.</summary>
    public static decimal MaxPerUnit(Order order, OrderLine orderLine, string currency)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(orderLine);
        var index = order.Lines.ToList().FindIndex(l => l.Id == orderLine.Id);
        return orderLine.Quantity == 0 ? 0m : Refunds.UnitsAmount(order.LineTotalsPaid()[index], orderLine.Quantity, orderLine.Quantity - 1, 1, currency);
    }

    /// <summary>Why this unit's deduction is refused, or null when the law allows it.</summary>
    public static DomainError? Refusal(Order order, ReturnLine line, OrderLine orderLine, InspectedUnit unit, string currency)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (unit.Deduction < 0m)
        {
            return new("inspection.deduction.negative", "A deduction cannot be negative.");
        }

        if (Currency.Round(unit.Deduction, currency) != unit.Deduction)
        {
            return new("inspection.deduction.precision", string.Create(CultureInfo.InvariantCulture, $"A deduction in {currency} has at most {Currency.MinorUnits(currency)} decimals."));
        }

        if (LineRefusal(order, line) is { } refused)
        {
            return refused;
        }

        if (unit.Fault is UnitFault.Defect or UnitFault.TransitDamage)
        {
            return new("inspection.deduction.notCustomersHandling", $"{line.Sku}: a {unit.Fault} is not the customer's handling; nothing may be deducted (CRD 14(2)).");
        }

        if (!unit.HandledBeyondNecessary)
        {
            return new("inspection.deduction.handlingNotBeyondNecessary", $"{line.Sku}: a deduction is allowed only for handling beyond what is needed to establish the goods' nature, characteristics and functioning (CRD 14(2)); record that handling first.");
        }

        var max = MaxPerUnit(order, orderLine, currency);
        if (unit.Deduction > max)
        {
            return new("inspection.deduction.exceedsValue", string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: at most {max} {currency} (what the customer paid for the unit) may be deducted."));
        }

        return null;
    }
}

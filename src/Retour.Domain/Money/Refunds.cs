namespace Retour.Domain.Money;

/// <summary>What was paid for one order line: units, price paid per unit after line discounts, tax per unit.</summary>
public readonly record struct PaidLine(int Quantity, decimal UnitPricePaid, decimal UnitTax);

/// <summary>One returned quantity's refundable amount, whether the customer caused the return, and the diminished-value deduction found at inspection.</summary>
public readonly record struct RefundItem(decimal Amount, bool CustomerAtFault, decimal DiminishedValue = 0m);

/// <summary>Deductions the merchant configured: a restocking percentage and a flat return-shipping fee, both only when the customer is at fault.</summary>
public sealed record RefundDeductions(decimal RestockingFeePercent, decimal ReturnShippingFee)
{
    /// <summary>No deductions.</summary>
    public static RefundDeductions None { get; } = new(0m, 0m);
}

/// <summary>A refund worked out: the items' amount, each deduction, and what the customer gets.</summary>
public sealed record RefundQuote(decimal Items, decimal RestockingFee, decimal ReturnShippingFee, decimal Total, decimal DiminishedValue = 0m);

/// <summary>
/// Refund arithmetic. Amounts come from what was actually paid; an order-level discount is spread over the
/// lines by largest remainder; a line's total is spread over its units the same way, so refunding every unit,
/// in any number of returns, gives back exactly what was paid.
/// </summary>
public static class Refunds
{
    /// <summary>Total paid per line: quantity × (unit price + unit tax), less the line's share of the order discount.</summary>
    public static decimal[] LineTotalsPaid(IReadOnlyList<PaidLine> lines, decimal orderDiscount, string currency)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var gross = new decimal[lines.Count];
        var grossSum = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            gross[i] = Currency.Round(lines[i].Quantity * (lines[i].UnitPricePaid + lines[i].UnitTax), currency);
            grossSum += gross[i];
        }

        var discount = Math.Clamp(Currency.Round(orderDiscount, currency), 0m, grossSum);
        if (discount == 0m)
        {
            return gross;
        }

        var shares = Split.Proportionally(discount, gross, Currency.MinorUnits(currency));
        for (var i = 0; i < gross.Length; i++)
        {
            gross[i] -= shares[i];
        }

        return gross;
    }

    /// <summary>
    /// The amount of <paramref name="count"/> units of a line, taken after the <paramref name="alreadyRefunded"/>
    /// units refunded before, when the line's <paramref name="lineTotalPaid"/> is split evenly over its units.
    /// </summary>
    public static decimal UnitsAmount(decimal lineTotalPaid, int quantityBought, int alreadyRefunded, int count, string currency) =>
        Split.EvenRange(lineTotalPaid, quantityBought, alreadyRefunded, count, Currency.MinorUnits(currency));

    /// <summary>
    /// Applies the deductions to the items: the restocking percentage on the items the customer is at fault for, the
    /// diminished value found at inspection (never more than its item), the return-shipping fee once when any item is
    /// the customer's fault; never below zero.
    /// </summary>
    public static RefundQuote Quote(IReadOnlyList<RefundItem> items, RefundDeductions deductions, string currency)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(deductions);
        var total = 0m;
        var customerFault = 0m;
        var diminished = 0m;
        var anyCustomerFault = false;
        for (var i = 0; i < items.Count; i++)
        {
            total += items[i].Amount;
            diminished += Math.Clamp(Currency.Round(items[i].DiminishedValue, currency), 0m, Math.Max(0m, items[i].Amount));
            if (items[i].CustomerAtFault)
            {
                customerFault += items[i].Amount;
                anyCustomerFault = true;
            }
        }

        var restocking = Currency.Round(customerFault * deductions.RestockingFeePercent / 100m, currency);
        restocking = Math.Clamp(restocking, 0m, total);
        diminished = Math.Clamp(diminished, 0m, total - restocking);
        var shipping = anyCustomerFault ? Math.Clamp(Currency.Round(deductions.ReturnShippingFee, currency), 0m, total - restocking - diminished) : 0m;
        return new RefundQuote(total, restocking, shipping, total - restocking - diminished - shipping, diminished);
    }
}

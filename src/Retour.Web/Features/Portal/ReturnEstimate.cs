using Retour.Domain.Money;
using Retour.Domain.Policies;

namespace Retour.Web.Features.Portal;

/// <summary>One line of the estimate: what the units cost, and the policy's decision on returning them.</summary>
public sealed record EstimatedLine(decimal Amount, DecisionOutcome Outcome, ReasonFault Fault, decimal RestockingPercent, decimal ReturnShippingFee, decimal? ExchangeDifference = null);

/// <summary>
/// The refund a shopper can expect, worked out as the refund itself will be (<c>ResolveReturn.Deductions</c>):
/// restocking per line at the customer's fault, return shipping the largest fee of the lines, charged once, and
/// nothing for refused lines. Exchanged lines are not refunded: their price differences are either paid by the
/// shopper (<see cref="ToPay"/>) or given back (<see cref="DifferenceBack"/>, part of the total).
/// </summary>
public sealed record ReturnEstimate(decimal Items, decimal Restocking, decimal Shipping, decimal Total, decimal DifferenceBack = 0m, decimal ToPay = 0m)
{
    /// <summary>Estimates the refund of <paramref name="lines"/> in <paramref name="currency"/>.</summary>
    public static ReturnEstimate Of(IEnumerable<EstimatedLine> lines, string currency)
    {
        ArgumentNullException.ThrowIfNull(lines);
        decimal items = 0m, restocking = 0m, shipping = 0m, back = 0m, pay = 0m;
        foreach (var line in lines.Where(l => l.Outcome != DecisionOutcome.NotEligible))
        {
            if (line.ExchangeDifference is { } difference)
            {
                back += Math.Max(0m, -difference);
                pay += Math.Max(0m, difference);
                shipping = Math.Max(shipping, line.ReturnShippingFee);
                continue;
            }

            items += line.Amount;
            shipping = Math.Max(shipping, line.ReturnShippingFee);
            if (line.Fault == ReasonFault.Customer)
            {
                restocking += Currency.Round(line.Amount * line.RestockingPercent / 100m, currency);
            }
        }

        restocking = Math.Min(restocking, items);
        shipping = Math.Min(Currency.Round(shipping, currency), items + back - restocking);
        return new ReturnEstimate(items, restocking, shipping, items + back - restocking - shipping, back, pay);
    }
}

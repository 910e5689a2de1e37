using Retour.Domain.Orders;

namespace Retour.Domain.Money;

/// <summary>A share of a refund assigned to one payment.</summary>
public readonly record struct TenderShare(Guid TenderId, decimal Amount);

/// <summary>
/// Splits a refund across the order's payments. The rule, in order:
/// <list type="number">
/// <item>original payments (card, PayPal, Amazon Pay, cash, bank transfer) first, the latest capture first (ties by
/// id, so the split is the same every time), then gift cards and store credit, in the same order among themselves;</item>
/// <item>never more on a payment than it captured less what was already refunded on it;</item>
/// <item>only when that cannot cover the amount, and only when the caller allows it (goodwill or other amounts on top
/// of the items' price), the Amazon Pay allowance: Amazon Pay lets a merchant refund more than it captured on a
/// charge, by at most 15 % of the captured amount or 75 units of the currency (USD, GBP, EUR), whichever is less
/// (Amazon Pay API v2, Refund → Create Refund, <c>refundAmount</c>: "Refund amount can be either 15% or 75 (in order
/// currency) more than the captured amount, whichever is less"). Card networks allow nothing above the capture.</item>
/// </list>
/// </summary>
public static class TenderAllocation
{
    /// <summary>Allocates <paramref name="amount"/> within what each payment captured, or fails when they cannot cover it.</summary>
    public static (IReadOnlyList<TenderShare> Shares, Result Result) Allocate(decimal amount, IReadOnlyList<Tender> tenders) =>
        Allocate(amount, tenders, currency: null);

    /// <summary>
    /// Allocates <paramref name="amount"/>; with a <paramref name="currency"/> (pass it only for goodwill or other
    /// amounts beyond the items' price) Amazon Pay payments may take their allowance above the capture when the
    /// payments' captures alone cannot cover the amount.
    /// </summary>
    public static (IReadOnlyList<TenderShare> Shares, Result Result) Allocate(decimal amount, IReadOnlyList<Tender> tenders, string? currency)
    {
        ArgumentNullException.ThrowIfNull(tenders);
        var ordered = Ordered(tenders);
        var taken = new Dictionary<Guid, decimal>();
        var left = amount;
        foreach (var tender in ordered)
        {
            left -= Take(tender, Math.Min(left, tender.Refundable), taken);
        }

        if (left > 0 && currency is not null)
        {
            foreach (var tender in ordered)
            {
                var room = tender.RefundableWithAllowance(currency) - taken.GetValueOrDefault(tender.Id);
                left -= Take(tender, Math.Min(left, room), taken);
            }
        }

        if (left > 0)
        {
            return ([], Result.Fail("refund.exceedsPayments", $"The payments on this order have only {amount - left} left to refund, {amount} is needed.", "amount"));
        }

        // Shares in the documented order, one per payment.
        return (ordered.Where(t => taken.ContainsKey(t.Id)).Select(t => new TenderShare(t.Id, taken[t.Id])).ToList(), Result.Ok());
    }

    /// <summary>The payments in the order refunds go to them (see the rule on <see cref="TenderAllocation"/>).</summary>
    public static IReadOnlyList<Tender> Ordered(IReadOnlyList<Tender> tenders)
    {
        ArgumentNullException.ThrowIfNull(tenders);
        return tenders
            .OrderBy(t => t.Method is TenderMethod.GiftCard or TenderMethod.StoreCredit ? 1 : 0)
            .ThenByDescending(t => t.CapturedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(t => t.Id)
            .ToList();
    }

    private static decimal Take(Tender tender, decimal take, Dictionary<Guid, decimal> taken)
    {
        if (take <= 0)
        {
            return 0;
        }

        taken[tender.Id] = taken.GetValueOrDefault(tender.Id) + take;
        return take;
    }
}

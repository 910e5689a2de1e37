using Retour.Domain.Orders;

namespace Retour.Domain.Money;

/// <summary>A share of a refund assigned to one payment.</summary>
public readonly record struct TenderShare(Guid TenderId, decimal Amount);

/// <summary>
/// Splits a refund across the order's payments: original payments first, latest capture first, then gift cards
/// and store credit; never more on a payment than it has left to refund.
/// </summary>
public static class TenderAllocation
{
    /// <summary>Allocates <paramref name="amount"/>, or fails when the payments cannot cover it.</summary>
    public static (IReadOnlyList<TenderShare> Shares, Result Result) Allocate(decimal amount, IReadOnlyList<Tender> tenders)
    {
        ArgumentNullException.ThrowIfNull(tenders);
        var ordered = tenders
            .Where(t => t.Refundable > 0)
            .OrderBy(t => t.Method is TenderMethod.GiftCard or TenderMethod.StoreCredit ? 1 : 0)
            .ThenByDescending(t => t.CapturedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(t => t.Id)
            .ToList();
        var shares = new List<TenderShare>();
        var left = amount;
        foreach (var tender in ordered)
        {
            if (left <= 0)
            {
                break;
            }

            var take = Math.Min(left, tender.Refundable);
            shares.Add(new TenderShare(tender.Id, take));
            left -= take;
        }

        return left > 0
            ? ([], Result.Fail("refund.exceedsPayments", $"The payments on this order have only {amount - left} left to refund, {amount} is needed.", "amount"))
            : (shares, Result.Ok());
    }
}

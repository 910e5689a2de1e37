using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Exchanges;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Settles an inspected return: each line as the customer asked (no resolution given), or every line one way.</summary>
/// <param name="Resolution">Settle every line this way (refund, storeCredit, giftCard, exchange, replacement, repair); leave out to settle each line as the customer chose.</param>
public sealed record ResolveReturnRequest(Resolution? Resolution = null);

/// <summary>The shop's order (or shipment) that sends an exchange, replacement or repair.</summary>
/// <param name="Reference">The shop's order id or number, or the repair shipment's reference.</param>
/// <param name="Carrier">The carrier taking the item to the customer, once it ships.</param>
/// <param name="TrackingNumber">The shipment's tracking number, once it ships (may be sent later with the same reference).</param>
public sealed record FulfilSettlementRequest(string Reference, string? Carrier = null, string? TrackingNumber = null);

/// <summary>How staff follow up a charge the customer's card refused.</summary>
public enum ChargeFollowUp
{
    /// <summary>Charge the card again (a new charge, with keys of its own).</summary>
    Retry,

    /// <summary>Settled another way: collected by phone or at the till, or written off.</summary>
    SettledElsewhere,
}

/// <summary>A person's follow-up of a refused charge, with a note for the timeline.</summary>
public sealed record FollowUpChargeRequest(ChargeFollowUp Action, string Note);

/// <summary>
/// Decides the settlement and records it in the return's transaction: refunds to the original payments (a worker
/// moves the money through the provider), store credit with the bonus of the policy the customer was shown, gift
/// cards, and items to send — the exchange's units held since approval, or held now; out of stock, an exchange
/// becomes store credit and a replacement a refund.
/// </summary>
public sealed class ResolveReturn(RetourDbContext db, PolicyBook book, IOptions<ReturnsOptions> options, SettlementIssuer issuer, IServiceScopeFactory scopes, IEnumerable<Refunds.IChargeProvider> chargers, TimeProvider clock)
{
    /// <summary>
    /// Records the settlement against the order, in the same transaction as the case (the caller saves). At a store's
    /// counter (<paramref name="handedOverAt"/>: the store's location code) items to send are handed over there and
    /// then: taken from that store's stock, not held on the catalogue, and fulfilled at once.
    /// </summary>
    public async Task<Result> HandleAsync(ReturnCase returnCase, ResolveReturnRequest r, Actor actor, DateTimeOffset now, CancellationToken ct, string? handedOverAt = null)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(r);
        if (r.Resolution is Resolution.KeepItem)
        {
            return Result.Fail("resolution.notAvailable", "Keeping the item is decided when the return is approved, not when it is settled.", "resolution");
        }

        if (r.Resolution is Resolution.Exchange)
        {
            return Result.Fail("resolution.notAvailable", "An exchange is chosen per line, with the item wanted, when the return is requested; settle as the customer chose (no resolution) or choose refund, storeCredit, giftCard, replacement or repair.", "resolution");
        }

        if (returnCase.GiftRecipientEmail is not null && r.Resolution is not (null or Resolution.StoreCredit or Resolution.GiftCard))
        {
            return Result.Fail("return.gift.storeCreditOnly", "A gift returned by its recipient is settled in store credit or a gift card for them, not refunded to the buyer's payment.", "resolution");
        }

        var order = await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct);
        var refundedBefore = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.OrderId == returnCase.OrderId && c.Id != returnCase.Id)
            .SelectMany(c => c.Lines.Where(l => l.RefundedQuantity > 0).Select(l => new { l.OrderLineId, l.RefundedQuantity }))
            .ToListAsync(ct);
        var before = refundedBefore.GroupBy(x => x.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(x => x.RefundedQuantity));

        // The bonus the customer was shown: the policy in force when they asked.
        var policy = await book.InForceAtAsync(db, returnCase.RequestedAt, ct);
        IReadOnlySet<Guid> unavailable = new HashSet<Guid>();
        // Only lines that send an item hold one: a return settled as refunds or credit reads no holds at all.
        if (handedOverAt is null && r.Resolution is null or Resolution.Exchange or Resolution.Replacement
            && returnCase.Lines.Any(l => ExchangeStock.SkuToSend(l, r.Resolution) is not null))
        {
            // The holds are made in a unit of work of their own (the approval's delivery may be making them right now).
            await using (var scope = scopes.CreateAsyncScope())
            {
                await ExchangeStock.HoldOnceAsync(scope.ServiceProvider.GetRequiredService<RetourDbContext>(), returnCase.Id, clock, ct, r.Resolution);
            }

            unavailable = await ExchangeStock.UnavailableAsync(db, returnCase, ct, r.Resolution);
        }

        // A dearer exchange's difference goes on the card the order was paid with, when its provider can charge it
        // (at a store's counter it is paid at the till instead).
        var chargeTo = handedOverAt is null ? InstantExchanges.ChargeableTender(order, chargers)?.Id : null;
        var terms = new SettlementTerms(Deductions(returnCase, order, before, options.Value), r.Resolution, policy.Policy.Resolutions.StoreCreditBonusPercent, unavailable, chargeTo);
        var settled = returnCase.Settle(order, before, terms, actor, now);
        if (!settled.IsSuccess)
        {
            return settled;
        }

        // Units held for lines that send nothing after all (settled another way) go back on sale.
        foreach (var line in returnCase.Lines.Where(l => !returnCase.Settlements.Any(s => s.ReturnLineId == l.Id)))
        {
            await ExchangeStock.ReleaseAsync(db, returnCase.Id, now, ct, line.Id);
        }

        if (handedOverAt is not null)
        {
            foreach (var entry in returnCase.Settlements.Where(x => x.Status == SettlementStatus.AwaitingFulfilment && x.Sku is not null).ToList())
            {
                var taken = await StockLedger.HandoverAsync(db, entry.Sku!, handedOverAt, entry.Quantity, returnCase.Number, actor, now, ct);
                var handed = taken.IsSuccess ? returnCase.FulfilSettlement(entry.Id, $"handed over at {handedOverAt}", actor, now) : taken;
                if (!handed.IsSuccess)
                {
                    return handed;
                }
            }
        }

        return await issuer.IssueAsync(db, returnCase, now, ct);
    }

    /// <summary>
    /// The deductions the policy decided for each line, as the one <see cref="RefundDeductions"/> the refund takes:
    /// each line's restocking percent applies to that line's amount (rounded per line, to the cent), expressed as the
    /// single percent of the customer-fault amount that gives the same total; return shipping is the largest fee of
    /// the lines that came back, charged once. Returns decided before the engine (no policy version on their lines)
    /// keep the configured deductions.
    /// </summary>
    internal static RefundDeductions Deductions(ReturnCase returnCase, Order order, IReadOnlyDictionary<Guid, int> refundedBefore, ReturnsOptions options)
    {
        var received = returnCase.Lines.Where(l => l.ReceivedQuantity > 0).ToList();
        if (received.Count > 0 && received.All(l => l.PolicyVersion.Length == 0))
        {
            return returnCase.ReturnShippingWaived ? options.Deductions with { ReturnShippingFee = 0m } : options.Deductions;
        }

        var totals = order.LineTotalsPaid();
        var customerFault = 0m;
        var restocking = 0m;
        var shipping = 0m;
        foreach (var line in received)
        {
            shipping = Math.Max(shipping, line.ReturnShippingFee);
            if (line.Fault != ReasonFault.Customer)
            {
                continue;
            }

            var index = order.Lines.ToList().FindIndex(l => l.Id == line.OrderLineId);
            var orderLine = order.Lines[index];
            var amount = Domain.Money.Refunds.UnitsAmount(totals[index], orderLine.Quantity, refundedBefore.GetValueOrDefault(orderLine.Id), line.ReceivedQuantity, returnCase.CurrencyCode);
            customerFault += amount;
            restocking += Currency.Round(amount * line.RestockingPercent / 100m, returnCase.CurrencyCode);
        }

        // The refund rounds customerFault × percent / 100 to the cent; this percent gives back exactly the sum above.
        var percent = customerFault == 0m || restocking == 0m ? 0m : restocking * 100m / customerFault;
        return new RefundDeductions(percent, shipping);
    }
}

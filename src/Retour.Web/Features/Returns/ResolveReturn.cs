using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Settles an inspected return with the resolution chosen.</summary>
public sealed record ResolveReturnRequest(Resolution Resolution = Resolution.Refund);

/// <summary>
/// Decides the money back and records it; a worker moves it through the payment provider. This version settles by
/// refund to the original payments; store credit, gift cards and exchanges come with the money issue.
/// </summary>
public static class ResolveReturn
{
    /// <summary>Records the refund against the order's payments, in the same transaction as the case.</summary>
    public static async Task<Result> HandleAsync(ReturnCase returnCase, ResolveReturnRequest r, Actor actor, RetourDbContext db, ReturnsOptions options, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (r.Resolution != Resolution.Refund)
        {
            return Result.Fail("resolution.notAvailable", $"Resolution '{r.Resolution}' is not available yet; this version settles returns by refund to the original payment.", "resolution");
        }

        var order = await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct);
        var refundedBefore = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.OrderId == returnCase.OrderId && c.Id != returnCase.Id)
            .SelectMany(c => c.Lines.Where(l => l.RefundedQuantity > 0).Select(l => new { l.OrderLineId, l.RefundedQuantity }))
            .ToListAsync(ct);
        var before = refundedBefore.GroupBy(x => x.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(x => x.RefundedQuantity));
        return returnCase.RecordRefund(order, before, Deductions(returnCase, order, before, options), actor, now);
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

using Microsoft.EntityFrameworkCore;
using Retour.Domain;
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
        return returnCase.RecordRefund(order, before, options.Deductions, actor, now);
    }
}

using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>One order line as staff see it when opening a return: what can still come back and what the policy says.</summary>
public sealed record StaffOrderLine(OrderLine Line, int Returnable, LineEligibility? Decision);

/// <summary>An order ready for staff to open a return on: its lines judged, the policy's reasons and return methods.</summary>
public sealed record StaffOrder(Order Order, IReadOnlyList<StaffOrderLine> Lines, IReadOnlyList<ReasonRule> Reasons, IReadOnlyList<ReturnMethod> Methods);

/// <summary>
/// Finding an order from what a customer has in hand — at the phone or at a store's counter — and reading it with the
/// same decisions the portal shows.
/// </summary>
public static class StaffOrders
{
    /// <summary>At most this many orders are listed for one search.</summary>
    public const int MaxFound = 20;

    /// <summary>
    /// The orders matching <paramref name="query"/>: an order number, the customer's email, a payment's transaction id
    /// (a receipt-less return: the card slip or bank statement), or a return number (its order), newest first.
    /// </summary>
    public static async Task<IReadOnlyList<Order>> FindAsync(RetourDbContext db, string query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var q = (query ?? string.Empty).Trim();
        if (q.Length == 0)
        {
            return [];
        }

        var email = q.ToLowerInvariant();
        var returnNumber = q.ToUpperInvariant();
        if (ReturnNumber.IsWellFormed(returnNumber))
        {
            var orderId = await db.Returns.AsNoTracking().IgnoreAutoIncludes().Where(r => r.Number == returnNumber).Select(r => (Guid?)r.OrderId).FirstOrDefaultAsync(ct);
            return orderId is { } id ? await db.Orders.AsNoTracking().Where(o => o.Id == id).ToListAsync(ct) : [];
        }

        var byPayment = db.Orders.IgnoreAutoIncludes().Where(o => o.Tenders.Any(t => t.TransactionId == q)).Select(o => o.Id);
        return await db.Orders.AsNoTracking()
            .Where(o => o.Number == q || o.Customer.Email == email || byPayment.Contains(o.Id))
            .OrderByDescending(o => o.PlacedAt)
            .Take(MaxFound)
            .ToListAsync(ct);
    }

    /// <summary>The order with each line's returnable units and the policy's decision (for reason 'changed-mind').</summary>
    public static async Task<StaffOrder?> ReadAsync(RetourDbContext db, PolicyBook book, TimeProvider clock, Guid orderId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return null;
        }

        var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
        var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
        var judged = (await CheckEligibility.JudgeAsync(new EligibilityRequest(order.Id), db, book, clock, ct)).Value;
        var decisions = judged?.Lines.ToDictionary(l => l.OrderLineId) ?? [];
        return new StaffOrder(
            order,
            [.. order.Lines.Select(l => new StaffOrderLine(l, Math.Max(0, l.Quantity - claimed.GetValueOrDefault(l.Id)), decisions.GetValueOrDefault(l.Id)))],
            policy.Current.Policy.Reasons,
            policy.Current.Policy.MethodsOffered());
    }
}

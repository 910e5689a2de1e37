using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Refunds;

/// <summary>
/// Records what a provider later said about a refund it had accepted (a webhook, or an answer to the poller): the
/// refund succeeds or fails on its return in one transaction. Every step is idempotent, so a repeated notification,
/// or a webhook and the poller telling the same thing, changes nothing the second time.
/// </summary>
public static class ProviderRefundUpdates
{
    /// <summary>
    /// Applies <paramref name="outcome"/> to the refund of <paramref name="provider"/> known by Retour's id
    /// (<paramref name="refundId"/>, when the provider echoes it) or else by the provider's reference. Returns false
    /// when no such refund is in Retour.
    /// </summary>
    public static async Task<bool> ApplyAsync(RetourDbContext db, string provider, Guid? refundId, string reference, RefundOutcome outcome, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(clock);
        var query = db.Refunds.AsNoTracking().Where(r => r.Provider == provider);
        query = refundId is { } id ? query.Where(r => r.Id == id) : query.Where(r => r.ProviderReference == reference);
        var found = await query.Select(r => new { r.Id, CaseId = EF.Property<Guid>(r, "ReturnCaseId") }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return false;
        }

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var returnCase = await db.Returns.FirstAsync(r => r.Id == found.CaseId, ct);
            var now = clock.GetUtcNow();
            var result = outcome.Kind switch
            {
                RefundOutcomeKind.Succeeded => returnCase.CompleteRefund(found.Id, outcome.Reference ?? reference, new Actor(ActorKind.Integration, provider), now),
                RefundOutcomeKind.Pending => returnCase.MarkRefundPending(found.Id, outcome.Reference ?? reference, now),
                _ => returnCase.FailRefund(found.Id, outcome.Reason ?? "Declined by the provider.", await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct), now),
            };
            if (!result.IsSuccess)
            {
                // A refund already failed cannot succeed later in Retour: a person deals with it from the staff queue.
                return true;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The return changed meanwhile (the refund worker, a person); read it again.
            }
        }
    }
}

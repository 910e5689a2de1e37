using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Retour.Domain.Returns;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Refunds;

/// <summary>
/// Executes a recorded refund when its <c>RefundRecorded</c> event is delivered: calls the tender's provider with
/// the refund's idempotency key (outside any transaction), then records the outcome. Delivered again after a crash,
/// it either finds the outcome already recorded or asks the provider again with the same key, which does not pay twice.
/// </summary>
/// <remarks>
/// Throughput (docs/benchmarks.md, "Refund worker throughput"): the return is read with a compiled query (EF Core
/// skips building, funcletizing and looking up the query's expression tree on every delivery), and changes are detected
/// once, just before saving, instead of on every <c>ChangeTracker.Entries</c> call the unit of work makes while it
/// moves the case's events into the outbox and looks for stock movements (three full scans of the case's graph).
/// The whole aggregate is still read and changed through the domain, so the refund's rules, its timeline entry, its
/// events and the return's optimistic concurrency token are exactly as before.
/// </remarks>
public sealed class ExecuteRefund(RetourDbContext db, IEnumerable<IPaymentProvider> providers, TimeProvider clock) : IOutboxHandler
{
    // The return with its auto-included collections, tracked: what the domain methods below read and change. A compiled
    // query runs against the one model it was compiled for, so there is one per model (one per provider; tests run both).
    private static readonly ConcurrentDictionary<IModel, Func<RetourDbContext, Guid, CancellationToken, Task<ReturnCase?>>> ReturnById = new();

    /// <inheritdoc />
    public string EventType => nameof(RefundRecorded);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recorded = JsonSerializer.Deserialize<RefundRecorded>(message.Payload, RetourDbContext.Json)!;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await ExecuteAsync(recorded, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private async Task ExecuteAsync(RefundRecorded recorded, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var read = ReturnById.GetOrAdd(db.Model, _ => EF.CompileAsyncQuery((RetourDbContext c, Guid id, CancellationToken t) => c.Returns.FirstOrDefault(r => r.Id == id)));
            var returnCase = await read(db, recorded.ReturnCaseId, ct);
            var refund = returnCase?.Refunds.FirstOrDefault(r => r.Id == recorded.RefundId);
            if (returnCase is null || refund is null || refund.Status != RefundStatus.Recorded)
            {
                return;
            }

            var provider = providers.FirstOrDefault(p => string.Equals(p.Name, refund.Provider, StringComparison.OrdinalIgnoreCase));
            var outcome = provider is null
                ? RefundOutcome.Declined($"No payment provider named '{refund.Provider}' is configured.")
                : await provider.RefundAsync(new RefundInstruction(refund.Id, refund.TransactionId, refund.Amount, refund.CurrencyCode, refund.IdempotencyKey), ct);

            var now = clock.GetUtcNow();
            returnCase.CountRefundAttempt(refund.Id);
            var result = outcome.Kind switch
            {
                RefundOutcomeKind.Succeeded => returnCase.CompleteRefund(refund.Id, outcome.Reference!, new Actor(ActorKind.Integration, refund.Provider), now),
                RefundOutcomeKind.Pending => returnCase.MarkRefundPending(refund.Id, outcome.Reference, now),
                _ => returnCase.FailRefund(refund.Id, outcome.Reason ?? "Declined by the provider.", await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct), now),
            };
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Errors[0].Message);
            }

            try
            {
                // Automatic detection is off for this handler: one scan of the tracked graph, then the save.
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The case changed meanwhile; read it again. The provider call is repeated with the same key, which is safe.
            }
        }
    }
}

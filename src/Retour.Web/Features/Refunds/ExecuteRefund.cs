using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Refunds;

/// <summary>
/// Executes a recorded refund when its <c>RefundRecorded</c> event is delivered: calls the tender's provider with
/// the refund's idempotency key (outside any transaction), then records the outcome. Delivered again after a crash,
/// it either finds the outcome already recorded or asks the provider again with the same key, which does not pay twice.
/// </summary>
public sealed class ExecuteRefund(RetourDbContext db, IEnumerable<IPaymentProvider> providers, TimeProvider clock) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => nameof(RefundRecorded);

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recorded = JsonSerializer.Deserialize<RefundRecorded>(message.Payload, RetourDbContext.Json)!;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == recorded.ReturnCaseId, ct);
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

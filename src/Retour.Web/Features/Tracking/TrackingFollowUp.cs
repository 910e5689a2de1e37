using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Tracking;

/// <summary>
/// Applies the policy's <see cref="RefundTiming"/> when the moment it names comes (decision 0020): on
/// <c>ReturnApproved</c> for OnApproval, on the carrier's scans (<c>ParcelInTransit</c>, <c>ParcelDelivered</c>) for
/// OnFirstScan, on <c>ItemsReceived</c> for OnReceipt — and at receipt for the earlier timings too, when the parcel
/// came without a scan or more units arrived. The refund records go on the return in a unit of work of their own and
/// the refund worker executes them like any other. Idempotent: each unit is refunded in advance at most once, and a
/// message handled again finds nothing left to refund. A parcel that arrives also takes the return off the carrier's
/// attention queue (exception, returned to sender).
/// </summary>
public sealed class TrackingFollowUp(string eventType, RetourDbContext db, PolicyBook book, IOptions<ReturnsOptions> options, TimeProvider clock) : IOutboxHandler
{
    /// <summary>The events handled.</summary>
    public static readonly IReadOnlyList<string> Events = [nameof(ReturnApproved), nameof(ParcelInTransit), nameof(ParcelDelivered), nameof(ItemsReceived)];

    /// <inheritdoc />
    public string EventType => eventType;

    /// <summary>The timings this event applies.</summary>
    public static bool Applies(string eventType, RefundTiming timing) => timing switch
    {
        RefundTiming.OnApproval => true,
        RefundTiming.OnFirstScan => eventType != nameof(ReturnApproved),
        RefundTiming.OnReceipt => eventType == nameof(ItemsReceived),
        _ => false,
    };

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var payload = JsonDocument.Parse(message.Payload);
        var caseId = payload.RootElement.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(nameof(ReturnEvent.ReturnCaseId))).GetGuid();
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Returns.FirstOrDefaultAsync(r => r.Id == caseId, ct) is not { } returnCase)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var changed = false;
            if (eventType == nameof(ItemsReceived) && returnCase.Attention is ReturnAttention.CarrierException or ReturnAttention.ReturnedToSender)
            {
                changed = returnCase.ClearAttention(Actor.System, "The parcel arrived.", now).IsSuccess;
            }

            var policy = await book.InForceAtAsync(db, returnCase.RequestedAt, ct);
            if (Applies(eventType, policy.Policy.RefundTiming))
            {
                var order = await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct);
                var before = await RefundedBeforeAsync(db, returnCase, ct);
                var versionBefore = returnCase.Version;
                var advanced = returnCase.RefundInAdvance(order, before, options.Value.Deductions, policy.Policy.RefundTiming, Actor.System, now);
                if (!advanced.IsSuccess)
                {
                    // The payments cannot take it (refunded elsewhere): the settlement will decide, with a person.
                    db.Entry(order).State = EntityState.Unchanged;
                }

                changed |= returnCase.Version != versionBefore;
            }

            if (!changed)
            {
                return;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The return or the order changed meanwhile (a carrier event, a receipt): read again.
            }
        }
    }

    // Units of each order line settled by the order's other returns, as ResolveReturn counts them.
    private static async Task<Dictionary<Guid, int>> RefundedBeforeAsync(RetourDbContext db, ReturnCase returnCase, CancellationToken ct)
    {
        var rows = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.OrderId == returnCase.OrderId && c.Id != returnCase.Id)
            .SelectMany(c => c.Lines.Where(l => l.RefundedQuantity > 0).Select(l => new { l.OrderLineId, l.RefundedQuantity }))
            .ToListAsync(ct);
        return rows.GroupBy(x => x.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(x => x.RefundedQuantity));
    }
}

using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Tracking;

/// <summary>
/// Applies one carrier event in a transaction of its own: the receipt (unique per carrier and event id) and the
/// return's change are saved together, so an event either applied once or not at all. Two deliveries of the same
/// event at once: the unique index refuses the second, which then answers duplicate. Two different events for the
/// same return at once: the return's version refuses the second, which is retried on the fresh return.
/// </summary>
public sealed class CarrierEventReceiver
{
    /// <summary>The event changed (or was written on) its return.</summary>
    public const string Applied = "applied";

    /// <summary>Already received: nothing changed.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>No return has its tracking number; kept for staff.</summary>
    public const string Unmatched = "unmatched";

    /// <summary>The return's state does not take it (not approved yet); kept, nothing changed.</summary>
    public const string Refused = "refused";

    private const int Attempts = 4;

    private CarrierEventReceiver()
    {
    }

    /// <summary>Applies <paramref name="e"/> (already validated) sent by <paramref name="carrier"/>.</summary>
    public static async Task<CarrierEventResult> ApplyAsync(RetourDbContext db, string carrier, CarrierEventIn e, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var eventId = e.EventId!;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var known = await db.Set<CarrierEventReceipt>().AsNoTracking().Where(r => r.Carrier == carrier && r.EventId == eventId).Select(r => r.ReturnNumber).ToListAsync(ct);
            if (known.Count > 0)
            {
                return new CarrierEventResult(eventId, Duplicate, true, known[0]);
            }

            var now = clock.GetUtcNow();
            var kind = CarrierEventsApi.Types[e.Type!];
            var candidates = await db.Returns.Where(r => r.TrackingNumber == e.TrackingNumber).OrderByDescending(r => r.RequestedAt).ToListAsync(ct);
            var returnCase = candidates.Find(r => string.Equals(r.LabelCarrier, carrier, StringComparison.OrdinalIgnoreCase));
            var receipt = new CarrierEventReceipt
            {
                Id = Guid.CreateVersion7(now),
                Carrier = carrier,
                EventId = eventId,
                TrackingNumber = e.TrackingNumber!,
                Kind = kind,
                OccurredAt = e.OccurredAt!.Value.ToUniversalTime(),
                Location = e.Location,
                Detail = e.Detail,
                ReceivedAt = now,
                ReturnCaseId = returnCase?.Id,
                ReturnNumber = returnCase?.Number,
                Outcome = Unmatched,
            };
            string? refusal = null;
            if (returnCase is not null)
            {
                var result = returnCase.RecordCarrierEvent(new Actor(ActorKind.Integration, carrier), kind, receipt.OccurredAt, e.Detail, now, e.Location);
                refusal = result.IsSuccess ? null : result.Errors[0].Message;
                receipt.Outcome = refusal is null ? Applied : $"{Refused}: {refusal}";
                if (refusal is not null)
                {
                    // Nothing of the return changes; only the receipt is kept, so a retry is a duplicate.
                    db.Entry(returnCase).State = EntityState.Unchanged;
                }
            }

            db.Add(receipt);
            try
            {
                await db.SaveChangesAsync(ct);
                return new CarrierEventResult(eventId, returnCase is null ? Unmatched : refusal is null ? Applied : Refused, false, returnCase?.Number, refusal);
            }
            catch (DbUpdateException) when (attempt < Attempts && !ct.IsCancellationRequested)
            {
                // Either the same event was saved by a concurrent delivery (the next look finds it) or the return
                // changed under us (the next attempt reads it again).
            }
        }
    }
}

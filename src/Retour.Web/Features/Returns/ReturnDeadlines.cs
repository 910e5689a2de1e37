using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>What one sweep of the deadlines did.</summary>
public sealed record DeadlineSweep(int Expired, int Closed, int IdempotencyKeysPurged, int OutboxMessagesPurged);

/// <summary>
/// Time-driven transitions: returns not shipped by their deadline expire, resolved returns close after the quiet
/// period, and Idempotency-Key records older than a day are forgotten. Run by <c>ReturnDeadlinesWorker</c>.
/// </summary>
public sealed class ReturnDeadlines(RetourDbContext db, TimeProvider clock, IOptions<ReturnsOptions> options)
{
    private const int Batch = 200;

    /// <summary>How long a response is kept for replay.</summary>
    public static readonly TimeSpan IdempotencyRetention = TimeSpan.FromHours(24);

    /// <summary>How long a delivered event stays in the outbox (to look into a delivery).</summary>
    public static readonly TimeSpan OutboxRetention = TimeSpan.FromDays(7);

    /// <summary>Runs one sweep; each case is its own transaction, so one conflict does not hold up the rest.</summary>
    public async Task<DeadlineSweep> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        var due = await db.Returns.IgnoreAutoIncludes()
            .Where(r => (r.Status == ReturnStatus.Approved || r.Status == ReturnStatus.AwaitingShipment) && r.ShipBy < now)
            .OrderBy(r => r.ShipBy)
            .Select(r => r.Id)
            .Take(Batch)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            expired += await ApplyAsync(id, r => r.Expire(now), ct) ? 1 : 0;
        }

        var closed = 0;
        var quietSince = now.AddDays(-options.Value.CloseAfterDays);
        var resolved = await db.Returns.IgnoreAutoIncludes()
            .Where(r => r.Status == ReturnStatus.Resolved && r.UpdatedAt < quietSince)
            .OrderBy(r => r.UpdatedAt)
            .Select(r => r.Id)
            .Take(Batch)
            .ToListAsync(ct);
        foreach (var id in resolved)
        {
            closed += await ApplyAsync(id, r => r.Close(Actor.System, now), ct) ? 1 : 0;
        }

        var forgetBefore = now - IdempotencyRetention;
        var purged = await db.IdempotencyRecords.Where(r => r.CreatedAt < forgetBefore).ExecuteDeleteAsync(ct);
        var deliveredBefore = now - OutboxRetention;
        var delivered = await db.OutboxMessages.Where(m => m.ProcessedAt != null && m.ProcessedAt < deliveredBefore).ExecuteDeleteAsync(ct);
        return new DeadlineSweep(expired, closed, purged, delivered);
    }

    private async Task<bool> ApplyAsync(Guid id, Func<ReturnCase, Domain.Result> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var returnCase = await db.Returns.FirstAsync(r => r.Id == id, ct);
        if (!change(returnCase).IsSuccess)
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone acted on the case meanwhile (shipped it, say); the next sweep looks again.
            return false;
        }
    }
}

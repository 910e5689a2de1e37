using Microsoft.EntityFrameworkCore;

namespace Retour.Web.Persistence;

/// <summary>
/// Claims outbox messages for one worker. On PostgreSQL several nodes lease concurrently with
/// <c>FOR UPDATE SKIP LOCKED</c>, so each row goes to exactly one of them; SQLite has one writer at a time and
/// claims each row with a conditional update.
/// </summary>
internal static class OutboxLeases
{
    public static async Task<List<OutboxMessage>> LeaseAsync(RetourDbContext db, string owner, int batch, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        var until = now + lease;
        if (db.SupportsSkipLocked)
        {
            return await db.OutboxMessages.FromSql($"""
                UPDATE "OutboxMessages" SET "LeasedUntil" = {until}, "LeaseOwner" = {owner}, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE "ProcessedAt" IS NULL AND "AvailableAt" <= {now} AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                    ORDER BY "CreatedAt", "Id"
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).AsNoTracking().ToListAsync(ct);
        }

        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.AvailableAt <= now && (m.LeasedUntil == null || m.LeasedUntil < now))
            .OrderBy(m => m.CreatedAt)
            .Select(m => m.Id)
            .Take(batch)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        await db.OutboxMessages
            .Where(x => candidates.Contains(x.Id) && x.ProcessedAt == null && (x.LeasedUntil == null || x.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeasedUntil, until).SetProperty(x => x.LeaseOwner, owner).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
        return await db.OutboxMessages.AsNoTracking()
            .Where(x => candidates.Contains(x.Id) && x.LeaseOwner == owner && x.LeasedUntil == until)
            .OrderBy(x => x.CreatedAt)
            .ToListAsync(ct);
    }

    public static Task<int> CompleteAsync(RetourDbContext db, IReadOnlyCollection<Guid> ids, string owner, DateTimeOffset now, CancellationToken ct) =>
        db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null), ct);

    public static Task<int> RetryLaterAsync(RetourDbContext db, Guid id, string owner, DateTimeOffset availableAt, string error, CancellationToken ct) =>
        db.OutboxMessages.Where(m => m.Id == id && m.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.AvailableAt, availableAt).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, error), ct);
}

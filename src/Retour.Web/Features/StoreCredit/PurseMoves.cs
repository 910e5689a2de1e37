using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Web.Persistence;

namespace Retour.Web.Features.StoreCredit;

/// <summary>A hold as the API shows it, with what its purse has available after the move.</summary>
/// <param name="Id">The hold.</param>
/// <param name="Purse">storeCredit or giftCard.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">Set aside.</param>
/// <param name="Captured">Spent, once captured.</param>
/// <param name="Status">open, captured, released or lapsed.</param>
/// <param name="OrderReference">The shop's order or checkout.</param>
/// <param name="CreatedAt">When placed.</param>
/// <param name="ExpiresAt">When an open hold is released on its own.</param>
/// <param name="ClosedAt">When captured, released or lapsed.</param>
/// <param name="Available">What the account or card has available now.</param>
public sealed record HoldResponse(Guid Id, PurseKind Purse, string Currency, decimal Amount, decimal Captured, HoldStatus Status, string OrderReference, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ClosedAt, decimal Available)
{
    /// <summary>The response of a hold and its purse.</summary>
    public static HoldResponse From(CreditHold hold, Purse purse)
    {
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(purse);
        return new(hold.Id, hold.Purse, hold.Currency, hold.Amount, hold.Captured, hold.Status, hold.OrderReference, hold.CreatedAt, hold.ExpiresAt, hold.ClosedAt, purse.Available);
    }
}

/// <summary>How a money move on a purse ended.</summary>
public enum MoveStatus
{
    /// <summary>A new hold placed (201).</summary>
    Placed,

    /// <summary>Done now (200).</summary>
    Done,

    /// <summary>The same move was already done; its result is returned (200).</summary>
    AlreadyDone,

    /// <summary>No such hold (404).</summary>
    NotFound,

    /// <summary>Refused by a rule (422).</summary>
    Refused,

    /// <summary>The reference was already used for a different move (409).</summary>
    Conflict,
}

/// <summary>The end of a money move: its status, the hold and purse as saved, or the refusal.</summary>
public sealed record MoveOutcome(MoveStatus Status, CreditHold? Hold, Purse? Purse, Result? Refusal);

/// <summary>
/// Holds, captures and releases on a store-credit account or a gift card, each in one transaction that first locks the
/// purse (PostgreSQL: <c>SELECT … FOR UPDATE</c> on its row; SQLite: the process's write gate, taken when the
/// transaction begins), so concurrent moves on one purse queue and each sees the balance the previous one left: no
/// overspending, and no lost update. The purse's concurrency token still guards against writers that did not lock (a
/// settlement issuing credit): such a writer fails with a conflict and retries.
/// </summary>
public static class PurseMoves
{
    /// <summary>Places a hold on the purse <paramref name="purseId"/>; the same order reference again returns the first hold.</summary>
    public static async Task<MoveOutcome> HoldAsync<T>(RetourDbContext db, Guid purseId, decimal amount, string orderReference, DateTimeOffset now, TimeSpan lifetime, Func<T, Result>? check, CancellationToken ct)
        where T : Purse
    {
        ArgumentNullException.ThrowIfNull(db);
        var reference = (orderReference ?? string.Empty).Trim();
        await using var transaction = await LockAsync<T>(db, purseId, ct);
        var purse = await db.Set<T>().FirstAsync(p => p.Id == purseId, ct);
        var existing = await db.CreditHolds.FirstOrDefaultAsync(h => h.PurseId == purseId && h.OrderReference == reference, ct);
        if (existing is not null)
        {
            return existing.Amount == amount
                ? new(MoveStatus.AlreadyDone, existing, purse, null)
                : new(MoveStatus.Conflict, existing, purse, Result.Fail("credit.hold.referenceUsed", $"Order '{reference}' already has a hold of {existing.Amount} {existing.Currency}; release it and hold under another reference.", "orderReference"));
        }

        if (check?.Invoke(purse) is { IsSuccess: false } refused)
        {
            return new(MoveStatus.Refused, null, purse, refused);
        }

        var version = purse.Version;
        await ReleaseLapsedAsync(db, purse, now, ct);
        var (hold, posted, result) = purse.Hold(amount, reference, now, now + lifetime);
        if (hold is null)
        {
            if (purse.Version != version)
            {
                // The lapsed holds released on the way are kept, even though this hold is refused.
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return new(MoveStatus.Refused, null, purse, result);
        }

        db.CreditHolds.Add(hold);
        db.LedgerEntries.AddRange(posted!.Entries);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(MoveStatus.Placed, hold, purse, null);
    }

    /// <summary>Captures <paramref name="amount"/> of the hold; capturing the same amount again answers with the captured hold.</summary>
    public static Task<MoveOutcome> CaptureAsync<T>(RetourDbContext db, Guid holdId, decimal amount, DateTimeOffset now, CancellationToken ct)
        where T : Purse =>
        OnHoldAsync<T>(
            db,
            holdId,
            now,
            hold => hold.Status == HoldStatus.Captured && hold.Captured == amount,
            (purse, hold) => purse.Capture(hold, amount, now),
            ct);

    /// <summary>Releases the hold; releasing it again answers with the released hold.</summary>
    public static Task<MoveOutcome> ReleaseAsync<T>(RetourDbContext db, Guid holdId, DateTimeOffset now, CancellationToken ct)
        where T : Purse =>
        OnHoldAsync<T>(
            db,
            holdId,
            now,
            hold => hold.Status is HoldStatus.Released or HoldStatus.Lapsed,
            (purse, hold) =>
            {
                var (transaction, result) = purse.Release(hold, now);
                return (transaction is null ? [] : [transaction], result);
            },
            ct);

    /// <summary>
    /// Begins the move's transaction and locks the purse's row on PostgreSQL (on SQLite the transaction itself holds
    /// the process's write gate).
    /// </summary>
    public static async Task<IDbContextTransaction> LockAsync<T>(RetourDbContext db, Guid purseId, CancellationToken ct)
        where T : Purse
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.SupportsSkipLocked)
        {
            await (typeof(T) == typeof(GiftCard)
                ? db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"GiftCards\" WHERE \"Id\" = {purseId} FOR UPDATE", ct)
                : db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"StoreCreditAccounts\" WHERE \"Id\" = {purseId} FOR UPDATE", ct));
        }

        return transaction;
    }

    /// <summary>Releases the purse's open holds past their expiry (tracked, saved by the caller).</summary>
    public static async Task ReleaseLapsedAsync(RetourDbContext db, Purse purse, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(purse);
        var lapsed = await db.CreditHolds.Where(h => h.PurseId == purse.Id && h.Status == HoldStatus.Open && h.ExpiresAt <= now).ToListAsync(ct);
        foreach (var hold in lapsed)
        {
            if (purse.Release(hold, now) is ({ } transaction, _))
            {
                db.LedgerEntries.AddRange(transaction.Entries);
            }
        }
    }

    private static async Task<MoveOutcome> OnHoldAsync<T>(
        RetourDbContext db,
        Guid holdId,
        DateTimeOffset now,
        Func<CreditHold, bool> alreadyDone,
        Func<T, CreditHold, (IReadOnlyList<LedgerTransaction> Transactions, Result Result)> move,
        CancellationToken ct)
        where T : Purse
    {
        ArgumentNullException.ThrowIfNull(db);
        var kind = typeof(T) == typeof(GiftCard) ? PurseKind.GiftCard : PurseKind.StoreCredit;
        var purseId = await db.CreditHolds.AsNoTracking().Where(h => h.Id == holdId && h.Purse == kind).Select(h => (Guid?)h.PurseId).FirstOrDefaultAsync(ct);
        if (purseId is null)
        {
            return new(MoveStatus.NotFound, null, null, null);
        }

        await using var transaction = await LockAsync<T>(db, purseId.Value, ct);
        var purse = await db.Set<T>().FirstAsync(p => p.Id == purseId, ct);
        var hold = await db.CreditHolds.FirstAsync(h => h.Id == holdId, ct);
        if (alreadyDone(hold))
        {
            return new(MoveStatus.AlreadyDone, hold, purse, null);
        }

        var (transactions, result) = move(purse, hold);
        if (!result.IsSuccess)
        {
            if (result.Errors[0].Code == "credit.hold.lapsed")
            {
                // The shop came back too late: the hold is released now, and the refusal says so.
                await ReleaseLapsedAsync(db, purse, now, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return new(MoveStatus.Refused, hold, purse, result);
        }

        foreach (var posted in transactions)
        {
            db.LedgerEntries.AddRange(posted.Entries);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(MoveStatus.Done, hold, purse, null);
    }
}

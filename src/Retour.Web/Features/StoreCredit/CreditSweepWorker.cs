using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Money;
using Retour.Web.Persistence;

namespace Retour.Web.Features.StoreCredit;

/// <summary>
/// Releases holds the shop neither captured nor released in time, and posts credit that lapsed under the merchant's
/// expiry policy to breakage. Each purse is changed in its own locked transaction, like any money move, so the sweep and
/// the shop never overwrite each other; a repeated sweep over the same state posts nothing twice.
/// </summary>
public static class CreditSweep
{
    /// <summary>Sweeps once at <paramref name="now"/>; answers the number of purses changed.</summary>
    public static async Task<int> RunAsync(RetourDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var due = await db.CreditHolds.AsNoTracking().Where(h => h.Status == HoldStatus.Open && h.ExpiresAt <= now).Select(h => new { h.Purse, h.PurseId }).Distinct().Take(500).ToListAsync(ct);
        due.AddRange(await db.StoreCreditAccounts.AsNoTracking().Where(a => a.NextLapseAt <= now).Select(a => new { Purse = PurseKind.StoreCredit, PurseId = a.Id }).Take(500).ToListAsync(ct));
        due.AddRange(await db.GiftCards.AsNoTracking().Where(c => c.NextLapseAt <= now).Select(c => new { Purse = PurseKind.GiftCard, PurseId = c.Id }).Take(500).ToListAsync(ct));
        var changed = 0;
        foreach (var purse in due.Distinct())
        {
            changed += purse.Purse == PurseKind.GiftCard
                ? await SweepAsync<GiftCard>(db, purse.PurseId, now, ct)
                : await SweepAsync<StoreCreditAccount>(db, purse.PurseId, now, ct);
            db.ChangeTracker.Clear();
        }

        return changed;
    }

    private static async Task<int> SweepAsync<T>(RetourDbContext db, Guid purseId, DateTimeOffset now, CancellationToken ct)
        where T : Purse
    {
        await using var transaction = await PurseMoves.LockAsync<T>(db, purseId, ct);
        var purse = await db.Set<T>().FirstAsync(p => p.Id == purseId, ct);
        var (version, lapse) = (purse.Version, purse.NextLapseAt);
        await PurseMoves.ReleaseLapsedAsync(db, purse, now, ct);
        var history = await db.LedgerEntries.AsNoTracking().Where(e => e.PurseId == purseId && e.Account == LedgerAccount.Available).ToListAsync(ct);
        history.AddRange(db.LedgerEntries.Local.Where(e => e.PurseId == purseId && e.Account == LedgerAccount.Available));
        var (expired, _) = lapse <= now ? purse.Expire(history, now) : (null, Domain.Result.Ok());
        if (expired is not null)
        {
            // Under the purse's lock a second sweep computes nothing left to expire; the unique index backs that up.
            db.LedgerEntries.AddRange(expired.Entries);
        }

        if (purse.Version == version && purse.NextLapseAt == lapse)
        {
            return 0;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return 1;
    }
}

/// <summary>Runs <see cref="CreditSweep"/> every <see cref="CreditOptions.SweepInterval"/>.</summary>
internal sealed partial class CreditSweepWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CreditOptions> options, ILogger<CreditSweepWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                await CreditSweep.RunAsync(scope.ServiceProvider.GetRequiredService<RetourDbContext>(), clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credit sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

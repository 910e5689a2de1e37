using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>
/// The back office's queue counts, kept per instance and served without waiting: the first request reads them, then
/// a request that finds them older than <see cref="MaxAge"/> gets the last counts at once while one background read
/// refreshes them (stale-while-revalidate). Nine capped counts cost 20–100 ms together at a million returns; paid
/// inside a page they were the slowest pages' tail, paid beside it they cost nobody a wait.
/// </summary>
public sealed class QueueCounts(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    /// <summary>How old counts may be before a request triggers a refresh.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _first = new(1, 1);
    private volatile Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>Counts of <paramref name="queues"/> (each up to <paramref name="cap"/> + 1), by key.</summary>
    public async Task<IReadOnlyDictionary<string, int>> GetAsync(IReadOnlyList<(string Key, Worklist Queue)> queues, int cap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (_snapshot is { } known)
        {
            if (clock.GetUtcNow() - known.At > MaxAge && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                // One refresh at a time, on its own scope and database context; a failure keeps the last counts.
                _ = Task.Run(async () =>
                {
                    try
                    {
                        _snapshot = await ReadAsync(queues, cap, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // Served stale a little longer; the next request tries again.
                    }
                    finally
                    {
                        Volatile.Write(ref _refreshing, 0);
                    }
                }, CancellationToken.None);
            }

            return known.Counts;
        }

        await _first.WaitAsync(ct);
        try
        {
            return (_snapshot ??= await ReadAsync(queues, cap, ct)).Counts;
        }
        finally
        {
            _first.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _first.Dispose();

    /// <summary>Forgets the counts, so the next page reads them (after a bulk action by this instance).</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> ReadAsync(IReadOnlyList<(string Key, Worklist Queue)> queues, int cap, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        var now = clock.GetUtcNow();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, queue) in queues)
        {
            counts[key] = await ListReturns.CountAsync(db, queue, now, cap, ct);
        }

        return new Snapshot(counts, now);
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, int> Counts, DateTimeOffset At);
}

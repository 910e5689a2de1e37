using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>A version that was in force at some time: its number and when it came into force.</summary>
public sealed record PublishedEntry(int Number, DateTimeOffset PublishedAt);

/// <summary>
/// The policies in force, compiled once per version. Published documents never change, so a compiled version is
/// kept for good; what can change is which versions exist. Several instances may share one database, so the latest
/// published number is re-read with one tiny query at most once a second, and at once after this instance publishes.
/// Until a first version is published, the policy comes from configuration (<see cref="ReturnsOptions"/>).
/// </summary>
public sealed class PolicyBook(IOptions<ReturnsOptions> options) : IDisposable
{
    private const long RecheckMilliseconds = 1000;
    private const long Never = long.MinValue;

    private readonly ConcurrentDictionary<int, CompiledPolicy> _compiled = new();
    private readonly Lazy<CompiledPolicy> _fallback = new(() => options.Value.ToPolicy());
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _snapshot = new(-1, [], Never);

    /// <summary>The policy in force now.</summary>
    public async Task<CompiledPolicy> CurrentAsync(RetourDbContext db, CancellationToken ct)
    {
        var snapshot = await FreshAsync(db, ct);
        return snapshot.Published.Count == 0 ? _fallback.Value : await CompiledAsync(db, snapshot.Published[^1].Number, ct);
    }

    /// <summary>The current published version with when it came into force, or null while none is published.</summary>
    public async Task<PublishedEntry?> CurrentEntryAsync(RetourDbContext db, CancellationToken ct)
    {
        var snapshot = await FreshAsync(db, ct);
        return snapshot.Published.Count == 0 ? null : snapshot.Published[^1];
    }

    /// <summary>The policy that was in force at an instant (the earliest published one for instants before any).</summary>
    public async Task<CompiledPolicy> InForceAtAsync(RetourDbContext db, DateTimeOffset at, CancellationToken ct)
    {
        var snapshot = await FreshAsync(db, ct);
        var entry = PolicyVersions.InForceAt(snapshot.Published, p => p.PublishedAt, at);
        return entry is null ? _fallback.Value : await CompiledAsync(db, entry.Number, ct);
    }

    /// <summary>The judge of returns from an order placed at <paramref name="placedAt"/>: that day's version and the current one.</summary>
    public async Task<VersionedPolicy> ForOrderAsync(RetourDbContext db, DateTimeOffset placedAt, CancellationToken ct) =>
        new(await InForceAtAsync(db, placedAt, ct), await CurrentAsync(db, ct));

    /// <summary>Makes the next read look at the database again (called after this instance publishes).</summary>
    public void Invalidate() => _snapshot = _snapshot with { CheckedAt = Never };

    private async Task<Snapshot> FreshAsync(RetourDbContext db, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (!snapshot.IsStale)
        {
            return snapshot;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (!snapshot.IsStale)
            {
                return snapshot;
            }

            // Versions are only ever added, so the highest published number tells whether anything changed.
            var latest = await db.PolicyVersions.AsNoTracking()
                .Where(p => p.Status != PolicyStatus.Draft)
                .MaxAsync(p => (int?)p.Number, ct) ?? 0;
            if (latest != snapshot.Latest)
            {
                var published = await db.PolicyVersions.AsNoTracking()
                    .Where(p => p.Status != PolicyStatus.Draft)
                    .OrderBy(p => p.Number)
                    .Select(p => new PublishedEntry(p.Number, p.PublishedAt!.Value))
                    .ToListAsync(ct);
                snapshot = new Snapshot(latest, published, Environment.TickCount64);
            }
            else
            {
                snapshot = snapshot with { CheckedAt = Environment.TickCount64 };
            }

            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<CompiledPolicy> CompiledAsync(RetourDbContext db, int number, CancellationToken ct)
    {
        if (_compiled.TryGetValue(number, out var compiled))
        {
            return compiled;
        }

        var document = await db.PolicyVersions.AsNoTracking().Where(p => p.Number == number).Select(p => p.Document).FirstAsync(ct);
        return _compiled.GetOrAdd(number, _ => CompiledPolicy.Compile(document, PolicyVersion.Tag(number)));
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private sealed record Snapshot(int Latest, IReadOnlyList<PublishedEntry> Published, long CheckedAt)
    {
        public bool IsStale => CheckedAt == Never || Environment.TickCount64 - CheckedAt >= RecheckMilliseconds;
    }
}

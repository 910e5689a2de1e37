using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Webhooks;

/// <summary>An active (not paused) subscription as the outbox handler and the dispatcher need it.</summary>
/// <param name="Id">The subscription.</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">Its event names, or <c>*</c>.</param>
/// <param name="ProtectedSecret">The encrypted secret.</param>
/// <param name="PreviousProtectedSecret">The encrypted secret before a rotation, while it still signs.</param>
/// <param name="PreviousUntil">When the previous secret stops signing.</param>
public sealed record ActiveSubscription(Guid Id, string Url, IReadOnlyList<string> Events, string ProtectedSecret, string? PreviousProtectedSecret = null, DateTimeOffset? PreviousUntil = null)
{
    /// <summary>True when it receives <paramref name="eventName"/>.</summary>
    public bool Receives(string eventName) => Events.Any(e => e == WebhookEvents.All || string.Equals(e, eventName, StringComparison.Ordinal));
}

/// <summary>
/// The active subscriptions, read from the database at most once a second, and again at once after a change made in
/// this process: the outbox handler runs for every published event, and most of them have no subscriber. A change
/// made on another node is seen within the second.
/// </summary>
public sealed class ActiveSubscriptions(WebhookSignal signal)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private Snapshot _snapshot = new(new Dictionary<Guid, ActiveSubscription>(), -1, Stopwatch.StartNew());

    /// <summary>The active subscriptions by id.</summary>
    public async Task<IReadOnlyDictionary<Guid, ActiveSubscription>> GetAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var cached = _snapshot;
        var version = signal.Version;
        if (cached.Version == version && cached.Age.Elapsed < MaxAge)
        {
            return cached.Items;
        }

        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(s => !s.Paused)
            .Select(s => new { s.Id, s.Url, s.Events, s.ProtectedSecret, s.PreviousProtectedSecret, s.PreviousSecretUntil })
            .ToListAsync(ct);
        var items = rows.ToDictionary(r => r.Id, r => new ActiveSubscription(r.Id, r.Url, r.Events.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.ProtectedSecret, r.PreviousProtectedSecret, r.PreviousSecretUntil));
        _snapshot = new(items, version, Stopwatch.StartNew());
        return items;
    }

    private sealed record Snapshot(Dictionary<Guid, ActiveSubscription> Items, int Version, Stopwatch Age);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Webhooks;

/// <summary>
/// The outbox's side of webhooks: for one published event type, records a pending delivery per active subscription
/// that receives it, in its own transaction, and wakes the dispatcher. It never calls a receiver, so a slow or dead
/// URL cannot hold the outbox. Idempotent: one delivery per outbox message and subscription (a unique index), so a
/// message delivered twice records nothing the second time.
/// </summary>
public sealed class RecordWebhookDeliveries(WebhookEvent published, RetourDbContext db, ActiveSubscriptions active, WebhookSignal signal, IOptions<WebhookOptions> options, TimeProvider clock) : IOutboxHandler
{
    /// <inheritdoc />
    public string EventType => published.OutboxType;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receiving = (await active.GetAsync(db, ct)).Values.Where(s => s.Receives(published.Name)).Select(s => s.Id).ToList();
        if (receiving.Count == 0)
        {
            return;
        }

        var recorded = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.EventId == message.Id).Select(d => d.SubscriptionId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var body = WebhookEvents.Body(message.Id, published.Name, message.CreatedAt, message.Payload);
        var added = 0;
        foreach (var id in receiving.Where(id => !recorded.Contains(id)))
        {
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                SubscriptionId = id,
                EventId = message.Id,
                Event = published.Name,
                Body = body,
                Status = WebhookDeliveryStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
                RetryUntil = now + options.Value.RetryWindow,
            });
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
            signal.Notify();
        }
    }
}

/// <summary>Wakes the dispatcher when deliveries are recorded or re-sent in this process.</summary>
public sealed class WebhookSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _version;

    /// <summary>Changes each time a subscription is changed in this process.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Tells the dispatcher a subscription changed, and wakes it.</summary>
    public void SubscriptionsChanged()
    {
        Interlocked.Increment(ref _version);
        Notify();
    }

    /// <summary>Signals new work; several signals before a wait count once.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Signalled at the same moment by another thread; one is enough.
            }
        }
    }

    /// <summary>Waits for a signal or the timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}

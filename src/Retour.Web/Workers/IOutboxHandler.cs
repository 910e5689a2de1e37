using Retour.Web.Persistence;

namespace Retour.Web.Workers;

/// <summary>
/// Reacts to one kind of event from the outbox. Delivery is at least once, so a handler must be idempotent:
/// handling the same message twice has the effect of handling it once.
/// </summary>
public interface IOutboxHandler
{
    /// <summary>The event name handled, e.g. RefundRecorded.</summary>
    string EventType { get; }

    /// <summary>Handles the message; an exception makes the worker retry it later with backoff.</summary>
    Task HandleAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>Outbox delivery settings (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Outbox";

    /// <summary>How often an idle worker looks for events committed by other instances.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the worker waits after being woken before it leases: events committed meanwhile are delivered in
    /// the same batch, so a busy host leases once per burst rather than once per commit.
    /// </summary>
    public TimeSpan Coalesce { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Messages leased at once (one statement; on PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>).</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>
    /// Messages of different return cases handled at once within a batch, each in its own scope and transaction
    /// (the messages of one case stay in order). On SQLite the write gate queues their writes.
    /// </summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>How long a lease lasts; a worker that dies releases its messages when it ends.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of the retry backoff.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Workers;

/// <summary>
/// Delivers outbox messages to their handlers, at least once: it leases a batch, runs each message's handlers in
/// their own scope (so each in its own transaction), marks the delivered ones processed, and on failure retries a
/// message later with exponential backoff. It wakes at once when this process commits events, and polls for events
/// committed by other instances.
/// </summary>
/// <remarks>
/// Ordering: a batch is leased oldest first, and the messages of one return case are handled one after another in
/// that order (a refund's outcome is recorded before the next event of the same case is looked at); messages of
/// different cases run side by side, at most <see cref="OutboxOptions.Parallelism"/> at once. A message that fails
/// waits for its backoff while later ones go ahead, as before. On SQLite the write gate (decision 0003) queues the
/// handlers' transactions, so parallelism there only overlaps provider calls with writes.
/// </remarks>
public sealed partial class OutboxWorker(
    IServiceScopeFactory scopes,
    OutboxHandlers handlers,
    OutboxSignal signal,
    RetourMetrics metrics,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(100, Environment.MachineName.Length + 33)];

    /// <summary>The lease owner this worker writes on the messages it holds.</summary>
    public string Owner => _owner;

    /// <summary>Delivers one batch; returns how many messages were leased.</summary>
    public async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        List<OutboxMessage> batch;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
            batch = await OutboxLeases.LeaseAsync(db, _owner, o.BatchSize, o.Lease, clock.GetUtcNow(), ct);
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        metrics.OutboxLag(clock.GetUtcNow() - batch.Min(m => m.CreatedAt));

        // Events nobody handles yet are completed together, with the delivered ones below.
        var handled = handlers.Types(scopes);
        var done = new List<Guid>(batch.Count);
        done.AddRange(batch.Where(m => !handled.Contains(m.Type)).Select(m => m.Id));

        var groups = batch.Where(m => handled.Contains(m.Type)).GroupBy(OrderingKey).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Parallelism), CancellationToken = ct }, async (group, token) =>
        {
            foreach (var message in group)
            {
                if (await DeliverAsync(message, token))
                {
                    lock (done)
                    {
                        done.Add(message.Id);
                    }
                }
            }
        });

        if (done.Count > 0)
        {
            using var scope = scopes.CreateScope();
            await OutboxLeases.CompleteAsync(scope.ServiceProvider.GetRequiredService<RetourDbContext>(), done, _owner, clock.GetUtcNow(), ct);
        }

        return batch.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var leased = 0;
            try
            {
                leased = await DeliverBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(logger, ex);
            }

            if (leased < options.Value.BatchSize)
            {
                try
                {
                    if (await signal.WaitAsync(options.Value.PollInterval, stoppingToken) && options.Value.Coalesce > TimeSpan.Zero)
                    {
                        await Task.Delay(options.Value.Coalesce, stoppingToken);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // The return case a message belongs to (every ReturnEvent carries returnCaseId); other messages stand alone.
    private static Guid OrderingKey(OutboxMessage message)
    {
        try
        {
            using var json = JsonDocument.Parse(message.Payload);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("returnCaseId", out var id) && id.TryGetGuid(out var caseId)
                ? caseId
                : message.Id;
        }
        catch (JsonException)
        {
            return message.Id;
        }
    }

    // True when every handler ran; the caller completes the message with the rest of the batch. A crash before that
    // leaves it leased: it is delivered again when the lease ends, and the handlers are idempotent.
    private async Task<bool> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        try
        {
            foreach (var handler in handlers.For(scope.ServiceProvider, scopes, message.Type))
            {
                await handler.HandleAsync(message, ct);
            }

            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var backoff = Backoff(message.Attempts, options.Value.MaxBackoff);
            LogDeliveryFailed(logger, ex, message.Type, message.Id, message.Attempts, backoff);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            using var retryScope = scopes.CreateScope();
            await OutboxLeases.RetryLaterAsync(retryScope.ServiceProvider.GetRequiredService<RetourDbContext>(), message.Id, _owner, clock.GetUtcNow() + backoff, error[..Math.Min(error.Length, 2000)], CancellationToken.None);
            return false;
        }
    }

    /// <summary>How long a message waits after its <paramref name="attempts"/>-th failed delivery: 2, 4, 8 … seconds, at most <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, Math.Pow(2, Math.Clamp(attempts, 1, 20))));

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Type} {MessageId} failed (attempt {Attempts}); retrying in {Backoff}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string type, Guid messageId, int attempts, TimeSpan backoff);
}

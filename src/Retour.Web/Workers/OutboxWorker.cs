using Microsoft.Extensions.Options;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Workers;

/// <summary>
/// Delivers outbox messages to their handlers, at least once: it leases a batch, runs each message's handlers in
/// their own scope, marks it processed, and on failure retries it later with exponential backoff. It wakes at once
/// when this process commits events, and polls for events committed by other instances.
/// </summary>
public sealed partial class OutboxWorker(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    RetourMetrics metrics,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    private HashSet<string>? _handledTypes;
    private readonly string _owner = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(100, Environment.MachineName.Length + 33)];

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

        if (batch.Count > 0)
        {
            metrics.OutboxLag(clock.GetUtcNow() - batch.Min(m => m.CreatedAt));
        }

        // Events nobody handles yet (most of them, until webhooks and emails subscribe) are completed together.
        var handled = HandledTypes();
        var unhandled = batch.Where(m => !handled.Contains(m.Type)).Select(m => m.Id).ToList();
        if (unhandled.Count > 0)
        {
            using var scope = scopes.CreateScope();
            await OutboxLeases.CompleteAsync(scope.ServiceProvider.GetRequiredService<RetourDbContext>(), unhandled, _owner, clock.GetUtcNow(), ct);
        }

        foreach (var message in batch.Where(m => handled.Contains(m.Type)))
        {
            await DeliverAsync(message, ct);
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

    private HashSet<string> HandledTypes()
    {
        if (_handledTypes is null)
        {
            using var scope = scopes.CreateScope();
            _handledTypes = scope.ServiceProvider.GetServices<IOutboxHandler>().Select(h => h.EventType).ToHashSet(StringComparer.Ordinal);
        }

        return _handledTypes;
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
        try
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IOutboxHandler>().Where(h => h.EventType == message.Type))
            {
                await handler.HandleAsync(message, ct);
            }

            await OutboxLeases.CompleteAsync(db, [message.Id], _owner, clock.GetUtcNow(), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(options.Value.MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(message.Attempts, 20))));
            LogDeliveryFailed(logger, ex, message.Type, message.Id, message.Attempts, backoff);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await OutboxLeases.RetryLaterAsync(db, message.Id, _owner, clock.GetUtcNow() + backoff, error[..Math.Min(error.Length, 2000)], CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox batch failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Type} {MessageId} failed (attempt {Attempts}); retrying in {Backoff}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string type, Guid messageId, int attempts, TimeSpan backoff);
}

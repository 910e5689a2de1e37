using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Persistence;

namespace Retour.Web.Workers;

/// <summary>Settings of the pending-refund poller (<c>Payments:PendingPoll</c>).</summary>
public sealed class PendingPollOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Payments:PendingPoll";

    /// <summary>How often the poller looks (default 1 minute).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a refund stays pending before the provider is asked (default 5 minutes: a webhook usually comes first).</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Refunds asked about per round, oldest first.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Asks the providers that can tell (<see cref="IRefundStatusSource"/>) about the refunds they left pending for longer
/// than <see cref="PendingPollOptions.MinAge"/>, and records the answer: the safety net for an asynchronous provider
/// whose notification never came (a webhook not configured, lost, or refused while Retour was down).
/// </summary>
public sealed partial class PendingRefunds(RetourDbContext db, IEnumerable<IRefundStatusSource> sources, IOptions<PendingPollOptions> options, TimeProvider clock, ILogger<PendingRefunds> logger)
{
    /// <summary>One round; returns how many refunds changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var byName = sources.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        if (byName.Count == 0)
        {
            return 0;
        }

        var names = byName.Keys.ToList();
        var cutoff = clock.GetUtcNow() - options.Value.MinAge;
        var pending = await db.Refunds.AsNoTracking()
            .Where(r => r.Status == RefundStatus.Pending && r.ProviderReference != null && r.RecordedAt < cutoff && names.Contains(r.Provider))
            .OrderBy(r => r.RecordedAt)
            .Take(options.Value.BatchSize)
            .Select(r => new { r.Id, r.Provider, Reference = r.ProviderReference! })
            .ToListAsync(ct);
        var changed = 0;
        foreach (var refund in pending)
        {
            RefundOutcome outcome;
            try
            {
                outcome = await byName[refund.Provider].GetStatusAsync(refund.Reference, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Transient (network, rate limit, the provider's own error): asked again next round.
                LogAskFailed(logger, ex, refund.Provider, refund.Id);
                continue;
            }

            if (outcome.Kind != RefundOutcomeKind.Pending)
            {
                await ProviderRefundUpdates.ApplyAsync(db, refund.Provider, refund.Id, refund.Reference, outcome, clock, ct);
                changed++;
            }
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking {Provider} about pending refund {RefundId} failed; asking again next round")]
    private static partial void LogAskFailed(ILogger logger, Exception exception, string provider, Guid refundId);
}

/// <summary>Runs <see cref="PendingRefunds"/> every <see cref="PendingPollOptions.Interval"/>.</summary>
public sealed partial class PendingRefundsPoller(IServiceScopeFactory scopes, IOptions<PendingPollOptions> options, ILogger<PendingRefundsPoller> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var changed = await scope.ServiceProvider.GetRequiredService<PendingRefunds>().RunOnceAsync(stoppingToken);
                if (changed > 0)
                {
                    LogRound(logger, changed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pending refunds: {Changed} settled by asking their provider")]
    private static partial void LogRound(ILogger logger, int changed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pending refunds round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}

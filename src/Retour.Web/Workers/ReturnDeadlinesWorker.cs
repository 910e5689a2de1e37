using Retour.Web.Features.Returns;

namespace Retour.Web.Workers;

/// <summary>Runs the deadline sweep (expiry, closing, key retention) every minute.</summary>
public sealed partial class ReturnDeadlinesWorker(IServiceScopeFactory scopes, ILogger<ReturnDeadlinesWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var sweep = await scope.ServiceProvider.GetRequiredService<ReturnDeadlines>().RunOnceAsync(stoppingToken);
                if (sweep.Expired + sweep.Closed > 0)
                {
                    LogSweep(logger, sweep.Expired, sweep.Closed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep: {Expired} return(s) expired, {Closed} closed")]
    private static partial void LogSweep(ILogger logger, int expired, int closed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

using System.Diagnostics;

namespace Retour.LoadTest;

/// <summary>The timed steps of every scenario: the return lifecycle's, then the portal's, each in the order a client runs them.</summary>
internal enum LoadStep
{
    CreateOrder,
    SubmitReturn,
    Approve,
    Receive,
    Inspect,
    Resolve,
    RefundSettled,
    PortalFind,
    PortalLookup,
    PortalOrder,
    PortalReview,
    PortalConfirm,
    PortalStatus,
    BackofficeQueue,
    BackofficeNextPage,
    BackofficeFiltered,
    BackofficeSearch,
    ApiList,
    CsvFirstRows,
}

/// <summary>Display names of the steps, as printed in the table and the JSON.</summary>
internal static class LoadSteps
{
    public const int Count = (int)LoadStep.CsvFirstRows + 1;

    public static string Name(this LoadStep step) => step switch
    {
        LoadStep.CreateOrder => "create-order",
        LoadStep.SubmitReturn => "submit-return",
        LoadStep.Approve => "approve",
        LoadStep.Receive => "receive",
        LoadStep.Inspect => "inspect",
        LoadStep.Resolve => "resolve",
        LoadStep.RefundSettled => "refund-settled",
        LoadStep.PortalFind => "portal-find",
        LoadStep.PortalLookup => "portal-lookup",
        LoadStep.PortalOrder => "portal-order",
        LoadStep.PortalReview => "portal-review",
        LoadStep.PortalConfirm => "portal-confirm",
        LoadStep.PortalStatus => "portal-status",
        LoadStep.BackofficeQueue => "bo-queue",
        LoadStep.BackofficeNextPage => "bo-next-page",
        LoadStep.BackofficeFiltered => "bo-filtered",
        LoadStep.BackofficeSearch => "bo-search",
        LoadStep.ApiList => "api-list",
        LoadStep.CsvFirstRows => "csv-first-200",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}

/// <summary>
/// One client's record of one step: the latency of every successful request and the failures by status.
/// Owned by a single client, so it needs no locking; the lists are merged once the run is over.
/// </summary>
internal sealed class StepRecorder
{
    private readonly List<long> _latencyTicks = [];
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    public IReadOnlyList<long> LatencyTicks => _latencyTicks;

    public IReadOnlyDictionary<string, int> Failures => _failures;

    public void Succeeded(long elapsedTicks) => _latencyTicks.Add(elapsedTicks);

    /// <summary>Counts a failure under its HTTP status code or a label such as "transport" or "timeout".</summary>
    public void Failed(string status) => _failures[status] = _failures.GetValueOrDefault(status) + 1;
}

/// <summary>Everything one client recorded during the measured window.</summary>
internal sealed class ClientRecording
{
    private readonly StepRecorder[] _steps = Enumerable.Range(0, LoadSteps.Count).Select(_ => new StepRecorder()).ToArray();

    public long CompletedLifecycles { get; set; }

    /// <summary>GET requests made while waiting for "resolved"; they count towards total requests only.</summary>
    public long PollRequests { get; set; }

    public StepRecorder this[LoadStep step] => _steps[(int)step];
}

/// <summary>The merged figures of one step over all clients; latencies in milliseconds of successful requests.</summary>
internal sealed record StepStats(
    string Step,
    long Count,
    long Errors,
    double ThroughputPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, int> ErrorsByStatus)
{
    /// <summary>Merges every client's latencies for the step and computes exact nearest-rank percentiles.</summary>
    public static StepStats Merge(LoadStep step, IEnumerable<ClientRecording> clients, double measuredSeconds)
    {
        var recorders = clients.Select(c => c[step]).ToList();
        var sorted = recorders.SelectMany(r => r.LatencyTicks).ToArray();
        Array.Sort(sorted);

        var errorsByStatus = recorders
            .SelectMany(r => r.Failures)
            .GroupBy(f => f.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(f => f.Value), StringComparer.Ordinal);
        long errors = errorsByStatus.Values.Sum();

        return new StepStats(
            step.Name(),
            sorted.Length + errors,
            errors,
            measuredSeconds > 0 ? sorted.Length / measuredSeconds : 0,
            Milliseconds(Percentile(sorted, 50)),
            Milliseconds(Percentile(sorted, 95)),
            Milliseconds(Percentile(sorted, 99)),
            Milliseconds(sorted.Length == 0 ? 0 : sorted[^1]),
            errorsByStatus);
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p% of the values at or below it.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

using System.Text.Json;

namespace Retour.LoadTest;

/// <summary>The results of one run: printed as a table, and written as JSON on request.</summary>
internal sealed record LoadReport(
    string Scenario,
    string Url,
    DateTimeOffset StartedAt,
    int Clients,
    int WarmupSeconds,
    double MeasuredSeconds,
    string StoppedBy,
    IReadOnlyList<StepStats> Steps,
    long LifecyclesCompleted,
    double LifecyclesPerSecond,
    long TotalRequests,
    double RequestsPerSecond,
    ServerMemory? ServerMemory,
    ServerCpu? Cpu,
    IReadOnlyList<ErrorSample> ErrorSamples)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static LoadReport Create(
        LoadRun run,
        IReadOnlyList<ClientRecording> recordings,
        DateTimeOffset startedAt,
        double measuredSeconds,
        string stoppedBy,
        ServerMemory? serverMemory,
        ServerCpu? cpu = null)
    {
        var steps = Enum.GetValues<LoadStep>()
            .Where(step => Shows(step, run.Options))
            .Select(step => StepStats.Merge(step, recordings, measuredSeconds))
            .ToList();

        // refund-settled is a wait, not a request; its polls are counted instead.
        var requests = steps.Where(s => s.Step != LoadStep.RefundSettled.Name()).Sum(s => s.Count) +
            recordings.Sum(r => r.PollRequests);
        var lifecycles = recordings.Sum(r => r.CompletedLifecycles);

        return new LoadReport(
            run.Options.ScenarioName,
            run.Options.BaseUrl.ToString(),
            startedAt,
            run.Options.Clients,
            run.Options.WarmupSeconds,
            measuredSeconds,
            stoppedBy,
            steps,
            lifecycles,
            PerSecond(lifecycles, measuredSeconds),
            requests,
            PerSecond(requests, measuredSeconds),
            serverMemory,
            cpu,
            run.ErrorSamples);
    }

    public void WriteTable(TextWriter output)
    {
        output.WriteLine(FormattableString.Invariant(
            $"Retour load test ({Scenario}) against {Url}: {Clients} clients, {WarmupSeconds} s warm-up, {MeasuredSeconds:0.0} s measured, stopped by {StoppedBy}."));
        output.WriteLine();
        output.WriteLine(FormattableString.Invariant(
            $"{"step",-16}{"count",9}{"errors",8}{"thrpt/s",10}{"p50 ms",10}{"p95 ms",10}{"p99 ms",10}{"max ms",10}"));
        foreach (var s in Steps)
        {
            output.WriteLine(FormattableString.Invariant(
                $"{s.Step,-16}{s.Count,9}{s.Errors,8}{s.ThroughputPerSecond,10:0.00}{s.P50Ms,10:0.00}{s.P95Ms,10:0.00}{s.P99Ms,10:0.00}{s.MaxMs,10:0.00}"));
        }

        output.WriteLine("(thrpt/s and latencies cover successful requests; percentiles are exact, nearest rank.)");
        output.WriteLine();
        var (completed, meaning) = Scenario switch
        {
            "portal" => ("completed visits    ", "every step of the visit OK"),
            "backoffice" => ("completed rounds    ", "every request of the round OK"),
            _ => ("completed lifecycles", "all six steps OK"),
        };
        output.WriteLine(FormattableString.Invariant($"{completed}  {LifecyclesCompleted,9}  ({LifecyclesPerSecond:0.00}/s, {meaning})"));
        output.WriteLine(FormattableString.Invariant($"total requests        {TotalRequests,9}  ({RequestsPerSecond:0.00}/s)"));
        if (ServerMemory is { } memory)
        {
            var hwm = memory.HighWaterMarkMb is double mb ? FormattableString.Invariant($"{mb:0.0} MB") : "unreadable";
            var exited = memory.ProcessExited ? ", process exited during the run" : "";
            output.WriteLine(FormattableString.Invariant(
                $"peak server RSS       {memory.PeakRssMb,9:0.0} MB  (pid {memory.Pid}, {memory.Samples} samples every {RssSampler.Interval.TotalMilliseconds:0} ms; VmHWM at end {hwm}{exited})"));
        }

        if (Cpu is { } c && LifecyclesCompleted > 0 && TotalRequests > 0)
        {
            // CPU per unit of work is what a change to the server moves; throughput on a shared machine moves with the neighbours.
            output.WriteLine(FormattableString.Invariant(
                $"server CPU            {c.ServerSeconds,9:0.0} s   ({c.ServerSeconds * 1000 / TotalRequests:0.00} ms a request, {c.ServerSeconds * 1000 / LifecyclesCompleted:0.0} ms {Unit})"));
            output.WriteLine(FormattableString.Invariant(
                $"machine CPU busy      {c.MachineBusySeconds,9:0.0} s   ({100 * c.MachineBusySeconds / Math.Max(c.MachineSeconds, 0.01):0}% of all cores; {c.MachineBusySeconds * 1000 / LifecyclesCompleted:0.0} ms {Unit}, database and load driver included)"));
        }

        var failing = Steps.Where(s => s.Errors > 0).ToList();
        if (failing.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("errors by status:");
            foreach (var s in failing)
            {
                var counts = string.Join(", ", s.ErrorsByStatus.Select(e => FormattableString.Invariant($"{e.Key} x{e.Value}")));
                output.WriteLine(FormattableString.Invariant($"  {s.Step,-16}{counts}"));
            }
        }

        if (ErrorSamples.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("first distinct error answers (warm-up included):");
            foreach (var sample in ErrorSamples)
            {
                output.WriteLine($"  {sample.Step} {sample.Status}: {sample.Body.ReplaceLineEndings(" ")}");
            }
        }
    }

    /// <summary>The steps of the scenario being run: refund-settled only when awaited, confirm and status only when confirming.</summary>
    private static bool Shows(LoadStep step, LoadOptions options) => options.Scenario switch
    {
        LoadScenario.Portal => step is >= LoadStep.PortalFind and <= LoadStep.PortalStatus && (options.ConfirmEvery > 0 || step < LoadStep.PortalConfirm),
        LoadScenario.Backoffice => step >= LoadStep.BackofficeQueue,
        _ => step < LoadStep.PortalFind && (step != LoadStep.RefundSettled || options.AwaitResolved),
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    // What one completed unit of the scenario is called after "ms": per lifecycle, visit or round.
    private string Unit => Scenario switch { "portal" => "a visit", "backoffice" => "a round", _ => "a lifecycle" };

    private static double PerSecond(long count, double seconds) => seconds > 0 ? count / seconds : 0;
}

/// <summary>CPU seconds over the measured window: the server process's, and the whole machine's busy and total (all cores).</summary>
internal sealed record ServerCpu(double ServerSeconds, double MachineBusySeconds, double MachineSeconds);

/// <summary>The server's memory as sampled from /proc during the run, in megabytes (MiB).</summary>
internal sealed record ServerMemory(int Pid, double PeakRssMb, double? HighWaterMarkMb, int Samples, bool ProcessExited);

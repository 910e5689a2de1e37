using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Retour.LoadTest;

/// <summary>
/// Retour load driver. Replays the whole return lifecycle (create order, submit return, approve,
/// receive, inspect, resolve), or shoppers in the returns portal, against an already-running Retour server with N concurrent clients,
/// for a bounded time and a bounded number of returns, then prints per-step latency percentiles,
/// throughput and, when given the server's pid, its peak memory. Usage: bench/README.md or --help.
/// </summary>
internal static class Program
{
    private const int Finished = 0;
    private const int Unreachable = 1;
    private const int BadArguments = 2;
    private const int Interrupted = 130;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    // Requests still in flight at the deadline get this long to finish before they are cut off.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static async Task<int> Main(string[] args)
    {
        var parsed = LoadOptions.Parse(args, Environment.GetEnvironmentVariable(LoadOptions.ApiKeyVariable));
        if (parsed.HelpRequested)
        {
            Console.Out.Write(LoadOptions.Usage);
            return Finished;
        }

        if (parsed.Options is not { } options)
        {
            Console.Error.WriteLine($"error: {parsed.Error}");
            Console.Error.WriteLine("Run with --help for usage.");
            return BadArguments;
        }

        var sampler = options.ServerPid is int pid ? new RssSampler(pid) : null;
        if (sampler is not null && !sampler.CanRead())
        {
            Console.Error.WriteLine($"error: cannot read VmRSS from /proc/{sampler.Pid}/status: no such process, or not Linux.");
            return BadArguments;
        }

        using var stop = new CancellationTokenSource();
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl+C stops the run and still prints what was measured; a second one kills the process.
            if (!stop.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("Stopping; Ctrl+C again to kill.");
                stop.Cancel();
            }
        }

        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            return await RunAsync(options, sampler, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
    }

    private static async Task<int> RunAsync(LoadOptions options, RssSampler? sampler, CancellationToken stop)
    {
        using var http = CreateHttpClient(options);
        if (await ProbeAsync(http, options, stop).ConfigureAwait(false) is { } problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            return stop.IsCancellationRequested ? Interrupted : Unreachable;
        }

        IReadOnlyList<PortalOrder> orders = [];
        if (options.Scenario == LoadScenario.Portal)
        {
            Console.Error.WriteLine($"Importing {options.Orders} orders for the shoppers (not measured)...");
            var importing = Stopwatch.StartNew();
            IReadOnlyList<PortalOrder>? imported;
            string? importProblem;
            try
            {
                (imported, importProblem) = await PortalShop.ImportAsync(http, options.Orders, new JsonSerializerOptions(JsonSerializerDefaults.Web), stop)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Console.Error.WriteLine("error: interrupted before the run started.");
                return Interrupted;
            }
            catch (HttpRequestException e)
            {
                (imported, importProblem) = (null, $"importing the orders failed: {e.Message}");
            }

            if (imported is null)
            {
                Console.Error.WriteLine($"error: {importProblem}");
                return Unreachable;
            }

            orders = imported;
            Console.Error.WriteLine($"Imported in {importing.Elapsed.TotalSeconds:0.0} s.");
        }

        using var browser = CreateBrowser(options);
        var startedAt = DateTimeOffset.UtcNow;
        var run = new LoadRun(http, options, Stopwatch.GetTimestamp());
        ILoadClient[] clients = options.Scenario switch
        {
            LoadScenario.Portal => [.. Enumerable.Range(1, options.Clients).Select(n => new PortalClient(run, browser, orders, n))],
            LoadScenario.Backoffice => [.. Enumerable.Range(1, options.Clients).Select(n => new BackofficeClient(run, browser, n))],
            _ => [.. Enumerable.Range(1, options.Clients).Select(n => new LifecycleClient(run, n))],
        };
        if (options.Scenario == LoadScenario.Backoffice && await BackofficeClient.SignInAllAsync(clients, stop).ConfigureAwait(false) is { } signInProblem)
        {
            Console.Error.WriteLine($"error: {signInProblem}");
            return Unreachable;
        }

        // The hard stop bounds the run even when the server stops answering.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        hardStop.CancelAfter(
            TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds) + Grace +
            (options.AwaitResolved ? LifecycleClient.SettleBound : TimeSpan.Zero));
        using var samplerStop = new CancellationTokenSource();
        var sampling = sampler?.RunAsync(run.MeasureStart, samplerStop.Token) ?? Task.CompletedTask;

        Console.Error.WriteLine(
            $"Load test ({options.ScenarioName}): {options.Clients} clients against {options.BaseUrl}, {options.WarmupSeconds} s warm-up, " +
            $"{options.DurationSeconds} s measured, at most {options.MaxReturns} returns.");
        var clientsDone = Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(hardStop.Token), CancellationToken.None)));
        await ReportProgressAsync(run, clientsDone).ConfigureAwait(false);
        await clientsDone.ConfigureAwait(false);
        var ended = Stopwatch.GetTimestamp();
        var cpuAtEnd = sampler?.ReadCpu();
        await samplerStop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);

        var stoppedBy = stop.IsCancellationRequested ? "ctrl+c"
            : run.ReturnBudgetExhausted && ended < run.Deadline ? "max-returns"
            : "deadline";
        var measuredSeconds = Math.Max(0, Stopwatch.GetElapsedTime(run.MeasureStart, ended).TotalSeconds);
        var memory = sampler is null
            ? null
            : new ServerMemory(sampler.Pid, sampler.PeakRssKb / 1024.0, sampler.ReadHighWaterMarkKb() / 1024.0, sampler.Samples, sampler.ProcessExited);
        var cpu = sampler?.AtMeasureStart is { } from && cpuAtEnd is { } to
            ? new ServerCpu((to.Server - from.Server) / CpuCounters.TicksPerSecond, (to.MachineBusy - from.MachineBusy) / CpuCounters.TicksPerSecond, (to.MachineTotal - from.MachineTotal) / CpuCounters.TicksPerSecond)
            : null;
        var report = LoadReport.Create(run, [.. clients.Select(c => c.Recording)], startedAt, measuredSeconds, stoppedBy, memory, cpu);

        Console.Out.WriteLine();
        report.WriteTable(Console.Out);

        if (options.JsonPath is { } jsonPath)
        {
            try
            {
                await File.WriteAllTextAsync(jsonPath, report.ToJson() + "\n", CancellationToken.None).ConfigureAwait(false);
                Console.Error.WriteLine($"Results written to {Path.GetFullPath(jsonPath)}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write {jsonPath}: {e.Message}");
                return Unreachable;
            }
        }

        return stop.IsCancellationRequested ? Interrupted : Finished;
    }

    private static HttpClient CreateHttpClient(LoadOptions options)
    {
        var http = new HttpClient(CreateHandler(options), disposeHandler: true) { BaseAddress = options.BaseUrl, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>The shoppers' client: no API key, asks for English HTML; each shopper sends its own cookies.</summary>
    private static HttpClient CreateBrowser(LoadOptions options)
    {
        var browser = new HttpClient(CreateHandler(options), disposeHandler: true) { BaseAddress = options.BaseUrl, Timeout = RequestTimeout };
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return browser;
    }

    private static SocketsHttpHandler CreateHandler(LoadOptions options) =>
        new()
        {
            // One connection per client (plus the probe's), so no client queues behind another's request.
            MaxConnectionsPerServer = options.Clients + 1,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = ProbeTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };

    /// <summary>One request before the run, so a closed port or a refused key ends it at once with a plain message.</summary>
    private static async Task<string?> ProbeAsync(HttpClient http, LoadOptions options, CancellationToken stop)
    {
        using var probeTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        probeTimeout.CancelAfter(ProbeTimeout);
        try
        {
            // No return has the empty id: a 404 shows the server is up and took the key.
            var probe = new Uri($"api/v1/returns/{Guid.Empty}", UriKind.Relative);
            using var response = await http.GetAsync(probe, probeTimeout.Token).ConfigureAwait(false);
            return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $"the server at {options.BaseUrl} refused the API key (HTTP {(int)response.StatusCode}); check --api-key or {LoadOptions.ApiKeyVariable}."
                : null;
        }
        catch (HttpRequestException e)
        {
            return $"cannot reach {options.BaseUrl}: {e.Message}. Start the Retour server first, or point --url at it.";
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return $"no answer from {options.BaseUrl} within {ProbeTimeout.TotalSeconds:0} s.";
        }
        catch (OperationCanceledException)
        {
            return "interrupted before the run started.";
        }
    }

    private static async Task ReportProgressAsync(LoadRun run, Task clientsDone)
    {
        while (await Task.WhenAny(clientsDone, Task.Delay(ProgressInterval)).ConfigureAwait(false) != clientsDone)
        {
            var now = Stopwatch.GetTimestamp();
            var phase = run.IsMeasured(now)
                ? $"measuring {Stopwatch.GetElapsedTime(run.MeasureStart, now).TotalSeconds:0}/{run.Options.DurationSeconds} s"
                : "warming up";
            var what = run.Options.Scenario switch { LoadScenario.Portal => "visits", LoadScenario.Backoffice => "rounds", _ => "lifecycles" };
            Console.Error.WriteLine($"  [{phase}] {what} completed {run.LifecyclesCompleted}, failed {run.LifecyclesFailed}");
        }
    }
}

using System.Globalization;

namespace Retour.LoadTest;

/// <summary>The settings of one load run, parsed from the command line and checked against hard bounds.</summary>
internal sealed record LoadOptions
{
    public const int MaxClients = 1024;
    public const int MaxDurationSeconds = 600;
    public const int MaxWarmupSeconds = 120;
    public const int MaxReturnsCeiling = 1_000_000;
    public const int MaxOrders = 10_000;
    public const int MaxConfirmEvery = 1000;
    public const int MaxThinkMilliseconds = 60_000;
    public const string ApiKeyVariable = "RETOUR_API_KEY";

    public Uri BaseUrl { get; init; } = new("http://127.0.0.1:5080/");
    public string ApiKey { get; init; } = "";
    public int Clients { get; init; } = 16;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 5;
    public int MaxReturns { get; init; } = MaxReturnsCeiling;
    public int? ServerPid { get; init; }
    public bool AwaitResolved { get; init; }
    public string? JsonPath { get; init; }
    public bool AllowRemote { get; init; }
    public LoadScenario Scenario { get; init; } = LoadScenario.Lifecycle;

    /// <summary>Portal scenario: the shopper's pause before each page after the first of a visit, not timed; 0 for none.</summary>
    public int ThinkMilliseconds { get; init; }

    /// <summary>Portal scenario: each visit sends X-Forwarded-For with an address of its own (198.18.0.0/15).</summary>
    public bool ForwardedFor { get; init; }

    /// <summary>The scenario as written on the command line and in the report.</summary>
    public string ScenarioName => Scenario switch { LoadScenario.Portal => "portal", LoadScenario.Backoffice => "backoffice", _ => "lifecycle" };

    /// <summary>Portal scenario: orders imported before the run, shared by the shoppers.</summary>
    public int Orders { get; init; } = 200;

    /// <summary>Portal scenario: every k-th visit of a shopper confirms its return; 0 never confirms.</summary>
    public int ConfirmEvery { get; init; } = 10;

    public static string Usage { get; } = $$"""
        Retour load driver: replays the whole return lifecycle (create order, submit return, approve,
        receive, inspect, resolve), or shoppers in the returns portal, against an already-running Retour
        server with N concurrent clients for a bounded time, then prints per-step latencies and throughput.

        Usage:
          dotnet run -c Release --project bench/Retour.LoadTest -- [options]

        Options:
          --scenario NAME    lifecycle (default): the API steps above, each client with a new order per round.
                             portal: imports --orders delivered orders through the API first (not measured),
                             then each client is a shopper with its own cookies: GET /portal, POST /portal
                             (look-up), GET /portal/order, POST ?handler=Review (first returnable line), and
                             every --confirm-every visits POST ?handler=Confirm and GET the return's status page.
                             backoffice: staff in the returns workspace (a million returns: bench/run-backoffice-load.sh);
                             each client signs in with RETOUR_STAFF_EMAIL and RETOUR_STAFF_PASSWORD (not measured), then
                             loops: a work queue with its counts (newest or oldest first), its next page, all returns
                             filtered by status, channel and dates, a search by return number or email, the same
                             queue through GET /api/v1/returns, and the first 200 rows of the CSV export.
          --orders N         Portal: orders imported before the run, 1-{{MaxOrders}} (default 200).
          --confirm-every K  Portal: confirm the return on every K-th visit, 0-{{MaxConfirmEvery}}, 0 never (default 10).
                             Confirmed returns count towards --max-returns; once it is spent, visits stop at the review.
          --think MS         Portal: pause MS milliseconds before each page after the first of a visit, as a
                             shopper reading it would, 0-{{MaxThinkMilliseconds}} (default 0: no pause). Not timed.
          --forwarded-for    Portal: each visit sends "X-Forwarded-For: <its own address in 198.18.0.0/15>", so
                             the server (run with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true) sees shoppers from many
                             addresses, as behind a proxy, instead of all from 127.0.0.1.
          --url URL          Server base URL (default http://127.0.0.1:5080). Loopback only, see --allow-remote.
          --api-key KEY      Sent as "Authorization: Bearer KEY" (default: environment variable {{ApiKeyVariable}}).
          --clients N        Concurrent clients, 1-{{MaxClients}} (default 16).
          --duration S       Measured seconds, 1-{{MaxDurationSeconds}} (default 30).
          --warmup S         Unmeasured seconds before the measurement, 0-{{MaxWarmupSeconds}} (default 5).
          --max-returns N    Hard bound on returns created, warm-up included, 1-{{MaxReturnsCeiling}} (default {{MaxReturnsCeiling}}).
          --server-pid PID   Sample VmRSS of /proc/PID/status every 250 ms; report the peak and VmHWM at the end,
                             and the CPU time of the server and of the whole machine over the measured window.
          --await-resolved   After resolve, poll GET /api/v1/returns/{id} until "resolved" (at most 10 s),
                             timed as the extra step refund-settled.
          --json FILE        Also write the results as JSON to FILE.
          --allow-remote     Permit a --url whose host is not loopback.
          -h, --help         Show this help.

        The run stops at the deadline, at --max-returns, or on Ctrl+C, whichever comes first.
        Exit codes: 0 finished, 1 server unreachable or API key refused or portal orders not imported or results not written,
                    2 invalid arguments, 130 interrupted.

        """;

    /// <summary>Reads the arguments; the environment's API key is used when --api-key is absent.</summary>
    public static ParsedArguments Parse(IReadOnlyList<string> args, string? apiKeyFromEnvironment)
    {
        var options = new LoadOptions { ApiKey = apiKeyFromEnvironment ?? "" };
        string? url = null;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);

            switch (name)
            {
                case "-h" or "--help":
                    return ParsedArguments.Help();
                case "--await-resolved":
                    options = options with { AwaitResolved = true };
                    continue;
                case "--allow-remote":
                    options = options with { AllowRemote = true };
                    continue;
                case "--forwarded-for":
                    options = options with { ForwardedFor = true };
                    continue;
                case "--url" or "--api-key" or "--clients" or "--duration" or "--warmup"
                    or "--max-returns" or "--server-pid" or "--json" or "--scenario" or "--orders" or "--confirm-every" or "--think":
                    break;
                default:
                    return ParsedArguments.Invalid($"unknown option '{args[i]}'.");
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return ParsedArguments.Invalid($"{name} needs a value.");
            }

            switch (name)
            {
                case "--url":
                    url = value;
                    break;
                case "--api-key":
                    options = options with { ApiKey = value };
                    break;
                case "--scenario":
                    if (!Enum.TryParse<LoadScenario>(value, ignoreCase: true, out var scenario) || !Enum.IsDefined(scenario) || !value.All(char.IsAsciiLetter))
                    {
                        return ParsedArguments.Invalid($"--scenario must be lifecycle, portal or backoffice, got '{value}'.");
                    }

                    options = options with { Scenario = scenario };
                    break;
                case "--json":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return ParsedArguments.Invalid("--json needs a file name.");
                    }

                    options = options with { JsonPath = value };
                    break;
                default:
                    if (!TryParseBounded(name, value, out var number, out var error))
                    {
                        return ParsedArguments.Invalid(error);
                    }

                    options = name switch
                    {
                        "--clients" => options with { Clients = number },
                        "--duration" => options with { DurationSeconds = number },
                        "--warmup" => options with { WarmupSeconds = number },
                        "--max-returns" => options with { MaxReturns = number },
                        "--orders" => options with { Orders = number },
                        "--confirm-every" => options with { ConfirmEvery = number },
                        "--think" => options with { ThinkMilliseconds = number },
                        _ => options with { ServerPid = number },
                    };
                    break;
            }
        }

        if (url is not null)
        {
            if (!TryParseBaseUrl(url, out var baseUrl, out var urlError))
            {
                return ParsedArguments.Invalid(urlError);
            }

            options = options with { BaseUrl = baseUrl };
        }

        if (!options.AllowRemote && !options.BaseUrl.IsLoopback)
        {
            return ParsedArguments.Invalid(
                $"--url host '{options.BaseUrl.Host}' is not loopback. This driver creates thousands of orders and " +
                "returns and is meant for a local server; pass --allow-remote if you really mean to load that host.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ParsedArguments.Invalid($"no API key: pass --api-key KEY or set {ApiKeyVariable}.");
        }

        return ParsedArguments.Valid(options);
    }

    private static (string Name, string? InlineValue) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }

    private static bool TryParseBounded(string name, string value, out int number, out string error)
    {
        var (min, max) = name switch
        {
            "--clients" => (1, MaxClients),
            "--duration" => (1, MaxDurationSeconds),
            "--warmup" => (0, MaxWarmupSeconds),
            "--max-returns" => (1, MaxReturnsCeiling),
            "--orders" => (1, MaxOrders),
            "--confirm-every" => (0, MaxConfirmEvery),
            "--think" => (0, MaxThinkMilliseconds),
            _ => (1, int.MaxValue),
        };

        if (!int.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            error = $"{name} expects a whole number, got '{value}'.";
            return false;
        }

        if (number < min || number > max)
        {
            error = $"{name} must be between {min} and {max}, got {number}.";
            return false;
        }

        error = "";
        return true;
    }

    private static bool TryParseBaseUrl(string text, out Uri baseUrl, out string error)
    {
        baseUrl = new Uri("http://127.0.0.1/");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) ||
            (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            error = $"--url must be an absolute http:// or https:// URL, got '{text}'.";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            error = $"--url must not carry a query or fragment, got '{text}'.";
            return false;
        }

        // Request paths are relative ("api/v1/orders"), so the base must end with a slash to keep any path prefix.
        var withSlash = parsed.AbsoluteUri.EndsWith('/') ? parsed.AbsoluteUri : parsed.AbsoluteUri + "/";
        baseUrl = new Uri(withSlash);
        error = "";
        return true;
    }
}

/// <summary>What each client replays: the return lifecycle over the API, or a shopper in the returns portal.</summary>
internal enum LoadScenario
{
    Lifecycle,
    Portal,
    Backoffice,
}

/// <summary>The outcome of reading the command line: options to run with, a help request, or an error.</summary>
internal sealed record ParsedArguments(LoadOptions? Options, bool HelpRequested, string? Error)
{
    public static ParsedArguments Valid(LoadOptions options) => new(options, false, null);

    public static ParsedArguments Help() => new(null, true, null);

    public static ParsedArguments Invalid(string error) => new(null, false, error);
}

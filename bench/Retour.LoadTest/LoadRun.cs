using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Retour.LoadTest;

/// <summary>
/// What the clients of one run share: the HTTP client, the measured window, the bound on returns,
/// and the first few error bodies. Counters are interlocked; the samples are behind a lock.
/// </summary>
internal sealed class LoadRun
{
    public const int MaxErrorSamples = 5;
    private const int MaxSampleBodyChars = 400;

    private readonly List<ErrorSample> _errorSamples = [];
    private readonly Lock _errorSamplesLock = new();
    private volatile bool _errorSamplesFull;
    private long _lifecyclesStarted;
    private long _lifecyclesCompleted;
    private long _lifecyclesFailed;

    public LoadRun(HttpClient http, LoadOptions options, long startTimestamp)
    {
        Http = http;
        Options = options;
        MeasureStart = startTimestamp + (long)(options.WarmupSeconds * (double)Stopwatch.Frequency);
        Deadline = MeasureStart + (long)(options.DurationSeconds * (double)Stopwatch.Frequency);
    }

    public HttpClient Http { get; }

    public LoadOptions Options { get; }

    public JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Distinguishes this run's orders from earlier runs' (shop order ids must be unique).</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Stopwatch timestamp at which the warm-up ends and recording begins.</summary>
    public long MeasureStart { get; }

    /// <summary>Stopwatch timestamp after which no client starts another request.</summary>
    public long Deadline { get; }

    public long LifecyclesCompleted => Interlocked.Read(ref _lifecyclesCompleted);

    public long LifecyclesFailed => Interlocked.Read(ref _lifecyclesFailed);

    public bool ReturnBudgetExhausted => Interlocked.Read(ref _lifecyclesStarted) >= Options.MaxReturns;

    public IReadOnlyList<ErrorSample> ErrorSamples
    {
        get
        {
            lock (_errorSamplesLock)
            {
                return [.. _errorSamples];
            }
        }
    }

    public bool IsMeasured(long timestamp) => timestamp >= MeasureStart;

    public bool IsPastDeadline() => Stopwatch.GetTimestamp() >= Deadline;

    /// <summary>Takes one return from the --max-returns budget; false once it is spent.</summary>
    public bool TryStartLifecycle()
    {
        if (Interlocked.Increment(ref _lifecyclesStarted) <= Options.MaxReturns)
        {
            return true;
        }

        // Undo, so the counter stays the number of lifecycles actually started.
        Interlocked.Decrement(ref _lifecyclesStarted);
        return false;
    }

    public void LifecycleEnded(bool completed)
    {
        if (completed)
        {
            Interlocked.Increment(ref _lifecyclesCompleted);
        }
        else
        {
            Interlocked.Increment(ref _lifecyclesFailed);
        }
    }

    /// <summary>Keeps the first few distinct error answers, warm-up included, since those usually explain the rest.</summary>
    public void OfferErrorSample(LoadStep step, string status, ReadOnlySpan<byte> body)
    {
        if (_errorSamplesFull)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(body);
        if (text.Length > MaxSampleBodyChars)
        {
            text = text[..MaxSampleBodyChars] + "…";
        }

        var sample = new ErrorSample(step.Name(), status, text);
        lock (_errorSamplesLock)
        {
            if (!_errorSamplesFull && !_errorSamples.Contains(sample))
            {
                _errorSamples.Add(sample);
                _errorSamplesFull = _errorSamples.Count >= MaxErrorSamples;
            }
        }
    }
}

/// <summary>One failed answer kept for the report: the step, its status, and the start of its body.</summary>
internal sealed record ErrorSample(string Step, string Status, string Body);

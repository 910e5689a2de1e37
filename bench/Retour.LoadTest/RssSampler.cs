using System.Globalization;

namespace Retour.LoadTest;

/// <summary>Samples the server process's resident set size from /proc/PID/status while the run lasts.</summary>
internal sealed class RssSampler(int pid)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly string _statusPath = $"/proc/{pid}/status";

    public int Pid => pid;

    /// <summary>The highest VmRSS seen; written only by the sampling loop, read after it has finished.</summary>
    public long PeakRssKb { get; private set; }

    public int Samples { get; private set; }

    /// <summary>True when the process vanished during the run, so the peak covers only part of it.</summary>
    public bool ProcessExited { get; private set; }

    /// <summary>Reads VmRSS once, to check before the run that the process exists and can be read.</summary>
    public bool CanRead() => TryReadKb("VmRSS:") is not null;

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                if (TryReadKb("VmRSS:") is not long rss)
                {
                    ProcessExited = true;
                    return;
                }

                Samples++;
                PeakRssKb = Math.Max(PeakRssKb, rss);
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over; the samples so far are the result.
        }
    }

    /// <summary>The kernel's own high-water mark of the process's RSS over its whole life.</summary>
    public long? ReadHighWaterMarkKb() => TryReadKb("VmHWM:");

    private long? TryReadKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines(_statusPath))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal))
                {
                    continue;
                }

                // The line reads "VmRSS:     123456 kB".
                var number = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

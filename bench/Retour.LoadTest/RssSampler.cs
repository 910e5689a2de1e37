using System.Globalization;

namespace Retour.LoadTest;

/// <summary>
/// Samples the server process's resident set size from /proc/PID/status while the run lasts, and reads the CPU time
/// the server and the whole machine spent over the measured window (/proc/PID/stat and /proc/stat).
/// </summary>
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

    /// <summary>The CPU counters read at the first sample after the measured window began.</summary>
    public CpuCounters? AtMeasureStart { get; private set; }

    public async Task RunAsync(long measureStart, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                if (AtMeasureStart is null && System.Diagnostics.Stopwatch.GetTimestamp() >= measureStart)
                {
                    AtMeasureStart = ReadCpu();
                }

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

    /// <summary>
    /// The server's CPU time (user and system) and the machine's busy and total CPU time, in clock ticks (USER_HZ,
    /// 100 a second on Linux), or null when /proc cannot be read.
    /// </summary>
    public CpuCounters? ReadCpu()
    {
        try
        {
            // /proc/PID/stat: the command name (field 2) is in parentheses and may hold spaces; utime and stime are
            // fields 14 and 15, the 12th and 13th after the closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var server = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);

            // /proc/stat "cpu" line: user nice system idle iowait irq softirq steal ...; idle and iowait are not busy.
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = cpu.Sum();
            return new CpuCounters(server, total - cpu[3] - cpu[4], total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
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

/// <summary>CPU clock ticks: the server process's, and the whole machine's busy and total (all cores).</summary>
internal sealed record CpuCounters(long Server, long MachineBusy, long MachineTotal)
{
    /// <summary>Clock ticks per second (USER_HZ), 100 on every Linux this runs on.</summary>
    public const double TicksPerSecond = 100;
}

using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// One customer's units bought and returned and distinct returns over a window, all currencies together: the last
/// <see cref="Days"/> days up to the window's <see cref="CustomerWindowState.AsOf"/> day (a running window, decision
/// 0028), or the calendar month, quarter or year of <see cref="Days"/> days from <see cref="First"/> (decision 0031).
/// </summary>
public sealed class CustomerWindow
{
    /// <summary>The window's length in days (one of <see cref="CustomerWindows.Lengths"/> for a running window).</summary>
    public int Days { get; set; }

    /// <summary>A calendar window's first day; <see cref="CustomerWindows.Running"/> for a running window.</summary>
    public DateOnly First { get; set; }

    /// <summary>Customer email (lower case), empty when unknown.</summary>
    public string Customer { get; set; } = string.Empty;

    /// <summary>Units bought.</summary>
    public long SoldUnits { get; set; }

    /// <summary>Units returned.</summary>
    public long ReturnedUnits { get; set; }

    /// <summary>Distinct returns (live and historical) the units came back in.</summary>
    public long Returns { get; set; }
}

/// <summary>The days a window of customer totals covers, and its totals; one row per window.</summary>
public sealed class CustomerWindowState
{
    /// <summary>The window's length in days.</summary>
    public int Days { get; set; }

    /// <summary>A calendar window's first day; <see cref="CustomerWindows.Running"/> for a running window.</summary>
    public DateOnly First { get; set; }

    /// <summary>The window's last day: it covers <c>AsOf - Days + 1</c> to <c>AsOf</c> (a calendar window's never moves).</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>How many of the window's customers returned any unit: kept with every move, so no question counts them.</summary>
    public long Returners { get; set; }

    /// <summary>Distinct returns in the window, all customers together: kept with every move, so no question adds them up.</summary>
    public long Returns { get; set; }
}

/// <summary>A window of customer totals: its length in days, and its first day (<see cref="CustomerWindows.Running"/> for a running window).</summary>
/// <param name="Days">Length in days.</param>
/// <param name="First">A calendar window's first day, or <see cref="CustomerWindows.Running"/>.</param>
public readonly record struct WindowKey(int Days, DateOnly First)
{
    /// <summary>The running window of that many days.</summary>
    public static WindowKey Running(int days) => new(days, CustomerWindows.Running);

    /// <summary>A calendar window's last day.</summary>
    public DateOnly Last => First.AddDays(Days - 1);
}

/// <summary>
/// Per-customer totals over the periods the dashboard's customer questions are asked over most, so those questions
/// read the customers who returned most from an index instead of grouping every customer's rows of the period:
/// <list type="bullet">
/// <item>running windows over the last 30, 90 and 365 days (decision 0028): the first question of a later day moves
/// one on (<see cref="AdvanceAsync"/>), adding the days that came in and taking away those that fell out, or summing
/// it afresh when more than its length has passed;</item>
/// <item>calendar windows, one per calendar month, quarter or year asked about (decision 0031): summed by the first
/// question over that period (or over the part of it up to today), then kept.</item>
/// </list>
/// A window always holds the sum of the customer day rows (<see cref="CustomerCell"/>) of its days: a stale day's
/// recompute moves the windows that cover it by the day's difference (<see cref="ShiftDayAsync"/>).
/// </summary>
public static class CustomerWindows
{
    /// <summary>The running window lengths kept, in days.</summary>
    public static readonly IReadOnlyList<int> Lengths = [30, 90, 365];

    /// <summary>The <see cref="CustomerWindow.First"/> of a running window.</summary>
    public static readonly DateOnly Running = DateOnly.MinValue;

    // The lengths of the calendar periods kept, in months: month, quarter, year.
    private static readonly int[] CalendarMonths = [1, 3, 12];

    // Taken (PostgreSQL) by whatever sums or shifts a window, so a window summed afresh cannot miss a stale day's
    // change made meanwhile: SQLite has one writer at a time already.
    private const long WindowsLock = 0x52_65_74_6F_75_72_31;

    private const string Table = "\"AnalyticsCustomerWindows\"";

    private const string States = "\"AnalyticsCustomerWindowStates\"";

    private const string Sums = "\"SoldUnits\", \"ReturnedUnits\", \"Returns\"";

    /// <summary>
    /// The periods offered as one click on the analytics pages on <paramref name="today"/>: the running windows, then
    /// the calendar month, quarter and year to date and the ones before them; a period already offered under an
    /// earlier name (the quarter and the year to date on 23 January are the month to date) is offered once. A window
    /// answers the customer questions over each.
    /// </summary>
    public static IReadOnlyList<(string Name, DateOnly From, DateOnly To)> Presets(DateOnly today)
    {
        var presets = Lengths.Select(days => (Name: $"Last {days} days", From: today.AddDays(1 - days), To: today)).ToList();
        foreach (var (months, name) in CalendarMonths.Zip(["month", "quarter", "year"]))
        {
            var first = new DateOnly(today.Year, (today.Month - 1) / months * months + 1, 1);
            presets.Add(($"{char.ToUpperInvariant(name[0])}{name[1..]} to date", first, today));
            presets.Add(($"Last {name}", first.AddMonths(-months), first.AddDays(-1)));
        }

        return [.. presets.DistinctBy(p => (p.From, p.To))];
    }

    /// <summary>
    /// The calendar month, quarter or year the period is, or the part of one up to <paramref name="today"/> (then the
    /// shortest of them): null when it is none.
    /// </summary>
    public static WindowKey? Calendar(DateOnly from, DateOnly to, DateOnly today)
    {
        foreach (var months in CalendarMonths)
        {
            if (from.Day != 1 || (from.Month - 1) % months != 0)
            {
                continue;
            }

            var last = from.AddMonths(months).AddDays(-1);
            if (to == last || (to == today && to < last))
            {
                return new(last.DayNumber - from.DayNumber + 1, from);
            }
        }

        return null;
    }

    /// <summary>
    /// The window that answers the filter asked on <paramref name="today"/>, moved on to today or summed if need be;
    /// null when none does: a filter by anything (the windows keep no currency, channel, country, category or reason),
    /// a period that is neither the last 30, 90 or 365 days up to today nor a calendar month, quarter or year (or the
    /// part of one up to today, when nothing is dated after today in it).
    /// </summary>
    public static async Task<WindowKey?> ForAsync(RetourDbContext db, AnalyticsFilter f, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        if (f is not { Channel: null, Country: null, Category: null, Reason: null, Currency: null })
        {
            return null;
        }

        var days = f.To.DayNumber - f.From.DayNumber + 1;
        if (f.To == today && Lengths.Contains(days))
        {
            return await AdvanceAsync(db, days, today, ct) == today ? WindowKey.Running(days) : null;
        }

        if (Calendar(f.From, f.To, today) is not { } calendar
            || (calendar.Last > f.To && await db.Set<CustomerCell>().AnyAsync(c => c.Grain == CellGrain.Day && c.Period > f.To && c.Period <= calendar.Last, ct)))
        {
            return null;
        }

        await SumAsync(db, calendar, ct);
        return calendar;
    }

    /// <summary>
    /// Moves a window so its last day is <paramref name="today"/>, in one transaction: the days since its last day
    /// added and those that left it taken away, or summed afresh when it is new, more than its length behind, or ahead
    /// (a clock set back). Returns the window's last day afterwards: today, unless another reader moved it to another
    /// day meanwhile (only at the turn of a day).
    /// </summary>
    public static async Task<DateOnly?> AdvanceAsync(RetourDbContext db, int days, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = WindowKey.Running(days);
        var asOf = await AsOfAsync(db, key, ct);
        if (asOf == today)
        {
            return today;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, ct);

            // Claiming the window first: a concurrent reader waits on its state row, then finds it changed and leaves
            // the window alone.
            var claimed = asOf is { } last
                ? await db.Database.ExecuteSqlRawAsync($"UPDATE {States} SET \"AsOf\" = {{0}} WHERE \"Days\" = {{1}} AND \"First\" = {{2}} AND \"AsOf\" = {{3}}", [today, days, Running, last], ct)
                : await ClaimAsync(db, key, today, ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                return await AsOfAsync(db, key, ct);
            }

            if (asOf is not { } from || from > today || today.DayNumber - from.DayNumber >= days)
            {
                await RowsOf(db, key).ExecuteDeleteAsync(ct);
                await StateOf(db, key).ExecuteUpdateAsync(u => u.SetProperty(w => w.Returners, 0).SetProperty(w => w.Returns, 0), ct);
                await ShiftAsync(db, key, today.AddDays(1 - days), today, "1", null, ct);
            }
            else
            {
                await ShiftAsync(db, key, from.AddDays(1), today, "1", null, ct);
                await ShiftAsync(db, key, from.AddDays(1 - days), today.AddDays(-days), "-1", null, ct);
                await DropEmptyAsync(db, key, from.AddDays(1 - days), today.AddDays(-days), ct);
            }

            await transaction.CommitAsync(ct);
            return (DateOnly?)today;
        });
    }

    /// <summary>
    /// The windows covering a day, in the caller's transaction (a stale day's recompute, <see cref="Rollups"/>): locks
    /// the windows' state rows first, so none can move on before the transaction has shifted it by the day.
    /// </summary>
    public static async Task<List<WindowKey>> CoveringAsync(RetourDbContext db, DateOnly day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await LockAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync($"UPDATE {States} SET \"AsOf\" = \"AsOf\"", ct);
        var states = await db.Set<CustomerWindowState>().AsNoTracking().ToListAsync(ct);
        return [.. states.Where(s => day <= s.AsOf && day.DayNumber > s.AsOf.DayNumber - s.Days).Select(s => new WindowKey(s.Days, s.First))];
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or takes away (-1) one day's customer rows to or from the windows given
    /// (<see cref="CoveringAsync"/>). A customer the change brings to nothing (an order moved to another day) keeps a
    /// row of zeros until the day leaves the window: every question skips it.
    /// </summary>
    public static async Task ShiftDayAsync(RetourDbContext db, IEnumerable<WindowKey> windows, DateOnly day, string sign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(windows);
        var list = windows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        // The day's returns are the same for every window it moves: summed once.
        var returns = await ReturnsAsync(db, day, day, ct);
        foreach (var key in list)
        {
            await ShiftAsync(db, key, day, day, sign, returns, ct);
        }
    }

    /// <summary>Empties every window (the rollups are rebuilt; each window is summed again by its next reader).</summary>
    public static async Task ClearAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Set<CustomerWindowState>().ExecuteDeleteAsync(ct);
        await db.Set<CustomerWindow>().ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The customers with at least <paramref name="minReturns"/> returns in the window whose unit rate may reach
    /// <paramref name="minRate"/>, as <see cref="CustomerCells.SerialCandidatesAsync"/> finds them over any period: the
    /// database keeps those at or above the rate less a millionth, the caller applies the exact test.
    /// </summary>
    public static async Task<List<(string Customer, long Sold, long Returned, long Returns)>> SerialCandidatesAsync(RetourDbContext db, WindowKey key, int minReturns, decimal minRate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var millionths = CustomerCells.RateFloor(minRate);
        var rows = await RowsOf(db, key).AsNoTracking()
            // Returns > 0 as written in the partial index's filter: SQLite uses the index only when the query repeats it.
            .Where(w => w.Returns > 0 && w.Returns >= minReturns && w.ReturnedUnits * 1_000_000 >= millionths * w.SoldUnits)
            .Select(w => new { w.Customer, w.SoldUnits, w.ReturnedUnits, w.Returns })
            .ToListAsync(ct);
        return rows.ConvertAll(w => (w.Customer, w.SoldUnits, w.ReturnedUnits, w.Returns));
    }

    /// <summary>
    /// The customers who returned most units in the window (then by email), at most <paramref name="limit"/>, read
    /// from an index; when the page is full, also how many returned anything and how many returns there were, read
    /// from the window's state row (a page that is not full lists every returner, and the caller needs no totals).
    /// </summary>
    public static async Task<(List<string> Top, (int Returners, long Returns)? Totals)> TopReturnersAsync(RetourDbContext db, WindowKey key, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var top = await RowsOf(db, key).AsNoTracking()
            .Where(w => w.ReturnedUnits > 0)
            .OrderByDescending(w => w.ReturnedUnits).ThenBy(w => w.Customer)
            .Take(limit)
            .Select(w => w.Customer)
            .ToListAsync(ct);
        if (top.Count < limit)
        {
            return (top, null);
        }

        var totals = await StateOf(db, key).AsNoTracking().Select(s => new { s.Returners, s.Returns }).FirstAsync(ct);
        return (top, ((int)totals.Returners, totals.Returns));
    }

    private static Task<DateOnly?> AsOfAsync(RetourDbContext db, WindowKey key, CancellationToken ct) =>
        StateOf(db, key).AsNoTracking().Select(s => (DateOnly?)s.AsOf).FirstOrDefaultAsync(ct);

    // A window's rows.
    private static IQueryable<CustomerWindow> RowsOf(RetourDbContext db, WindowKey key) =>
        db.Set<CustomerWindow>().Where(w => w.Days == key.Days && w.First == key.First);

    // A window's state row.
    private static IQueryable<CustomerWindowState> StateOf(RetourDbContext db, WindowKey key) =>
        db.Set<CustomerWindowState>().Where(s => s.Days == key.Days && s.First == key.First);

    // Sums a calendar window from its days unless it is summed already, in one transaction. A concurrent reader of the
    // same period waits on the state row the first one inserts, then finds it there.
    private static async Task SumAsync(RetourDbContext db, WindowKey key, CancellationToken ct)
    {
        if (await AsOfAsync(db, key, ct) is not null)
        {
            return;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(db, ct);
            if (await ClaimAsync(db, key, key.Last, ct) > 0)
            {
                await ShiftAsync(db, key, key.First, key.Last, "1", null, ct);
            }

            await transaction.CommitAsync(ct);
        });
    }

    // Inserts a window's state row with nothing in it yet, unless another transaction did: the rows it inserted (0 or 1).
    private static Task<int> ClaimAsync(RetourDbContext db, WindowKey key, DateOnly asOf, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {States} (\"Days\", \"First\", \"AsOf\", \"Returners\", \"Returns\") VALUES ({{0}}, {{1}}, {{2}}, 0, 0) ON CONFLICT (\"Days\", \"First\") DO NOTHING",
            [key.Days, key.First, asOf], ct);

    // Serialises, on PostgreSQL, everything that sums or shifts a window (until the transaction ends): a window summed
    // afresh reads only committed day rows, so a stale day's recompute running meanwhile must be over first, or wait.
    private static async Task LockAsync(RetourDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WindowsLock})", ct);
        }
    }

    // Adds (sign 1) or takes away (-1) the customer day rows from first to last (inclusive) to or from a window, and
    // moves its state row's totals: the returns by the days' returns, the returners by how many of the customers who
    // returned something on those days (the only ones whose units returned change) start or stop being returners.
    // The days' returns are summed here unless the caller already has them (one day shifted in several windows).
    private static async Task ShiftAsync(RetourDbContext db, WindowKey key, DateOnly first, DateOnly last, string sign, long? dayReturns, CancellationToken ct)
    {
        if (first > last)
        {
            return;
        }

        var cells = db.Set<CustomerCell>().AsNoTracking().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last);
        // > 0 as the partial index on returners is written (day rows are never negative), so it is read alone.
        var changing = cells.Where(c => c.ReturnedUnits > 0).Select(c => c.Customer);
        var returners = RowsOf(db, key).AsNoTracking().Where(w => w.ReturnedUnits > 0 && changing.Contains(w.Customer));
        var before = await returners.CountAsync(ct);
        var returns = (dayReturns ?? await ReturnsAsync(db, first, last, ct)) * (sign == "1" ? 1 : -1);

        var sql = $$"""
            INSERT INTO {{Table}} ("Days", "First", "Customer", {{Sums}})
            SELECT {{key.Days}}, {2}, "Customer", {{sign}} * SUM("SoldUnits"), {{sign}} * SUM("ReturnedUnits"), {{sign}} * SUM("Returns")
            FROM "AnalyticsCustomerCells" WHERE "Grain" = {{(int)CellGrain.Day}} AND "Period" >= {0} AND "Period" <= {1}
            GROUP BY "Customer"
            ON CONFLICT ("Days", "First", "Customer") DO UPDATE SET {{Rollups.Add(Sums, Table)}}
            """;
        await db.Database.ExecuteSqlRawAsync(sql, [first, last, key.First], ct);
        var moved = await returners.CountAsync(ct) - before;
        await StateOf(db, key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Returners, s => s.Returners + moved).SetProperty(s => s.Returns, s => s.Returns + returns), ct);
    }

    // The distinct returns of the customer day rows from first to last (inclusive), all customers together.
    private static Task<long> ReturnsAsync(RetourDbContext db, DateOnly first, DateOnly last, CancellationToken ct) =>
        db.Set<CustomerCell>().AsNoTracking().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last).SumAsync(c => c.Returns, ct);

    // Removes the window rows left at nothing among the customers with day rows from first to last.
    private static Task<int> DropEmptyAsync(RetourDbContext db, WindowKey key, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var customers = db.Set<CustomerCell>().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last).Select(c => c.Customer);
        return RowsOf(db, key)
            .Where(w => w.SoldUnits == 0 && w.ReturnedUnits == 0 && w.Returns == 0 && customers.Contains(w.Customer))
            .ExecuteDeleteAsync(ct);
    }
}

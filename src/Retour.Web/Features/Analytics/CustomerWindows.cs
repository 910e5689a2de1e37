using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// One customer's units bought and returned and distinct returns over the last <see cref="Days"/> days up to the
/// window's <see cref="CustomerWindowState.AsOf"/> day, all currencies together (decision 0028).
/// </summary>
public sealed class CustomerWindow
{
    /// <summary>The window's length in days (one of <see cref="CustomerWindows.Lengths"/>).</summary>
    public int Days { get; set; }

    /// <summary>Customer email (lower case), empty when unknown.</summary>
    public string Customer { get; set; } = string.Empty;

    /// <summary>Units bought.</summary>
    public long SoldUnits { get; set; }

    /// <summary>Units returned.</summary>
    public long ReturnedUnits { get; set; }

    /// <summary>Distinct returns (live and historical) the units came back in.</summary>
    public long Returns { get; set; }
}

/// <summary>The last day a window of customer totals covers; one row per window length.</summary>
public sealed class CustomerWindowState
{
    /// <summary>The window's length in days.</summary>
    public int Days { get; set; }

    /// <summary>The window's last day: it covers <c>AsOf - Days + 1</c> to <c>AsOf</c>.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>How many of the window's customers returned any unit: kept with every move, so no question counts them.</summary>
    public long Returners { get; set; }

    /// <summary>Distinct returns in the window, all customers together: kept with every move, so no question adds them up.</summary>
    public long Returns { get; set; }
}

/// <summary>
/// Running per-customer totals over the last 30, 90 and 365 days (decision 0028), so the dashboard's customer
/// questions over those periods read the customers who returned most from an index instead of grouping every
/// customer's rows of the period. A window always holds the sum of the customer day rows
/// (<see cref="CustomerCell"/>) of its days: a stale day's recompute moves the windows that cover it by the day's
/// difference (<see cref="ShiftDayAsync"/>), and the first question of a later day moves a window on
/// (<see cref="AdvanceAsync"/>): it adds the days that came in and takes away those that fell out, or sums the window
/// afresh when more than its length has passed.
/// </summary>
public static class CustomerWindows
{
    /// <summary>The window lengths kept, in days: the periods the dashboard's customer questions are asked over most.</summary>
    public static readonly IReadOnlyList<int> Lengths = [30, 90, 365];

    private const string Table = "\"AnalyticsCustomerWindows\"";

    private const string States = "\"AnalyticsCustomerWindowStates\"";

    private const string Sums = "\"SoldUnits\", \"ReturnedUnits\", \"Returns\"";

    /// <summary>
    /// The window that answers the filter asked on <paramref name="today"/>, moved on to today if it was behind; null
    /// when none does: a filter by anything (the windows keep no currency, channel, country, category or reason), or a
    /// period other than the last 30, 90 or 365 days up to today.
    /// </summary>
    public static async Task<int?> ForAsync(RetourDbContext db, AnalyticsFilter f, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var days = f.To.DayNumber - f.From.DayNumber + 1;
        if (f is not { Channel: null, Country: null, Category: null, Reason: null, Currency: null } || f.To != today || !Lengths.Contains(days))
        {
            return null;
        }

        return await AdvanceAsync(db, days, today, ct) == today ? days : null;
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
        var asOf = await AsOfAsync(db, days, ct);
        if (asOf == today)
        {
            return today;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // Claiming the window first: a concurrent reader (or a stale day's recompute) waits on its state row, then
            // finds it changed and leaves the window alone.
            var claimed = asOf is { } last
                ? await db.Database.ExecuteSqlRawAsync($"UPDATE {States} SET \"AsOf\" = {{0}} WHERE \"Days\" = {{1}} AND \"AsOf\" = {{2}}", [today, days, last], ct)
                : await db.Database.ExecuteSqlRawAsync($"INSERT INTO {States} (\"Days\", \"AsOf\") VALUES ({{0}}, {{1}}) ON CONFLICT (\"Days\") DO NOTHING", [days, today], ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(ct);
                return await AsOfAsync(db, days, ct);
            }

            if (asOf is not { } from || from > today || today.DayNumber - from.DayNumber >= days)
            {
                await db.Set<CustomerWindow>().Where(w => w.Days == days).ExecuteDeleteAsync(ct);
                await db.Set<CustomerWindowState>().Where(w => w.Days == days).ExecuteUpdateAsync(u => u.SetProperty(w => w.Returners, 0).SetProperty(w => w.Returns, 0), ct);
                await ShiftAsync(db, days, today.AddDays(1 - days), today, "1", null, ct);
            }
            else
            {
                await ShiftAsync(db, days, from.AddDays(1), today, "1", null, ct);
                await ShiftAsync(db, days, from.AddDays(1 - days), today.AddDays(-days), "-1", null, ct);
                await DropEmptyAsync(db, days, from.AddDays(1 - days), today.AddDays(-days), ct);
            }

            await transaction.CommitAsync(ct);
            return (DateOnly?)today;
        });
    }

    /// <summary>
    /// The windows covering a day, in the caller's transaction (a stale day's recompute, <see cref="Rollups"/>): locks
    /// the windows' state rows first, so none can move on before the transaction has shifted it by the day.
    /// </summary>
    public static async Task<List<int>> CoveringAsync(RetourDbContext db, DateOnly day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync($"UPDATE {States} SET \"AsOf\" = \"AsOf\"", ct);
        var states = await db.Set<CustomerWindowState>().AsNoTracking().ToListAsync(ct);
        return [.. states.Where(s => day <= s.AsOf && day.DayNumber > s.AsOf.DayNumber - s.Days).Select(s => s.Days)];
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or takes away (-1) one day's customer rows to or from the windows given
    /// (<see cref="CoveringAsync"/>). A customer the change brings to nothing (an order moved to another day) keeps a
    /// row of zeros until the day leaves the window: every question skips it.
    /// </summary>
    public static async Task ShiftDayAsync(RetourDbContext db, IEnumerable<int> windows, DateOnly day, string sign, CancellationToken ct)
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
        foreach (var days in list)
        {
            await ShiftAsync(db, days, day, day, sign, returns, ct);
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
    public static async Task<List<(string Customer, long Sold, long Returned, long Returns)>> SerialCandidatesAsync(RetourDbContext db, int days, int minReturns, decimal minRate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var millionths = CustomerCells.RateFloor(minRate);
        var rows = await db.Set<CustomerWindow>().AsNoTracking()
            // Returns > 0 as written in the partial index's filter: SQLite uses the index only when the query repeats it.
            .Where(w => w.Days == days && w.Returns > 0 && w.Returns >= minReturns && w.ReturnedUnits * 1_000_000 >= millionths * w.SoldUnits)
            .Select(w => new { w.Customer, w.SoldUnits, w.ReturnedUnits, w.Returns })
            .ToListAsync(ct);
        return rows.ConvertAll(w => (w.Customer, w.SoldUnits, w.ReturnedUnits, w.Returns));
    }

    /// <summary>
    /// The customers who returned most units in the window (then by email), at most <paramref name="limit"/>, read
    /// from an index; when the page is full, also how many returned anything and how many returns there were, read
    /// from the window's state row (a page that is not full lists every returner, and the caller needs no totals).
    /// </summary>
    public static async Task<(List<string> Top, (int Returners, long Returns)? Totals)> TopReturnersAsync(RetourDbContext db, int days, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var top = await db.Set<CustomerWindow>().AsNoTracking()
            .Where(w => w.Days == days && w.ReturnedUnits > 0)
            .OrderByDescending(w => w.ReturnedUnits).ThenBy(w => w.Customer)
            .Take(limit)
            .Select(w => w.Customer)
            .ToListAsync(ct);
        if (top.Count < limit)
        {
            return (top, null);
        }

        var totals = await db.Set<CustomerWindowState>().AsNoTracking().Where(s => s.Days == days).Select(s => new { s.Returners, s.Returns }).FirstAsync(ct);
        return (top, ((int)totals.Returners, totals.Returns));
    }

    private static Task<DateOnly?> AsOfAsync(RetourDbContext db, int days, CancellationToken ct) =>
        db.Set<CustomerWindowState>().AsNoTracking().Where(s => s.Days == days).Select(s => (DateOnly?)s.AsOf).FirstOrDefaultAsync(ct);

    // Adds (sign 1) or takes away (-1) the customer day rows from first to last (inclusive) to or from a window, and
    // moves its state row's totals: the returns by the days' returns, the returners by how many of the customers who
    // returned something on those days (the only ones whose units returned change) start or stop being returners.
    // The days' returns are summed here unless the caller already has them (one day shifted in several windows).
    private static async Task ShiftAsync(RetourDbContext db, int days, DateOnly first, DateOnly last, string sign, long? dayReturns, CancellationToken ct)
    {
        if (first > last)
        {
            return;
        }

        var cells = db.Set<CustomerCell>().AsNoTracking().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last);
        // > 0 as the partial index on returners is written (day rows are never negative), so it is read alone.
        var changing = cells.Where(c => c.ReturnedUnits > 0).Select(c => c.Customer);
        var returners = db.Set<CustomerWindow>().AsNoTracking().Where(w => w.Days == days && w.ReturnedUnits > 0 && changing.Contains(w.Customer));
        var before = await returners.CountAsync(ct);
        var returns = (dayReturns ?? await ReturnsAsync(db, first, last, ct)) * (sign == "1" ? 1 : -1);

        var sql = $$"""
            INSERT INTO {{Table}} ("Days", "Customer", {{Sums}})
            SELECT {{days}}, "Customer", {{sign}} * SUM("SoldUnits"), {{sign}} * SUM("ReturnedUnits"), {{sign}} * SUM("Returns")
            FROM "AnalyticsCustomerCells" WHERE "Grain" = {{(int)CellGrain.Day}} AND "Period" >= {0} AND "Period" <= {1}
            GROUP BY "Customer"
            ON CONFLICT ("Days", "Customer") DO UPDATE SET {{Rollups.Add(Sums, Table)}}
            """;
        await db.Database.ExecuteSqlRawAsync(sql, [first, last], ct);
        var moved = await returners.CountAsync(ct) - before;
        await db.Set<CustomerWindowState>().Where(s => s.Days == days)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Returners, s => s.Returners + moved).SetProperty(s => s.Returns, s => s.Returns + returns), ct);
    }

    // The distinct returns of the customer day rows from first to last (inclusive), all customers together.
    private static Task<long> ReturnsAsync(RetourDbContext db, DateOnly first, DateOnly last, CancellationToken ct) =>
        db.Set<CustomerCell>().AsNoTracking().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last).SumAsync(c => c.Returns, ct);

    // Removes the window rows left at nothing among the customers with day rows from first to last.
    private static Task<int> DropEmptyAsync(RetourDbContext db, int days, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var customers = db.Set<CustomerCell>().Where(c => c.Grain == CellGrain.Day && c.Period >= first && c.Period <= last).Select(c => c.Customer);
        return db.Set<CustomerWindow>()
            .Where(w => w.Days == days && w.SoldUnits == 0 && w.ReturnedUnits == 0 && w.Returns == 0 && customers.Contains(w.Customer))
            .ExecuteDeleteAsync(ct);
    }
}

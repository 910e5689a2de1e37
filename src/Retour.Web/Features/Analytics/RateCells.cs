using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>Which dimensions a rollup row keeps (decision 0024): each question reads the smallest cube that can answer it.</summary>
public enum RateCube
{
    /// <summary>Every dimension: SKU, product, category, channel, country, reason, currency. The base the others are summed from.</summary>
    Detail = 0,

    /// <summary>SKU, product, category, reason and currency (no channel, no country): SKUs and products filtered by reason, and the top products' reasons.</summary>
    Sku = 1,

    /// <summary>Category, channel, country, reason and currency (no SKU): totals, months, categories, reasons, channels, countries.</summary>
    Overview = 2,

    /// <summary>
    /// SKU, product, category and currency (no reason, channel or country): SKUs and products unfiltered by those. A
    /// month holds one row per SKU and currency however many reasons its units came back for.
    /// </summary>
    Item = 3,
}

/// <summary>How long a rollup row's period is.</summary>
public enum CellGrain
{
    /// <summary>One calendar day (UTC).</summary>
    Day = 0,

    /// <summary>One calendar month (UTC); the period is its first day.</summary>
    Month = 1,

    /// <summary>
    /// One week, Monday to Sunday (UTC); the period is its Monday. Kept for the SKU and item cubes only, whose
    /// questions over a year otherwise read up to 60 day rows per SKU for the two partial months (decision 0029).
    /// </summary>
    Week = 2,
}

/// <summary>
/// One rollup row of the return-rate measures: units and value sold (by order date) and returned (by return date)
/// in one period, for one combination of the cube's dimensions; a dimension the cube does not keep, or a fact
/// without a value for it, is the empty string. Values are ten-thousandths of the currency unit (as in
/// <see cref="ReturnFacts"/>), so both databases add them up exactly in SQL.
/// </summary>
public sealed class RateCell : IPeriodCell, IAnalyticsDimensions
{
    /// <summary>The cube the row belongs to.</summary>
    public RateCube Cube { get; set; }

    /// <summary>Day, week or month.</summary>
    public CellGrain Grain { get; set; }

    /// <summary>The day, the Monday of the week, or the first day of the month.</summary>
    public DateOnly Period { get; set; }

    /// <summary>SKU.</summary>
    public string Sku { get; set; } = string.Empty;

    /// <summary>Product (the line's title).</summary>
    public string Product { get; set; } = string.Empty;

    /// <summary>Category.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Sales channel.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>Country.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>Return reason (always empty on units sold).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Units sold.</summary>
    public long SoldUnits { get; set; }

    /// <summary>Amount paid for the units sold, in ten-thousandths.</summary>
    public long SoldValue { get; set; }

    /// <summary>Units returned.</summary>
    public long ReturnedUnits { get; set; }

    /// <summary>Amount paid for the units returned, in ten-thousandths.</summary>
    public long ReturnedValue { get; set; }
}

/// <summary>
/// One customer's units and value bought and returned in one period, and how many distinct returns brought the units
/// back (a return is dated on one day, so the count adds up across days). Values in ten-thousandths.
/// </summary>
public sealed class CustomerCell : IPeriodCell
{
    /// <summary>Day or month.</summary>
    public CellGrain Grain { get; set; }

    /// <summary>The day, or the first day of the month.</summary>
    public DateOnly Period { get; set; }

    /// <summary>Customer email (lower case), empty when unknown.</summary>
    public string Customer { get; set; } = string.Empty;

    /// <summary>Currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Units bought.</summary>
    public long SoldUnits { get; set; }

    /// <summary>Amount paid for them, in ten-thousandths.</summary>
    public long SoldValue { get; set; }

    /// <summary>Units returned.</summary>
    public long ReturnedUnits { get; set; }

    /// <summary>Amount paid for the units returned, in ten-thousandths.</summary>
    public long ReturnedValue { get; set; }

    /// <summary>Distinct returns (live and historical) the units came back in.</summary>
    public long Returns { get; set; }
}

/// <summary>A rollup row's period: what <see cref="RateCells.InPeriod{T}"/> reads.</summary>
public interface IPeriodCell
{
    /// <summary>Day or month.</summary>
    CellGrain Grain { get; }

    /// <summary>The day, or the first day of the month.</summary>
    DateOnly Period { get; }
}

/// <summary>The sums of rollup rows of one group, period (for months; else the default) and currency.</summary>
/// <param name="Key">The group; empty when the rows have no value for it.</param>
/// <param name="Label">A readable name (the product of a SKU).</param>
/// <param name="Currency">Currency.</param>
/// <param name="Period">The rows' period, when grouped by it.</param>
/// <param name="SoldUnits">Units sold.</param>
/// <param name="SoldValue">Value sold, ten-thousandths.</param>
/// <param name="ReturnedUnits">Units returned.</param>
/// <param name="ReturnedValue">Value returned, ten-thousandths.</param>
/// <param name="Returns">Distinct returns (customer rows only).</param>
public sealed record CellSum(string Key, string Label, string Currency, DateOnly Period, long SoldUnits, long SoldValue, long ReturnedUnits, long ReturnedValue, long Returns = 0);

/// <summary>Reads the rate rollups (decision 0024).</summary>
public static class RateCells
{
    /// <summary>
    /// The cube that answers a grouping under a filter: SKUs and products from the item cube, from the SKU cube when
    /// a reason is asked for, from the detail cube when a channel or a country is; everything else from the overview cube.
    /// </summary>
    public static RateCube CubeFor(RateGrouping by, AnalyticsFilter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return by is RateGrouping.Sku or RateGrouping.Product
            ? (f.Channel is not null || f.Country is not null ? RateCube.Detail : f.Reason is not null ? RateCube.Sku : RateCube.Item)
            : RateCube.Overview;
    }

    /// <summary>The whole months inside the period, as [first day of the first, first day after the last); empty when none.</summary>
    public static (DateOnly First, DateOnly End) WholeMonths(AnalyticsFilter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var first = f.From.Day == 1 ? f.From : Rollups.MonthOf(f.From).AddMonths(1);
        var end = Rollups.MonthOf(f.To.AddDays(1));
        return first < end ? (first, end) : (f.From, f.From);
    }

    /// <summary>
    /// The ranges of rows that cover a period exactly once, each [First, End) of <see cref="IPeriodCell.Period"/> at
    /// its grain: month rows for the whole months inside it; when the rows keep weeks (<paramref name="weeks"/>,
    /// decision 0029), week rows for the whole weeks among the days left at either end; day rows for the rest.
    /// </summary>
    public static List<(CellGrain Grain, DateOnly First, DateOnly End)> Ranges(AnalyticsFilter f, bool weeks)
    {
        ArgumentNullException.ThrowIfNull(f);
        var ranges = new List<(CellGrain Grain, DateOnly First, DateOnly End)>();
        var (first, end) = WholeMonths(f);
        var after = f.To.AddDays(1);
        if (first >= end)
        {
            Edge(f.From, after);
            return ranges;
        }

        ranges.Add((CellGrain.Month, first, end));
        Edge(f.From, first);
        Edge(end, after);
        return ranges;

        // The days from one day up to (not including) another.
        void Edge(DateOnly from, DateOnly until)
        {
            var monday = Rollups.WeekOf(from);
            var (w1, w2) = (monday == from ? from : monday.AddDays(7), Rollups.WeekOf(until));
            if (weeks && w1 < w2)
            {
                ranges.Add((CellGrain.Week, w1, w2));
                Days(from, w1);
                Days(w2, until);
            }
            else
            {
                Days(from, until);
            }
        }

        void Days(DateOnly from, DateOnly until)
        {
            if (from < until)
            {
                ranges.Add((CellGrain.Day, from, until));
            }
        }
    }

    /// <summary>
    /// Rows covering the period exactly once (<see cref="Ranges"/>). Each range is its own <c>UNION ALL</c> branch,
    /// so both databases read it as one range of an index (PostgreSQL cannot read ranges joined by <c>OR</c> from an
    /// index-only scan, and a nested <c>OR</c> made SQLite read every day row). Narrow the rows before, so each
    /// branch carries the filter.
    /// </summary>
    public static IQueryable<T> InPeriod<T>(IQueryable<T> rows, AnalyticsFilter f, bool weeks = false)
        where T : class, IPeriodCell
    {
        IQueryable<T>? q = null;
        foreach (var (grain, first, end) in Ranges(f, weeks))
        {
            // The grain as a literal, as each branch always had it: the plans stay those of one index range each.
            var branch = rows.Where(c => c.Grain == EF.Constant(grain) && c.Period >= first && c.Period < end);
            q = q is null ? branch : q.Concat(branch);
        }

        return q ?? throw new InvalidOperationException("A period always has at least one day.");
    }

    /// <summary>The rows of a cube under the filter (all but the reason, which only narrows the units returned).</summary>
    public static IQueryable<RateCell> Of(RetourDbContext db, AnalyticsFilter f, RateCube cube)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        // The cube as a literal: PostgreSQL's partial index on the item cube is usable only when the query names it.
        var q = InPeriod(f.Narrow(db.Set<RateCell>().AsNoTracking().Where(c => c.Cube == EF.Constant(cube)), byReason: false), f, Rollups.HasWeeks(cube));
        if (f.Reason is { } reason)
        {
            // Units sold are never filtered by reason; units returned count only under the reason asked for.
            q = q.Select(c => new RateCell
            {
                Cube = c.Cube, Grain = c.Grain, Period = c.Period, Sku = c.Sku, Product = c.Product, Category = c.Category, Channel = c.Channel, Country = c.Country, Reason = c.Reason, Currency = c.Currency,
                SoldUnits = c.SoldUnits, SoldValue = c.SoldValue,
                ReturnedUnits = c.Reason == reason ? c.ReturnedUnits : 0,
                ReturnedValue = c.Reason == reason ? c.ReturnedValue : 0,
            });
        }

        return q;
    }

    /// <summary>The sums per group and currency (and per period, by month), added up by the database.</summary>
    public static async Task<List<CellSum>> SumsAsync(RetourDbContext db, AnalyticsFilter f, RateGrouping by, CancellationToken ct)
    {
        var q = Of(db, f, CubeFor(by, f));
        var sums = by switch
        {
            RateGrouping.Sku => q.GroupBy(c => new { c.Sku, c.Currency }).Select(g => new CellSum(g.Key.Sku, g.Max(c => c.Product)!, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Product => q.GroupBy(c => new { c.Product, c.Currency }).Select(g => new CellSum(g.Key.Product, g.Key.Product, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Category => q.GroupBy(c => new { c.Category, c.Currency }).Select(g => new CellSum(g.Key.Category, g.Key.Category, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Reason => q.GroupBy(c => new { c.Reason, c.Currency }).Select(g => new CellSum(g.Key.Reason, g.Key.Reason, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Channel => q.GroupBy(c => new { c.Channel, c.Currency }).Select(g => new CellSum(g.Key.Channel, g.Key.Channel, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Country => q.GroupBy(c => new { c.Country, c.Currency }).Select(g => new CellSum(g.Key.Country, g.Key.Country, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            RateGrouping.Month => q.GroupBy(c => new { c.Period, c.Currency }).Select(g => new CellSum(string.Empty, string.Empty, g.Key.Currency, g.Key.Period, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Customers are read from the customer rows."),
        };
        return await sums.ToListAsync(ct);
    }

    /// <summary>The units returned per product and reason, for the products given (the top products' reasons).</summary>
    public static async Task<List<(string Product, string Reason, long Units)>> ReasonsAsync(RetourDbContext db, AnalyticsFilter f, IReadOnlyCollection<string> products, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(products);
        var names = products.ToList();
        var cube = CubeFor(RateGrouping.Product, f) == RateCube.Detail ? RateCube.Detail : RateCube.Sku;
        var rows = await Of(db, f, cube)
            .Where(c => names.Contains(c.Product))
            .GroupBy(c => new { c.Product, c.Reason })
            .Select(g => new { g.Key.Product, g.Key.Reason, Units = g.Sum(c => c.ReturnedUnits) })
            .ToListAsync(ct);
        return [.. rows.Where(r => r.Units > 0).Select(r => (r.Product, r.Reason, r.Units))];
    }
}

/// <summary>Reads the customer rollups (decision 0024).</summary>
public static class CustomerCells
{
    /// <summary>Whether the customer rows answer the filter: they keep the currency, not the channel, country, category or reason.</summary>
    public static bool Answer(AnalyticsFilter f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f is { Channel: null, Country: null, Category: null, Reason: null };
    }

    /// <summary>The sums per customer and currency over the period, for every customer (a small shop, or no limit).</summary>
    public static async Task<List<CellSum>> SumsAsync(RetourDbContext db, AnalyticsFilter f, CancellationToken ct) =>
        await Rows(db, f).GroupBy(c => new { c.Customer, c.Currency })
            .Select(g => new CellSum(g.Key.Customer, g.Key.Customer, g.Key.Currency, default, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), g.Sum(c => c.Returns)))
            .ToListAsync(ct);

    /// <summary>The sums per customer, currency and period (day or month row) of the customers given, read by their own index.</summary>
    public static async Task<List<CellSum>> SumsOfAsync(RetourDbContext db, AnalyticsFilter f, IReadOnlyCollection<string> customers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var sums = new List<CellSum>();
        foreach (var chunk in customers.Chunk(500))
        {
            sums.AddRange(await Rows(db, f, c => chunk.Contains(c.Customer))
                .GroupBy(c => new { c.Customer, c.Period, c.Currency })
                .Select(g => new CellSum(g.Key.Customer, g.Key.Customer, g.Key.Currency, g.Key.Period, g.Sum(c => c.SoldUnits), g.Sum(c => c.SoldValue), g.Sum(c => c.ReturnedUnits), g.Sum(c => c.ReturnedValue), g.Sum(c => c.Returns)))
                .ToListAsync(ct));
        }

        return sums;
    }

    /// <summary>
    /// The customers who returned most units in the period (then by email), at most <paramref name="limit"/>; when
    /// the page is full, also how many returned anything and their distinct returns. One grouping of the period's rows
    /// with returns answers all three (window functions over the groups), where a page used to group them twice and
    /// sum them a third time.
    /// </summary>
    public static async Task<(List<string> Top, (int Returners, long Returns)? Totals)> TopReturnersAsync(RetourDbContext db, AnalyticsFilter f, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var sql = new PeriodSql(f);
        // Only numbers are written into the text (the limit, the grains); every other value is a parameter.
        var text = $"""
            SELECT "Customer", COUNT(*) OVER () AS "Returners", CAST(SUM(SUM("Returns")) OVER () AS bigint) AS "Returns"
            FROM ({sql.Returned()}) AS c
            GROUP BY "Customer"
            ORDER BY SUM("ReturnedUnits") DESC, "Customer"
            LIMIT {limit}
            """;
        var rows = await db.Database.SqlQueryRaw<TopReturner>(text, sql.Values).ToListAsync(ct);
        var top = rows.ConvertAll(r => r.Customer);
        return (top, rows.Count < limit ? null : ((int)rows[0].Returners, rows[0].Returns));
    }

    /// <summary>
    /// Each customer's units bought and returned and distinct returns over the period, for the customers with at
    /// least <paramref name="minReturns"/> returns whose unit rate may reach <paramref name="minRate"/>: the database
    /// keeps those at or above the rate less a millionth (integer arithmetic on both databases), so the caller's exact
    /// test on the rate rounded as answers show it (<see cref="RatesQuery.Ratio"/>) loses no one. The customers with
    /// enough returns come from one grouping of the period's rows with returns; the units each of them bought are then
    /// read from their own rows (the key starts with the customer), one key range per range of the period.
    /// </summary>
    public static async Task<List<(string Customer, long Sold, long Returned, long Returns)>> SerialCandidatesAsync(RetourDbContext db, AnalyticsFilter f, int minReturns, decimal minRate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var sql = new PeriodSql(f);
        var sold = string.Join(" + ", sql.Ranges.Select(r =>
            $"COALESCE((SELECT CAST(SUM(s.\"SoldUnits\") AS bigint) FROM \"AnalyticsCustomerCells\" AS s WHERE s.\"Customer\" = g.\"Customer\" AND {sql.Range(r, "s.")}), 0)"));
        // Only numbers are written into the text (the thresholds, the grains); every other value is a parameter.
        var text = $"""
            SELECT "Customer", "Sold", "Returned", "Returns" FROM (
                SELECT g."Customer", g."Returned", g."Returns", {sold} AS "Sold"
                FROM (
                    SELECT "Customer", CAST(SUM("ReturnedUnits") AS bigint) AS "Returned", CAST(SUM("Returns") AS bigint) AS "Returns"
                    FROM ({sql.Returned()}) AS c
                    GROUP BY "Customer"
                    HAVING SUM("Returns") >= {minReturns}
                ) AS g
            ) AS x
            WHERE x."Returned" * 1000000 >= {RateFloor(minRate)} * x."Sold"
            """;
        var rows = await db.Database.SqlQueryRaw<SerialCandidate>(text, sql.Values).ToListAsync(ct);
        return rows.ConvertAll(x => (x.Customer, x.Sold, x.Returned, x.Returns));
    }

    /// <summary>
    /// The unit rate a serial-returner candidate must reach in the database, in millionths, a millionth below
    /// <paramref name="minRate"/>: the database compares integers (returned × 1,000,000 ≥ floor × bought), the caller
    /// then applies the exact test on the rate as answers round it.
    /// </summary>
    public static long RateFloor(decimal minRate) => (long)Math.Floor(minRate * 1_000_000m) - 1;

    // The customer rows of the period, narrowed before the period's branches are joined so each branch carries the filter.
    private static IQueryable<CustomerCell> Rows(RetourDbContext db, AnalyticsFilter f, Expression<Func<CustomerCell, bool>>? where = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var q = db.Set<CustomerCell>().AsNoTracking();
        q = where is null ? q : q.Where(where);
        return RateCells.InPeriod(f.Currency is { } currency ? q.Where(c => c.Currency == currency) : q, f);
    }

    // A row of the top returners' query: the customer, and the period's returners and returns (the same on every row).
    private sealed record TopReturner(string Customer, long Returners, long Returns);

    // A row of the serial returners' query.
    private sealed record SerialCandidate(string Customer, long Sold, long Returned, long Returns);

    // The customer rows of a period in SQL, for the questions LINQ cannot put in one statement: the period's ranges
    // (RateCells.Ranges, no weeks) and the currency asked for, their values passed as parameters ({0}, {1}, ...).
    // One text for SQLite and PostgreSQL (decision 0030).
    private sealed class PeriodSql
    {
        private readonly List<object> _values = [];
        private readonly string? _currency;

        public PeriodSql(AnalyticsFilter f)
        {
            _currency = f.Currency is { } code ? Add(code) : null;
            Ranges = [.. RateCells.Ranges(f, weeks: false).Select(r => (r.Grain, Add(r.First), Add(r.End)))];
        }

        public List<(CellGrain Grain, string First, string End)> Ranges { get; }

        public object[] Values => [.. _values];

        // One range's rows in the currency asked for, on columns prefixed by alias ("s." or nothing).
        public string Range((CellGrain Grain, string First, string End) r, string alias = "") =>
            $"{alias}\"Grain\" = {(int)r.Grain} AND {alias}\"Period\" >= {r.First} AND {alias}\"Period\" < {r.End}"
            + (_currency is null ? string.Empty : $" AND {alias}\"Currency\" = {_currency}");

        // The period's rows with returns, one UNION ALL branch per range, each read by the partial index on them (its
        // filter repeated: SQLite uses a partial index only then). The counts are read as integers (one customer's day
        // or month never comes near 2^31): PostgreSQL adds integers up in a bigint, where it adds bigints up in
        // numeric, slower and twice the memory (a year's 391,548 groups at 5 M order lines: 1.3-1.6 s instead of
        // 1.7-2.1 s, 61 MB instead of 127 MB, no spill to disk).
        public string Returned() =>
            string.Join(" UNION ALL ", Ranges.Select(r => $"SELECT \"Customer\", CAST(\"ReturnedUnits\" AS integer) AS \"ReturnedUnits\", CAST(\"Returns\" AS integer) AS \"Returns\" FROM \"AnalyticsCustomerCells\" WHERE {Range(r)} AND \"ReturnedUnits\" > 0"));

        private string Add(object value)
        {
            _values.Add(value);
            return $"{{{_values.Count - 1}}}";
        }
    }
}

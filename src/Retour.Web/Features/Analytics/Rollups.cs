using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>A day whose rollup rows are stale: written in the same transaction as the change that made them stale.</summary>
public sealed class RollupMark
{
    /// <summary>Mark id (several marks may name one day).</summary>
    public Guid Id { get; set; }

    /// <summary>The day to recompute (sales and returns).</summary>
    public DateOnly Day { get; set; }
}

/// <summary>
/// The rollups behind the return-rate measures (decisions 0022, 0024 and 0029). Every change to an order, a return
/// or a historical return marks its days stale in the same transaction (<see cref="RollupMarker"/>, and the bulk
/// import explicitly); the first reader afterwards recomputes each stale day: it takes the day's old base rows (the
/// <see cref="RateCube.Detail"/> cube and the customer rows, per day) away from the coarser rows (the day's rows of
/// the other cubes, the week's rows of the SKU and item cubes, the month's rows of every cube), writes the day's base
/// rows again from the source tables with the very definitions of <see cref="RatesQuery"/>, and adds them back —
/// every step one SQL statement on integers, in one transaction. A rollup row is therefore always what a rebuild
/// would write.
/// </summary>
public static class Rollups
{
    /// <summary>Days recomputed per transaction.</summary>
    private const int DaysPerTransaction = 1;

    private const string Cells = "\"AnalyticsRateCells\"";

    private const string Customers = "\"AnalyticsCustomerCells\"";

    private const string CellKey = "\"Cube\", \"Grain\", \"Period\", \"Currency\", \"Category\", \"Channel\", \"Country\", \"Reason\", \"Sku\", \"Product\"";

    private const string CellSums = "\"SoldUnits\", \"SoldValue\", \"ReturnedUnits\", \"ReturnedValue\"";

    private const string CustomerSums = "\"SoldUnits\", \"SoldValue\", \"ReturnedUnits\", \"ReturnedValue\", \"Returns\"";

    /// <summary>The coarser rows, and the dimensions each keeps (the others are the empty string); the first keeps them all, in column order.</summary>
    private static readonly (RateCube Cube, CellGrain Grain, string[] Dimensions)[] Derived =
    [
        (RateCube.Detail, CellGrain.Month, ["Sku", "Product", "Category", "Channel", "Country", "Reason", "Currency"]),
        (RateCube.Sku, CellGrain.Day, ["Sku", "Product", "Category", "Reason", "Currency"]),
        (RateCube.Sku, CellGrain.Week, ["Sku", "Product", "Category", "Reason", "Currency"]),
        (RateCube.Sku, CellGrain.Month, ["Sku", "Product", "Category", "Reason", "Currency"]),
        (RateCube.Overview, CellGrain.Day, ["Category", "Channel", "Country", "Reason", "Currency"]),
        (RateCube.Overview, CellGrain.Month, ["Category", "Channel", "Country", "Reason", "Currency"]),
        (RateCube.Item, CellGrain.Day, ["Sku", "Product", "Category", "Currency"]),
        (RateCube.Item, CellGrain.Week, ["Sku", "Product", "Category", "Currency"]),
        (RateCube.Item, CellGrain.Month, ["Sku", "Product", "Category", "Currency"]),
    ];

    /// <summary>The cubes that keep week rows (decision 0029): the ones SKU and product questions read.</summary>
    public static bool HasWeeks(RateCube cube) => cube is RateCube.Sku or RateCube.Item;

    /// <summary>Marks days stale (adds the marks to the context; saved with the caller's changes).</summary>
    public static void Mark(RetourDbContext db, IEnumerable<DateOnly> days)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days.Distinct())
        {
            db.Add(new RollupMark { Id = Guid.CreateVersion7(), Day = day });
        }
    }

    /// <summary>The day of an instant (UTC).</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The first day of a day's month.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The Monday of a day's week (weeks run Monday to Sunday, as ISO 8601 and PostgreSQL's <c>date_trunc('week')</c>).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Recomputes every stale day; returns how many days were recomputed.</summary>
    public static async Task<int> RefreshAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var marks = await db.Set<RollupMark>().AsNoTracking().ToListAsync(ct);
        var done = 0;
        foreach (var day in marks.GroupBy(m => m.Day).OrderBy(g => g.Key))
        {
            var ids = day.Select(m => m.Id).ToList();
            var strategy = db.Database.CreateExecutionStrategy();
            done += await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);

                // Claiming the marks first: a concurrent reader waits on them, then finds them gone and skips the day.
                if (await db.Set<RollupMark>().Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct) == 0)
                {
                    await transaction.RollbackAsync(ct);
                    return 0;
                }

                await RecomputeAsync(db, day.Key, ct);
                await transaction.CommitAsync(ct);
                return DaysPerTransaction;
            });
        }

        return done;
    }

    /// <summary>
    /// Deletes every rollup row, writes every day's base rows from the source tables (one transaction a day), then
    /// sums the coarser rows from them in one statement each (the <c>rebuild-analytics</c> command).
    /// </summary>
    public static async Task<int> RebuildAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = new HashSet<DateOnly>();
        days.UnionWith((await db.Orders.AsNoTracking().Select(o => o.PlacedAt).ToListAsync(ct)).Select(Day));
        days.UnionWith((await db.Returns.AsNoTracking().Select(r => r.RequestedAt).ToListAsync(ct)).Select(Day));
        days.UnionWith((await db.Set<HistoricalReturn>().AsNoTracking().Select(r => r.ReturnedAt).ToListAsync(ct)).Select(Day));
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        try
        {
            await db.Set<RateCell>().ExecuteDeleteAsync(ct);
            await db.Set<CustomerCell>().ExecuteDeleteAsync(ct);
            await db.Set<RollupMark>().ExecuteDeleteAsync(ct);
            await CustomerWindows.ClearAsync(db, ct);
            var writers = Writers(db);
            foreach (var day in days.Order())
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await WriteBaseAsync(db, writers, day, ct);
                await transaction.CommitAsync(ct);
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                var npgsql = db.Database.IsNpgsql();
                var month = npgsql ? "date_trunc('month', \"Period\")::date" : "substr(\"Period\", 1, 8) || '01'";
                // SQLite: 'weekday 0' moves to the next Sunday (or stays on one), six days back is that week's Monday.
                var week = npgsql ? "date_trunc('week', \"Period\")::date" : "date(\"Period\", 'weekday 0', '-6 days')";
                foreach (var (cube, grain, dimensions) in Derived)
                {
                    var period = grain switch { CellGrain.Day => "\"Period\"", CellGrain.Week => week, _ => month };
                    await db.Database.ExecuteSqlRawAsync(DeriveCells(cube, grain, dimensions, period, "TRUE", "1", groupByPeriod: true), ct);
                }

                await db.Database.ExecuteSqlRawAsync(DeriveCustomers(month, "TRUE", "1", groupByPeriod: true), ct);
                await transaction.CommitAsync(ct);
            }

            if (db.Database.IsNpgsql())
            {
                // Fresh statistics for the planner, and a visibility map so the covering indexes are read without
                // visiting the table (autovacuum would get there, minutes later on millions of new rows).
                await db.Database.ExecuteSqlRawAsync("""VACUUM (ANALYZE) "AnalyticsRateCells", "AnalyticsCustomerCells";""", ct);
            }
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }

        return days.Count;
    }

    /// <summary>Replaces one day's base rows and moves the coarser rows by the difference (in the caller's transaction).</summary>
    private static async Task RecomputeAsync(RetourDbContext db, DateOnly day, CancellationToken ct)
    {
        var month = MonthOf(day);
        var week = WeekOf(day);
        var windows = await CustomerWindows.CoveringAsync(db, day, ct);
        await ShiftAsync(db, day, month, "-1", ct);
        await CustomerWindows.ShiftDayAsync(db, windows, day, "-1", ct);
        await db.Set<RateCell>().Where(c => c.Cube == RateCube.Detail && c.Grain == CellGrain.Day && c.Period == day).ExecuteDeleteAsync(ct);
        await db.Set<CustomerCell>().Where(c => c.Grain == CellGrain.Day && c.Period == day).ExecuteDeleteAsync(ct);
        await WriteBaseAsync(db, Writers(db), day, ct);
        await ShiftAsync(db, day, month, "1", ct);
        await CustomerWindows.ShiftDayAsync(db, windows, day, "1", ct);

        // A coarser row the day's change brought to nothing is removed, as a rebuild would not write it.
        await db.Set<RateCell>().Where(c => (c.Period == day || c.Period == week || c.Period == month) && c.SoldUnits == 0 && c.SoldValue == 0 && c.ReturnedUnits == 0 && c.ReturnedValue == 0).ExecuteDeleteAsync(ct);
        // Customer month rows left at zero (an order moved to another month) stay: answers skip sums of zero, and
        // finding them would mean reading every customer's rows.
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) the day's base rows to or from every coarser row.</summary>
    private static async Task ShiftAsync(RetourDbContext db, DateOnly day, DateOnly month, string sign, CancellationToken ct)
    {
        foreach (var (cube, grain, dimensions) in Derived)
        {
            var period = grain switch { CellGrain.Day => day, CellGrain.Week => WeekOf(day), _ => month };
            await db.Database.ExecuteSqlRawAsync(DeriveCells(cube, grain, dimensions, "{0}", "\"Period\" = {1}", sign, groupByPeriod: false), [period, day], ct);
        }

        await db.Database.ExecuteSqlRawAsync(DeriveCustomers("{0}", "\"Period\" = {1}", sign, groupByPeriod: false), [month, day], ct);
    }

    /// <summary>
    /// The upsert summing base (detail, day) rows into one cube and grain: the same SQL on SQLite and PostgreSQL.
    /// SQLite needs the <c>WHERE</c> before <c>ON CONFLICT</c> in an <c>INSERT … SELECT</c>, which it always has.
    /// </summary>
    private static string DeriveCells(RateCube cube, CellGrain grain, string[] dimensions, string period, string where, string sign, bool groupByPeriod)
    {
        string Column(string name) => dimensions.Contains(name) ? $"\"{name}\"" : "''";
        var columns = string.Join(", ", Derived[0].Dimensions.Select(Column));
        var groupBy = string.Join(", ", dimensions.Select(d => $"\"{d}\"").Concat(groupByPeriod ? [period] : []));
        return $"""
            INSERT INTO {Cells} ("Cube", "Grain", "Period", "Sku", "Product", "Category", "Channel", "Country", "Reason", "Currency", {CellSums})
            SELECT {(int)cube}, {(int)grain}, {period}, {columns},
                   {sign} * SUM("SoldUnits"), {sign} * SUM("SoldValue"), {sign} * SUM("ReturnedUnits"), {sign} * SUM("ReturnedValue")
            FROM {Cells} WHERE "Cube" = {(int)RateCube.Detail} AND "Grain" = {(int)CellGrain.Day} AND {where}
            GROUP BY {groupBy}
            ON CONFLICT ({CellKey}) DO UPDATE SET {Add(CellSums, Cells)}
            """;
    }

    private static string DeriveCustomers(string period, string where, string sign, bool groupByPeriod) => $"""
        INSERT INTO {Customers} ("Grain", "Period", "Customer", "Currency", {CustomerSums})
        SELECT {(int)CellGrain.Month}, {period}, "Customer", "Currency",
               {sign} * SUM("SoldUnits"), {sign} * SUM("SoldValue"), {sign} * SUM("ReturnedUnits"), {sign} * SUM("ReturnedValue"), {sign} * SUM("Returns")
        FROM {Customers} WHERE "Grain" = {(int)CellGrain.Day} AND {where}
        GROUP BY "Customer", "Currency"{(groupByPeriod ? ", " + period : string.Empty)}
        ON CONFLICT ("Grain", "Period", "Customer", "Currency") DO UPDATE SET {Add(CustomerSums, Customers)}
        """;

    /// <summary>The upsert's <c>SET</c> list adding the incoming sums to a table's row (<c>"X" = table."X" + excluded."X"</c>).</summary>
    internal static string Add(string sums, string table) =>
        string.Join(", ", sums.Split(", ").Select(c => $"{c} = {table}.{c} + excluded.{c}"));

    private static (BulkRows Cells, BulkRows Customers) Writers(RetourDbContext db) => (new BulkRows(db, typeof(RateCell)), new BulkRows(db, typeof(CustomerCell)));

    /// <summary>Writes one day's base rows (detail cube and customers, per day) from the source tables.</summary>
    private static async Task WriteBaseAsync(RetourDbContext db, (BulkRows Cells, BulkRows Customers) writers, DateOnly day, CancellationToken ct)
    {
        var filter = new AnalyticsFilter(day, day);
        var sales = await RatesQuery.SalesAsync(db, filter, ct);
        var returns = await RatesQuery.ReturnsAsync(db, filter, ct);
        var cells = new Dictionary<(string Sku, string Product, string Category, string Channel, string Country, string Reason, string Currency), RateCell>();
        RateCell Cell(UnitFact f)
        {
            var key = (f.Sku, f.Title, f.Category ?? string.Empty, f.Channel ?? string.Empty, f.Country ?? string.Empty, f.Reason ?? string.Empty, f.Currency);
            if (!cells.TryGetValue(key, out var cell))
            {
                cell = new RateCell { Cube = RateCube.Detail, Grain = CellGrain.Day, Period = day, Sku = key.Sku, Product = key.Title, Category = key.Item3, Channel = key.Item4, Country = key.Item5, Reason = key.Item6, Currency = key.Currency };
                cells[key] = cell;
            }

            return cell;
        }

        var customers = new Dictionary<(string Customer, string Currency), (CustomerCell Cell, HashSet<Guid> Returns)>();
        (CustomerCell Cell, HashSet<Guid> Returns) Customer(UnitFact f)
        {
            var key = (f.Customer ?? string.Empty, f.Currency);
            if (!customers.TryGetValue(key, out var entry))
            {
                entry = (new CustomerCell { Grain = CellGrain.Day, Period = day, Customer = key.Item1, Currency = key.Currency }, []);
                customers[key] = entry;
            }

            return entry;
        }

        foreach (var s in sales)
        {
            var cell = Cell(s);
            cell.SoldUnits += s.Units;
            cell.SoldValue += ReturnFacts.Store(s.Value);
            var customer = Customer(s).Cell;
            customer.SoldUnits += s.Units;
            customer.SoldValue += ReturnFacts.Store(s.Value);
        }

        foreach (var r in returns)
        {
            var cell = Cell(r);
            cell.ReturnedUnits += r.Units;
            cell.ReturnedValue += ReturnFacts.Store(r.Value);
            var (customer, ids) = Customer(r);
            customer.ReturnedUnits += r.Units;
            customer.ReturnedValue += ReturnFacts.Store(r.Value);
            if (r.ReturnId is { } id && ids.Add(id))
            {
                customer.Returns++;
            }
        }

        await writers.Cells.InsertAsync([.. cells.Values], _ => null, ct);
        await writers.Customers.InsertAsync([.. customers.Values.Select(c => c.Cell)], _ => null, ct);
    }
}

/// <summary>
/// Marks the days an order, a return or a historical return touches as stale, in the same <c>SaveChanges</c> (so in
/// the same transaction) as the change: the old and the new order date of a re-posted order, the return date of a
/// return whose lines or state change, and the return dates of an order's returns when the order's channel,
/// country or lines change (returns take their category, channel and country from the order).
/// </summary>
public sealed class RollupMarker : SaveChangesInterceptor
{
    /// <inheritdoc />
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is RetourDbContext db)
        {
            var (days, orders) = Stale(db.ChangeTracker);
            if (orders.Count > 0)
            {
                days.UnionWith((await db.Returns.AsNoTracking().Where(r => orders.Contains(r.OrderId)).Select(r => r.RequestedAt).ToListAsync(cancellationToken)).Select(Rollups.Day));
                var historical = await (
                    from l in db.Set<HistoricalReturnLine>().AsNoTracking()
                    join h in db.Set<HistoricalReturn>().AsNoTracking() on EF.Property<Guid>(l, "HistoricalReturnId") equals h.Id
                    where l.OrderId != null && orders.Contains(l.OrderId.Value)
                    select h.ReturnedAt).ToListAsync(cancellationToken);
                days.UnionWith(historical.Select(Rollups.Day));
            }

            Rollups.Mark(db, days);
        }

        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    /// <inheritdoc />
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is RetourDbContext db)
        {
            var (days, orders) = Stale(db.ChangeTracker);
            foreach (var id in orders)
            {
                days.UnionWith(db.Returns.AsNoTracking().Where(r => r.OrderId == id).Select(r => r.RequestedAt).AsEnumerable().Select(Rollups.Day));
            }

            Rollups.Mark(db, days);
        }

        return base.SavingChanges(eventData, result);
    }

    private static (HashSet<DateOnly> Days, List<Guid> Orders) Stale(ChangeTracker tracker)
    {
        // Changes are already detected here: RetourDbContext.SaveChangesAsync reads the entries first (which detects
        // when automatic detection is on), and a handler that turned it off detected once itself before saving.
        var days = new HashSet<DateOnly>();
        var orders = new HashSet<Guid>();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            switch (entry.Entity)
            {
                case Order when OnlyVersioned(entry):
                    // A return requested or refunded moves the order's version (it guards the quantities left to
                    // return), which changes nothing the measures read.
                    break;
                case Order o:
                    Both(entry, nameof(Order.PlacedAt), days);
                    if (entry.State == EntityState.Modified)
                    {
                        orders.Add(o.Id);
                    }

                    break;
                case OrderLine:
                    if (Owner<Order>(tracker, entry, "OrderId") is { } order)
                    {
                        days.Add(Rollups.Day(order.PlacedAt));
                        orders.Add(order.Id);
                    }

                    break;
                case ReturnCase when entry.State != EntityState.Modified || entry.Property(nameof(ReturnCase.RequestedAt)).IsModified || CountsDifferently(entry):
                    // Whether and how a return counts depends on its day and on its status (see CountsDifferently); a
                    // receipt, an inspection, a refund or a note saved on it changes neither.
                    Both(entry, nameof(ReturnCase.RequestedAt), days);
                    break;
                case ReturnLine when entry.State != EntityState.Modified || Counted.Any(p => entry.Property(p).IsModified):
                    if (Owner<ReturnCase>(tracker, entry, "ReturnCaseId") is { } r)
                    {
                        days.Add(Rollups.Day(r.RequestedAt));
                    }

                    break;
                case HistoricalReturn:
                    Both(entry, nameof(HistoricalReturn.ReturnedAt), days);
                    break;
                case HistoricalReturnLine:
                    if (Owner<HistoricalReturn>(tracker, entry, "HistoricalReturnId") is { } h)
                    {
                        days.Add(Rollups.Day(h.ReturnedAt));
                    }

                    break;
            }
        }

        return (days, [.. orders]);
    }

    /// <summary>The return line's properties the measures read (received, inspected and refunded quantities are not).</summary>
    private static readonly string[] Counted = [nameof(ReturnLine.Sku), nameof(ReturnLine.Title), nameof(ReturnLine.ReasonCode), nameof(ReturnLine.Quantity), nameof(ReturnLine.ApprovedQuantity), nameof(ReturnLine.OrderLineId)];

    private static bool OnlyVersioned(EntityEntry entry) =>
        entry.State == EntityState.Modified
        && entry.Properties.All(p => !p.IsModified || p.Metadata.Name is nameof(Order.UpdatedAt) or nameof(Order.Version))
        && entry.ComplexProperties.All(c => !c.IsModified);

    /// <summary>
    /// Whether a status change moves the return between not counted (rejected, cancelled, expired), counted by the
    /// units asked for (requested, in review) and counted by the units approved (every later status): the only
    /// moves the measures see (<see cref="RatesQuery.ReturnsAsync"/>).
    /// </summary>
    private static bool CountsDifferently(EntityEntry entry)
    {
        var status = entry.Property(nameof(ReturnCase.Status));
        static int Counting(object? s) => s is ReturnStatus r ? RatesQuery.NotCounted.Contains(r) ? 0 : r is ReturnStatus.Requested or ReturnStatus.InReview ? 1 : 2 : -1;
        return status.IsModified && Counting(status.OriginalValue) != Counting(status.CurrentValue);
    }

    private static void Both(EntityEntry entry, string property, HashSet<DateOnly> days)
    {
        var p = entry.Property(property);
        days.Add(Rollups.Day((DateTimeOffset)p.CurrentValue!));
        if (entry.State == EntityState.Modified)
        {
            days.Add(Rollups.Day((DateTimeOffset)p.OriginalValue!));
        }
    }

    private static T? Owner<T>(ChangeTracker tracker, EntityEntry entry, string foreignKey)
        where T : class
    {
        var id = entry.Property(foreignKey).CurrentValue ?? entry.Property(foreignKey).OriginalValue;
        return id is Guid key ? tracker.Entries<T>().Select(e => e.Entity).FirstOrDefault(e => Equals(Key(tracker, e), key)) : null;
    }

    private static object? Key(ChangeTracker tracker, object entity) => tracker.Context.Entry(entity).Property("Id").CurrentValue;
}

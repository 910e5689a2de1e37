using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>Units sold on one day, per SKU × product × category × channel × country × currency (a rollup row).</summary>
public sealed class DailySales
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>Order date (UTC).</summary>
    public DateOnly Day { get; set; }

    /// <summary>SKU.</summary>
    public string Sku { get; set; } = string.Empty;

    /// <summary>Product (the line's title).</summary>
    public string Product { get; set; } = string.Empty;

    /// <summary>Category; empty when none.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Sales channel; empty when unknown.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>Country shipped to; empty when unknown.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>Currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Units.</summary>
    public int Units { get; set; }

    /// <summary>Amount paid for the units.</summary>
    public decimal Value { get; set; }
}

/// <summary>Units returned on one day, per SKU × product × category × channel × country × reason × currency (a rollup row).</summary>
public sealed class DailyReturns
{
    /// <summary>Row id.</summary>
    public Guid Id { get; set; }

    /// <summary>Return date (UTC).</summary>
    public DateOnly Day { get; set; }

    /// <summary>SKU.</summary>
    public string Sku { get; set; } = string.Empty;

    /// <summary>Product (the line's title).</summary>
    public string Product { get; set; } = string.Empty;

    /// <summary>Category; empty when none.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Sales channel; empty when unknown.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>Country; empty when unknown.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>Reason code; empty when none (historical returns).</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Units.</summary>
    public int Units { get; set; }

    /// <summary>Amount paid for the units.</summary>
    public decimal Value { get; set; }
}

/// <summary>A day whose rollup rows are stale: written in the same transaction as the change that made them stale.</summary>
public sealed class RollupMark
{
    /// <summary>Mark id (several marks may name one day).</summary>
    public Guid Id { get; set; }

    /// <summary>The day to recompute (sales and returns).</summary>
    public DateOnly Day { get; set; }
}

/// <summary>
/// The daily rollups behind the return-rate measures (decision 0022). Every change to an order, a return or a
/// historical return marks its days stale in the same transaction (<see cref="RollupMarker"/>, and the bulk import
/// explicitly); the first reader afterwards recomputes those days from the source tables with the very
/// definitions of <see cref="RatesQuery"/>, so a rollup row is always what a rebuild would write.
/// </summary>
public static class Rollups
{
    /// <summary>Days recomputed per transaction.</summary>
    private const int DaysPerTransaction = 1;

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

    /// <summary>Deletes every rollup row and recomputes every day that has sales or returns (the <c>rebuild-analytics</c> command).</summary>
    public static async Task<int> RebuildAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var days = new HashSet<DateOnly>();
        days.UnionWith((await db.Orders.AsNoTracking().Select(o => o.PlacedAt).ToListAsync(ct)).Select(Day));
        days.UnionWith((await db.Returns.AsNoTracking().Select(r => r.RequestedAt).ToListAsync(ct)).Select(Day));
        days.UnionWith((await db.Set<HistoricalReturn>().AsNoTracking().Select(r => r.ReturnedAt).ToListAsync(ct)).Select(Day));
        await db.Set<DailySales>().ExecuteDeleteAsync(ct);
        await db.Set<DailyReturns>().ExecuteDeleteAsync(ct);
        await db.Set<RollupMark>().ExecuteDeleteAsync(ct);
        foreach (var day in days.Order())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await RecomputeAsync(db, day, ct);
            await transaction.CommitAsync(ct);
        }

        return days.Count;
    }

    /// <summary>Sales of the filter from the rollups, as facts (no customer, no return id).</summary>
    public static async Task<List<UnitFact>> SalesAsync(RetourDbContext db, AnalyticsFilter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var q = db.Set<DailySales>().AsNoTracking().Where(s => s.Day >= f.From && s.Day <= f.To);
        q = f.Channel is { } channel ? q.Where(s => s.Channel == channel) : q;
        q = f.Country is { } country ? q.Where(s => s.Country == country) : q;
        q = f.Category is { } category ? q.Where(s => s.Category == category) : q;
        q = f.Currency is { } currency ? q.Where(s => s.Currency == currency) : q;
        var rows = await q.ToListAsync(ct);
        return rows.ConvertAll(s => new UnitFact(s.Day, s.Sku, s.Product, Null(s.Category), Null(s.Channel), Null(s.Country), s.Currency, null, null, null, s.Units, s.Value));
    }

    /// <summary>Returns of the filter from the rollups, as facts (no customer, no return id).</summary>
    public static async Task<List<UnitFact>> ReturnsAsync(RetourDbContext db, AnalyticsFilter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var q = db.Set<DailyReturns>().AsNoTracking().Where(s => s.Day >= f.From && s.Day <= f.To);
        q = f.Channel is { } channel ? q.Where(s => s.Channel == channel) : q;
        q = f.Country is { } country ? q.Where(s => s.Country == country) : q;
        q = f.Category is { } category ? q.Where(s => s.Category == category) : q;
        q = f.Currency is { } currency ? q.Where(s => s.Currency == currency) : q;
        q = f.Reason is { } reason ? q.Where(s => s.Reason == reason) : q;
        var rows = await q.ToListAsync(ct);
        return rows.ConvertAll(s => new UnitFact(s.Day, s.Sku, s.Product, Null(s.Category), Null(s.Channel), Null(s.Country), s.Currency, null, Null(s.Reason), null, s.Units, s.Value));
    }

    private static async Task RecomputeAsync(RetourDbContext db, DateOnly day, CancellationToken ct)
    {
        await db.Set<DailySales>().Where(s => s.Day == day).ExecuteDeleteAsync(ct);
        await db.Set<DailyReturns>().Where(s => s.Day == day).ExecuteDeleteAsync(ct);
        var filter = new AnalyticsFilter(day, day);
        var sales = await RatesQuery.SalesAsync(db, filter, ct);
        var returns = await RatesQuery.ReturnsAsync(db, filter, ct);
        foreach (var g in sales.GroupBy(s => (s.Sku, s.Title, Category: s.Category ?? string.Empty, Channel: s.Channel ?? string.Empty, Country: s.Country ?? string.Empty, s.Currency)))
        {
            db.Add(new DailySales
            {
                Id = Guid.CreateVersion7(),
                Day = day,
                Sku = g.Key.Sku,
                Product = g.Key.Title,
                Category = g.Key.Category,
                Channel = g.Key.Channel,
                Country = g.Key.Country,
                Currency = g.Key.Currency,
                Units = g.Sum(s => s.Units),
                Value = g.Sum(s => s.Value),
            });
        }

        foreach (var g in returns.GroupBy(s => (s.Sku, s.Title, Category: s.Category ?? string.Empty, Channel: s.Channel ?? string.Empty, Country: s.Country ?? string.Empty, Reason: s.Reason ?? string.Empty, s.Currency)))
        {
            db.Add(new DailyReturns
            {
                Id = Guid.CreateVersion7(),
                Day = day,
                Sku = g.Key.Sku,
                Product = g.Key.Title,
                Category = g.Key.Category,
                Channel = g.Key.Channel,
                Country = g.Key.Country,
                Reason = g.Key.Reason,
                Currency = g.Key.Currency,
                Units = g.Sum(s => s.Units),
                Value = g.Sum(s => s.Value),
            });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static string? Null(string text) => text.Length == 0 ? null : text;
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
                case ReturnCase when entry.State != EntityState.Modified || entry.Property(nameof(ReturnCase.Status)).IsModified || entry.Property(nameof(ReturnCase.RequestedAt)).IsModified:
                    // Whether a return counts depends on its status and day; a refund or a note saved on it changes neither.
                    Both(entry, nameof(ReturnCase.RequestedAt), days);
                    break;
                case ReturnLine:
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

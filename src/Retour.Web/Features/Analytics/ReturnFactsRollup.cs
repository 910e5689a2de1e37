using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>One cell of <see cref="ReturnFactsDaily"/>: the table's key.</summary>
/// <param name="Totals">A row of all channels, countries, categories and reasons.</param>
/// <param name="Monthly">A month row.</param>
/// <param name="Day">yyyyMMdd (the month's first day for a month row).</param>
/// <param name="Currency">The returns' currency.</param>
/// <param name="Channel">Sales channel.</param>
/// <param name="Country">Shipping country.</param>
/// <param name="Category">Category, empty for none.</param>
/// <param name="Reason">Reason, empty for none.</param>
/// <param name="Measure">A <see cref="FactsMeasure"/>.</param>
/// <param name="Bucket">Hours or rating; 0 otherwise.</param>
/// <param name="Unit">Label currency, empty otherwise.</param>
public readonly record struct RollupKey(bool Totals, bool Monthly, int Day, string Currency, string Channel, string Country, string Category, string Reason, int Measure, int Bucket, string Unit);

/// <summary>
/// Keeps <see cref="ReturnFactsDaily"/> plus <see cref="ReturnFactsChange"/> equal to the sums of the
/// <see cref="ReturnFacts"/> rows (decision 0025): each facts row adds one to a few dozen values to its day and its
/// month, in its cell and in its currency's totals. When a unit of work adds, changes or deletes facts rows in a way
/// the rollup sees, the stored row (−1) and the new one (+1) are added to the unit of work as changes
/// (<see cref="StageChanges"/>): EF inserts them in the same transaction as the facts rows, and no rollup row is held
/// by the unit of work. About one save in <see cref="FoldEvery"/> then folds the committed changes into the rollup in
/// a transaction of its own (<see cref="FoldAsync"/>): their contributions are added by atomic upserts
/// (<c>INSERT … ON CONFLICT … DO UPDATE SET "Value" = "Value" + excluded."Value"</c>, the same SQL on SQLite and
/// PostgreSQL) and the changes deleted. Readers add the rollup and the changes not yet folded.
/// </summary>
public static class ReturnFactsRollup
{
    /// <summary>About one save with changes in this many folds the changes into the rollup.</summary>
    public const int FoldEvery = 200;

    private static long s_savesWithChanges;

    /// <summary>True for every <see cref="FoldEvery"/>th save that wrote facts changes in this process (a counter, so the folding is spread over the writers).</summary>
    public static bool TimeToFold() => Interlocked.Increment(ref s_savesWithChanges) % FoldEvery == 0;

    /// <summary>Most changes one fold moves.</summary>
    public const int FoldBatch = 5_000;

    private const int RowsPerStatement = 500;
    private const int Columns = 12;
    private const string KeyColumns = "\"Totals\", \"Monthly\", \"Day\", \"Currency\", \"Channel\", \"Country\", \"Category\", \"Reason\", \"Measure\", \"Bucket\", \"Unit\"";
    private const string Upsert = """ ON CONFLICT ("Totals", "Monthly", "Measure", "Day", "Currency", "Channel", "Country", "Category", "Reason", "Bucket", "Unit") DO UPDATE SET "Value" = "ReturnFactsDaily"."Value" + excluded."Value" """;

    /// <summary>The rollup day of an instant: its UTC date as yyyyMMdd.</summary>
    public static int DayOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return (utc.Year * 10_000) + (utc.Month * 100) + utc.Day;
    }

    /// <summary>A date as yyyyMMdd.</summary>
    public static int DayOf(DateOnly day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;

    /// <summary>Adds <paramref name="sign"/> times the facts row's contribution (to its day and its month) to <paramref name="into"/>.</summary>
    public static void Add(ReturnFacts f, long sign, Dictionary<RollupKey, long> into)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(into);
        var day = DayOf(f.RequestedAt);
        var month = (day / 100 * 100) + 1;
        foreach (var (totals, monthly, at) in new[] { (false, false, day), (false, true, month), (true, false, day), (true, true, month) })
        {
            void Put(int measure, long value, int bucket = 0, string unit = "")
            {
                if (value != 0)
                {
                    var key = totals
                        ? new RollupKey(true, monthly, at, f.Currency, string.Empty, string.Empty, string.Empty, string.Empty, measure, bucket, unit)
                        : new RollupKey(false, monthly, at, f.Currency, f.Channel, f.Country, f.Category ?? string.Empty, f.Reason ?? string.Empty, measure, bucket, unit);
                    into[key] = into.GetValueOrDefault(key) + (sign * value);
                }
            }

            Put(FactsMeasure.Returns, 1);
            Put(FactsMeasure.ReturnedValue, f.ReturnedValue);
            Put(FactsMeasure.Refunded, f.Refunded);
            Put(FactsMeasure.StoreCredit, f.StoreCredit);
            Put(FactsMeasure.GiftCard, f.GiftCard);
            Put(FactsMeasure.Exchange, f.Exchange);
            Put(FactsMeasure.RestockingFee, f.RestockingFee);
            Put(FactsMeasure.ReturnShippingFee, f.ReturnShippingFee);
            Put(FactsMeasure.OutboundShipping, f.OutboundShipping);
            if (f.LabelCurrency is { } labels)
            {
                Put(FactsMeasure.LabelReturns, 1, unit: labels);
                Put(FactsMeasure.LabelCost, f.LabelCost, unit: labels);
            }

            Put(FactsMeasure.Restocked, f.Restocked);
            Put(FactsMeasure.Refurbished, f.Refurbished);
            Put(FactsMeasure.Repaired, f.Repaired);
            Put(FactsMeasure.ReturnedToVendor, f.ReturnedToVendor);
            Put(FactsMeasure.SecondHand, f.SecondHand);
            Put(FactsMeasure.Recycled, f.Recycled);
            Put(FactsMeasure.Disposed, f.Disposed);
            if (f.RequestToRefundHours is { } hours)
            {
                Put(FactsMeasure.RequestToRefund, 1, hours);
                if (f.RefundInTime is { } inTime)
                {
                    Put(FactsMeasure.WithDeadline, 1);
                    Put(FactsMeasure.InTime, inTime ? 1 : 0);
                }
            }

            if (f.ReceiptToRefundHours is { } receipt)
            {
                Put(FactsMeasure.ReceiptToRefund, 1, receipt);
            }

            if (f.FeedbackRating is { } rating)
            {
                Put(FactsMeasure.Rating, 1, rating);
            }
        }
    }

    /// <summary>
    /// Adds to the context the changes of the facts rows it is about to add, change or delete (read before saving,
    /// while the tracked original values are those stored); a changed row whose contribution stays the same adds none.
    /// Returns how many changes were added.
    /// </summary>
    public static int StageChanges(RetourDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Changes still pending come from a save that failed and is tried again without clearing the context: the
        // facts rows' stored values did not change, so they are staged again below, once.
        foreach (var pending in db.ChangeTracker.Entries<ReturnFactsChange>().Where(e => e.State == EntityState.Added).ToList())
        {
            pending.State = EntityState.Detached;
        }

        var staged = new List<ReturnFactsChange>();
        foreach (var entry in db.ChangeTracker.Entries<ReturnFacts>())
        {
            if (entry.State == EntityState.Modified)
            {
                var stored = (ReturnFacts)entry.OriginalValues.ToObject();
                var difference = new Dictionary<RollupKey, long>();
                Add(stored, -1, difference);
                Add(entry.Entity, 1, difference);
                if (difference.Values.Any(v => v != 0))
                {
                    staged.Add(ReturnFactsChange.Of(stored, -1));
                    staged.Add(ReturnFactsChange.Of(entry.Entity, 1));
                }
            }
            else if (entry.State == EntityState.Deleted)
            {
                staged.Add(ReturnFactsChange.Of((ReturnFacts)entry.OriginalValues.ToObject(), -1));
            }
            else if (entry.State == EntityState.Added)
            {
                staged.Add(ReturnFactsChange.Of(entry.Entity, 1));
            }
        }

        db.Set<ReturnFactsChange>().AddRange(staged);
        return staged.Count;
    }

    /// <summary>Adds the values to their rollup cells (creating missing ones), in key order so concurrent writers lock cells in the same order.</summary>
    public static Task<int> ApplyAsync(RetourDbContext db, IReadOnlyCollection<KeyValuePair<RollupKey, long>> cells, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cells);
        var ordered = cells.OrderBy(c => c.Key.Totals).ThenBy(c => c.Key.Monthly).ThenBy(c => c.Key.Measure).ThenBy(c => c.Key.Day).ThenBy(c => c.Key.Currency, StringComparer.Ordinal).ThenBy(c => c.Key.Channel, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Country, StringComparer.Ordinal).ThenBy(c => c.Key.Category, StringComparer.Ordinal).ThenBy(c => c.Key.Reason, StringComparer.Ordinal)
            .ThenBy(c => c.Key.Bucket).ThenBy(c => c.Key.Unit, StringComparer.Ordinal).ToList();
        return WriteAsync(db, "ReturnFactsDaily", ordered, upsert: true, ct);
    }

    /// <summary>
    /// Moves committed changes into the rollup, at most <see cref="FoldBatch"/> of them, in a transaction of its own:
    /// reads them, adds their contributions to the rollup and deletes them by id. On PostgreSQL it first takes a
    /// transaction-level advisory lock, without waiting: a fold that finds another one running leaves the changes to
    /// it, so a change is never added twice. Returns how many changes were folded.
    /// </summary>
    public static async Task<int> FoldAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is not null)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.SupportsSkipLocked && !await db.Database.SqlQueryRaw<bool>("""SELECT pg_try_advisory_xact_lock(250025) AS "Value" """).SingleAsync(ct))
        {
            return 0;
        }

        var changes = await db.Set<ReturnFactsChange>().AsNoTracking().OrderBy(c => c.Id).Take(FoldBatch).ToListAsync(ct);
        if (changes.Count == 0)
        {
            return 0;
        }

        var sums = new Dictionary<RollupKey, long>();
        foreach (var change in changes)
        {
            Add(change.ToFacts(), change.Sign, sums);
        }

        await ApplyAsync(db, [.. sums.Where(s => s.Value != 0)], ct);
        var ids = changes.ConvertAll(c => c.Id);
        await db.Set<ReturnFactsChange>().Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return changes.Count;
    }

    /// <summary>Folds every committed change (after a rebuild, or to check the rollup).</summary>
    public static async Task FoldAllAsync(RetourDbContext db, CancellationToken ct)
    {
        while (await FoldAsync(db, ct) == FoldBatch)
        {
        }
    }

    private static async Task<int> WriteAsync(RetourDbContext db, string table, List<KeyValuePair<RollupKey, long>> cells, bool upsert, CancellationToken ct)
    {
        var written = 0;
        foreach (var chunk in cells.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""INSERT INTO "{table}" ({KeyColumns}, "Value") VALUES """);
            var parameters = new object[chunk.Length * Columns];
            for (var i = 0; i < chunk.Length; i++)
            {
                var (k, value) = (chunk[i].Key, chunk[i].Value);
                var p = i * Columns;
                (parameters[p], parameters[p + 1], parameters[p + 2], parameters[p + 3], parameters[p + 4], parameters[p + 5]) = (k.Totals, k.Monthly, k.Day, k.Currency, k.Channel, k.Country);
                (parameters[p + 6], parameters[p + 7], parameters[p + 8], parameters[p + 9], parameters[p + 10], parameters[p + 11]) = (k.Category, k.Reason, k.Measure, k.Bucket, k.Unit, value);
                sql.Append(i == 0 ? "(" : ", (");
                for (var j = 0; j < Columns; j++)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"{(j == 0 ? string.Empty : ", ")}{{{p + j}}}");
                }

                sql.Append(')');
            }

            if (upsert)
            {
                sql.Append(Upsert);
            }

            written += await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }

        return written;
    }

    /// <summary>
    /// Deletes the rollup and adds it up again from the facts rows, one request day at a time (a day's rows are
    /// written once the day is read, a month's once the month is); returns how many rollup rows were written.
    /// </summary>
    public static async Task<int> RebuildAsync(RetourDbContext db, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Set<ReturnFactsChange>().ExecuteDeleteAsync(ct);
        await db.Set<ReturnFactsDaily>().ExecuteDeleteAsync(ct);
        var facts = db.Set<ReturnFacts>().AsNoTracking();
        var first = await facts.OrderBy(f => f.RequestedAt).Select(f => (DateTimeOffset?)f.RequestedAt).FirstOrDefaultAsync(ct);
        var days = new Dictionary<RollupKey, long>();
        var months = new Dictionary<RollupKey, long>();
        var written = 0;
        var month = 0;
        while (first is { } next)
        {
            var day = DateOnly.FromDateTime(next.UtcDateTime);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = start.AddDays(1);
            if (month != 0 && DayOf(day) / 100 != month)
            {
                written += await FlushAsync(db, months, ct);
            }

            month = DayOf(day) / 100;
            var sums = new Dictionary<RollupKey, long>();
            foreach (var f in await facts.Where(f => f.RequestedAt >= start && f.RequestedAt < end).ToListAsync(ct))
            {
                Add(f, 1, sums);
            }

            foreach (var (key, value) in sums)
            {
                var into = key.Monthly ? months : days;
                into[key] = into.GetValueOrDefault(key) + value;
            }

            written += await FlushAsync(db, days, ct);
            progress?.Report(written);
            first = await facts.Where(f => f.RequestedAt >= end).OrderBy(f => f.RequestedAt).Select(f => (DateTimeOffset?)f.RequestedAt).FirstOrDefaultAsync(ct);
        }

        written += await FlushAsync(db, months, ct);
        return written;
    }

    private static async Task<int> FlushAsync(RetourDbContext db, Dictionary<RollupKey, long> cells, CancellationToken ct)
    {
        var rows = cells.Where(c => c.Value != 0).ToList();
        cells.Clear();
        return rows.Count == 0 ? 0 : await ApplyAsync(db, rows, ct);
    }
}

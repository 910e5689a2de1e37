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
/// month, in its cell and in its currency's totals. When a unit of work adds, changes or deletes facts rows, the
/// difference (new row's contribution minus the stored row's) is inserted into the changes in the same transaction
/// (<see cref="RecordAsync"/>, plain inserts: no row that another unit of work may hold). About one save in
/// <see cref="FoldEvery"/> then folds every committed change into the rollup by one atomic upsert
/// (<c>INSERT … ON CONFLICT … DO UPDATE SET "Value" = "Value" + excluded."Value"</c>, the same SQL on SQLite and
/// PostgreSQL) and deletes them (<see cref="FoldAsync"/>). Readers add the rollup and the changes not yet folded.
/// </summary>
public static class ReturnFactsRollup
{
    /// <summary>About one save with changes in this many folds the changes into the rollup.</summary>
    public const int FoldEvery = 200;

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
    /// The rollup differences of the facts rows the context is about to add, change or delete (read before saving,
    /// while the tracked original values are those stored); cells whose difference is zero are left out.
    /// </summary>
    public static List<KeyValuePair<RollupKey, long>> Differences(RetourDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sums = new Dictionary<RollupKey, long>();
        foreach (var entry in db.ChangeTracker.Entries<ReturnFacts>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                Add((ReturnFacts)entry.OriginalValues.ToObject(), -1, sums);
            }

            if (entry.State is EntityState.Modified or EntityState.Added)
            {
                Add(entry.Entity, 1, sums);
            }
        }

        return [.. sums.Where(s => s.Value != 0)];
    }

    /// <summary>
    /// Writes the differences of a unit of work to <see cref="ReturnFactsChange"/> (in its transaction, after its
    /// facts rows), and about one time in <see cref="FoldEvery"/> folds the committed changes into the rollup.
    /// </summary>
    public static async Task RecordAsync(RetourDbContext db, IReadOnlyCollection<KeyValuePair<RollupKey, long>> cells, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cells);
        await WriteAsync(db, "ReturnFactsChanges", [.. cells], upsert: false, ct);
#pragma warning disable CA5394 // Not security: spreads the folding over the writers.
        if (Random.Shared.Next(FoldEvery) == 0)
#pragma warning restore CA5394
        {
            await FoldAsync(db, ct);
        }
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
    /// Moves the committed changes into the rollup: adds them up per cell, adds the sums to the rollup and deletes
    /// them, in one transaction (the caller's if there is one). On PostgreSQL one statement deletes the changes and
    /// adds what it deleted (a change is moved once even if two folds run at once), under a transaction-level
    /// advisory lock so that folds never wait on each other: a fold that finds one running leaves the changes to it.
    /// </summary>
    public static async Task FoldAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (db.SupportsSkipLocked)
            {
                var free = await db.Database.SqlQueryRaw<bool>("""SELECT pg_try_advisory_xact_lock(250025) AS "Value" """).SingleAsync(ct);
                if (free)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        $"""
                        WITH moved AS (DELETE FROM "ReturnFactsChanges" RETURNING {KeyColumns}, "Value")
                        INSERT INTO "ReturnFactsDaily" ({KeyColumns}, "Value") SELECT {KeyColumns}, SUM("Value") FROM moved GROUP BY {KeyColumns} {Upsert}
                        """,
                        ct);
                }
            }
            else
            {
                var last = await db.Set<ReturnFactsChange>().MaxAsync(c => (long?)c.Id, ct);
                if (last is { } max)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        $$"""INSERT INTO "ReturnFactsDaily" ({{KeyColumns}}, "Value") SELECT {{KeyColumns}}, SUM("Value") FROM "ReturnFactsChanges" WHERE "Id" <= {0} GROUP BY {{KeyColumns}} {{Upsert}}""",
                        [max],
                        ct);
                    await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ReturnFactsChanges" WHERE "Id" <= {0}""", [max], ct);
                }
            }

            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
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

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>Percentiles of a duration in whole hours (exact to the hour: durations are stored rounded down to the hour).</summary>
/// <param name="Count">How many returns the percentiles are over.</param>
/// <param name="P50">Half were at most this many hours.</param>
/// <param name="P90">90 % were at most this many hours.</param>
/// <param name="P99">99 % were at most this many hours.</param>
public sealed record HourPercentiles(int Count, int? P50, int? P90, int? P99);

/// <summary>How many returns were refunded after this many days (whole days from the request).</summary>
/// <param name="Days">Whole days (the last bucket holds this many days or more).</param>
/// <param name="Count">Returns.</param>
public sealed record DaysBucket(int Days, int Count);

/// <summary>How fast customers got their money back over the filter's requests.</summary>
/// <param name="RequestToRefund">From the request to the last item refund succeeding.</param>
/// <param name="ReceiptToRefund">From the goods received to the last item refund succeeding (0 for refunds in advance).</param>
/// <param name="WithDeadline">Refunded returns whose refund had a deadline running.</param>
/// <param name="InTime">Of those, refunded by the deadline.</param>
/// <param name="InTimeShare">InTime / WithDeadline, null without any.</param>
/// <param name="ByDay">Request to refund in whole days, 0 to 30 and over.</param>
public sealed record RefundSpeedResponse(HourPercentiles RequestToRefund, HourPercentiles ReceiptToRefund, int WithDeadline, int InTime, double? InTimeShare, IReadOnlyList<DaysBucket> ByDay);

/// <summary>Value paid of the units returned, by where they went at inspection.</summary>
/// <param name="Restock">Put back in stock.</param>
/// <param name="Refurbish">Refurbished.</param>
/// <param name="Repair">Repaired.</param>
/// <param name="ReturnToVendor">Sent back to the vendor.</param>
/// <param name="SecondHand">Sold second-hand.</param>
/// <param name="Recycle">Recycled.</param>
/// <param name="Dispose">Disposed of.</param>
public sealed record DispositionValues(decimal Restock, decimal Refurbish, decimal Repair, decimal ReturnToVendor, decimal SecondHand, decimal Recycle, decimal Dispose);

/// <summary>What returns cost in one currency.</summary>
/// <param name="Currency">ISO 4217; amounts in different currencies are never added up.</param>
/// <param name="Returns">Returns requested in the period in this currency.</param>
/// <param name="OutboundShipping">The orders' shipping, in proportion of each order's value returned.</param>
/// <param name="ReturnShipping">What the carrier labels cost (labels bought in this currency).</param>
/// <param name="Refunds">Refunds that succeeded.</param>
/// <param name="FeesCharged">Restocking and return-shipping fees kept from refunds.</param>
/// <param name="RestockingFees">Restocking fees recovered.</param>
/// <param name="ReturnShippingFees">Return-shipping fees recovered.</param>
/// <param name="ReturnedValue">What customers paid for the units returned.</param>
/// <param name="Recovered">Value paid of the units inspected, by disposition.</param>
public sealed record CurrencyCosts(string Currency, int Returns, decimal OutboundShipping, decimal ReturnShipping, decimal Refunds, decimal FeesCharged, decimal RestockingFees, decimal ReturnShippingFees, decimal ReturnedValue, DispositionValues Recovered);

/// <summary>The cost of returns per currency.</summary>
/// <param name="Currencies">One entry per currency, largest refunds first.</param>
public sealed record CostsResponse(IReadOnlyList<CurrencyCosts> Currencies);

/// <summary>How much of what was given back stayed with the shop, in one currency.</summary>
/// <param name="Currency">ISO 4217.</param>
/// <param name="Refunded">Refunds that succeeded (money that left).</param>
/// <param name="StoreCredit">Store credit issued.</param>
/// <param name="GiftCard">Gift cards issued.</param>
/// <param name="Exchange">Exchanges and replacements sent.</param>
/// <param name="RetainedShare">(store credit + gift cards + exchanges) / (that + refunds); null when nothing was settled.</param>
public sealed record CurrencyRetention(string Currency, decimal Refunded, decimal StoreCredit, decimal GiftCard, decimal Exchange, double? RetainedShare);

/// <summary>Revenue retained per currency.</summary>
/// <param name="Currencies">One entry per currency.</param>
public sealed record RetentionResponse(IReadOnlyList<CurrencyRetention> Currencies);

/// <summary>Ratings of returns requested in one month.</summary>
/// <param name="Month">yyyy-MM.</param>
/// <param name="Count">Ratings given.</param>
/// <param name="Average">Their average, 2 decimals.</param>
public sealed record FeedbackMonth(string Month, int Count, decimal Average);

/// <summary>Customers' ratings (1–5) of the returns requested in the period.</summary>
/// <param name="Count">Ratings given.</param>
/// <param name="Average">Their average, 2 decimals; null without any.</param>
/// <param name="Ratings">How many gave 1, 2, 3, 4 and 5.</param>
/// <param name="ByMonth">Count and average per month of request.</param>
public sealed record FeedbackScoresResponse(int Count, decimal? Average, IReadOnlyList<int> Ratings, IReadOnlyList<FeedbackMonth> ByMonth);

/// <summary>
/// The cost, speed, retention and feedback measures (docs/analytics.md), read from the rollup of the facts rows
/// (<see cref="ReturnFactsDaily"/>, decision 0025): each is one grouped query over the period's month rows (whole
/// months) and day rows (the days at either end) of its measures, the currencies' totals when no dimension is
/// filtered on, adding whole ten-thousandths and counts in SQL on both databases, plus the facts rows' changes not
/// yet folded into the rollup (<see cref="ReturnFactsChange"/>, a few hundred at most), added in memory;
/// percentiles are read from per-hour counts. The answers are those the facts rows themselves give.
/// </summary>
public static class MoneyAnalytics
{
    /// <summary>The last bucket of <see cref="RefundSpeedResponse.ByDay"/>: this many days or more.</summary>
    public const int MaxDays = 30;

    /// <summary>The facts rows the filter selects (what the rollup adds up; for checks and drill-downs).</summary>
    public static IQueryable<ReturnFacts> Facts(RetourDbContext db, AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var start = filter.Start;
        var end = filter.End;
        return filter.Narrow(db.Set<ReturnFacts>().AsNoTracking().Where(f => f.RequestedAt >= start && f.RequestedAt < end));
    }

    /// <summary>
    /// The rollup rows of <paramref name="measures"/> that add up to the filter's facts rows: the month rows of the
    /// whole months inside the period, and the day rows of the days before the first and after the last of them (all
    /// days when there is none); the currencies' totals rows when the filter names no channel, country, category or
    /// reason, the cells' rows otherwise.
    /// </summary>
    public static IQueryable<ReturnFactsDaily> Cells(RetourDbContext db, AnalyticsFilter filter, params int[] measures)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var (from, m0, m1, to) = Period(filter);
        var rows = db.Set<ReturnFactsDaily>().AsQueryable();
        var totals = filter is { Channel: null, Country: null, Category: null, Reason: null };
        rows = rows.AsNoTracking()
            .Where(r => r.Totals == totals && measures.Contains(r.Measure))
            .Where(r => (r.Monthly && r.Day >= m0 && r.Day < m1) || (!r.Monthly && r.Day >= from && r.Day < m0) || (!r.Monthly && r.Day >= m1 && r.Day <= to));
        return filter.Narrow(rows);
    }

    /// <summary>Refund speed: one grouped query for both histograms and the deadline counts.</summary>
    public static async Task<RefundSpeedResponse> RefundSpeedAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var sums = await SumsAsync(db, filter, byMonth: false, [FactsMeasure.RequestToRefund, FactsMeasure.ReceiptToRefund, FactsMeasure.WithDeadline, FactsMeasure.InTime], ct);
        List<(int Hours, int Count)> Histogram(int measure) => [.. sums.Where(s => s.Measure == measure).GroupBy(s => s.Bucket).Select(g => (g.Key, (int)g.Sum(s => s.Value)))];
        var request = Histogram(FactsMeasure.RequestToRefund);
        var withDeadline = (int)sums.Where(s => s.Measure == FactsMeasure.WithDeadline).Sum(s => s.Value);
        var inTime = (int)sums.Where(s => s.Measure == FactsMeasure.InTime).Sum(s => s.Value);
        var byDay = new int[MaxDays + 1];
        foreach (var (hours, count) in request)
        {
            byDay[Math.Min(MaxDays, hours / 24)] += count;
        }

        return new RefundSpeedResponse(
            Percentiles(request),
            Percentiles(Histogram(FactsMeasure.ReceiptToRefund)),
            withDeadline,
            inTime,
            withDeadline == 0 ? null : (double)inTime / withDeadline,
            [.. byDay.Select((count, days) => new DaysBucket(days, count))]);
    }

    /// <summary>The cost of returns per currency.</summary>
    public static async Task<CostsResponse> CostsAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var sums = await SumsAsync(db, filter, byMonth: false, [.. Enumerable.Range(FactsMeasure.Returns, FactsMeasure.Disposed)], ct);
        long Sum(string currency, int measure) => sums.Where(s => s.Currency == currency && s.Measure == measure).Sum(s => s.Value);

        // A currency has a row when it has returns (costs in it) or labels bought in it (label costs, from any return).
        var returned = sums.Where(s => s.Measure == FactsMeasure.Returns).Select(s => s.Currency);
        var labelled = sums.Where(s => s.Measure == FactsMeasure.LabelReturns).Select(s => s.Unit);
        var rows = new List<CurrencyCosts>();
        foreach (var currency in returned.Union(labelled, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var label = ReturnFacts.Read(sums.Where(s => s.Measure == FactsMeasure.LabelCost && s.Unit == currency).Sum(s => s.Value));
            var restocking = Sum(currency, FactsMeasure.RestockingFee);
            var shipping = Sum(currency, FactsMeasure.ReturnShippingFee);
            rows.Add(new CurrencyCosts(
                currency,
                (int)Sum(currency, FactsMeasure.Returns),
                ReturnFacts.Read(Sum(currency, FactsMeasure.OutboundShipping)),
                label,
                ReturnFacts.Read(Sum(currency, FactsMeasure.Refunded)),
                ReturnFacts.Read(restocking + shipping),
                ReturnFacts.Read(restocking),
                ReturnFacts.Read(shipping),
                ReturnFacts.Read(Sum(currency, FactsMeasure.ReturnedValue)),
                new DispositionValues(
                    ReturnFacts.Read(Sum(currency, FactsMeasure.Restocked)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.Refurbished)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.Repaired)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.ReturnedToVendor)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.SecondHand)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.Recycled)),
                    ReturnFacts.Read(Sum(currency, FactsMeasure.Disposed)))));
        }

        return new CostsResponse([.. rows.OrderByDescending(r => r.Refunds).ThenBy(r => r.Currency, StringComparer.Ordinal)]);
    }

    /// <summary>Revenue retained per currency.</summary>
    public static async Task<RetentionResponse> RetentionAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var sums = await SumsAsync(db, filter, byMonth: false, [FactsMeasure.Returns, FactsMeasure.Refunded, FactsMeasure.StoreCredit, FactsMeasure.GiftCard, FactsMeasure.Exchange], ct);
        long Sum(string currency, int measure) => sums.Where(s => s.Currency == currency && s.Measure == measure).Sum(s => s.Value);
        return new RetentionResponse([.. sums.Where(s => s.Measure == FactsMeasure.Returns).Select(s => s.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(currency =>
        {
            var (refunded, credit, gift, exchange) = (Sum(currency, FactsMeasure.Refunded), Sum(currency, FactsMeasure.StoreCredit), Sum(currency, FactsMeasure.GiftCard), Sum(currency, FactsMeasure.Exchange));
            var kept = credit + gift + exchange;
            var total = kept + refunded;
            return new CurrencyRetention(currency, ReturnFacts.Read(refunded), ReturnFacts.Read(credit), ReturnFacts.Read(gift), ReturnFacts.Read(exchange), total == 0 ? null : (double)kept / total);
        })]);
    }

    /// <summary>Feedback scores.</summary>
    public static async Task<FeedbackScoresResponse> FeedbackAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var counts = (await SumsAsync(db, filter, byMonth: true, [FactsMeasure.Rating], ct)).GroupBy(s => (s.Month, Rating: s.Bucket)).Select(g => (g.Key.Month, g.Key.Rating, Count: g.Sum(s => s.Value))).ToList();
        var ratings = Enumerable.Range(1, 5).Select(r => (int)counts.Where(c => c.Rating == r).Sum(c => c.Count)).ToList();
        var count = ratings.Sum();
        var months = counts.GroupBy(c => c.Month).OrderBy(g => g.Key).Select(g =>
        {
            var n = g.Sum(c => c.Count);
            return new FeedbackMonth(
                string.Create(CultureInfo.InvariantCulture, $"{g.Key / 100:0000}-{g.Key % 100:00}"),
                (int)n,
                Math.Round((decimal)g.Sum(c => c.Count * c.Rating) / n, 2));
        }).ToList();
        return new FeedbackScoresResponse(count, count == 0 ? null : Math.Round((decimal)ratings.Select((n, i) => n * (i + 1)).Sum() / count, 2), ratings, months);
    }

    // The rollup's days as yyyyMMdd: day rows in [from, m0) and [m1, to], month rows in [m0, m1).
    // Whole months from the month rows, the days around them (or every day, without a whole month) from the day rows.
    private static (int From, int M0, int M1, int To) Period(AnalyticsFilter filter)
    {
        var (first, end) = RateCells.WholeMonths(filter);
        return (ReturnFactsRollup.DayOf(filter.From), ReturnFactsRollup.DayOf(first), ReturnFactsRollup.DayOf(end), ReturnFactsRollup.DayOf(filter.To));
    }

    // The sums of the measures per currency, measure, bucket, unit (and month of request), from the rollup and the
    // changes not folded yet; sums that come to zero are left out (a cell whose returns all moved away). The changes
    // are read first, the rollup next, then the changes read are looked for again: if a fold moved some of them in
    // between, the rollup may already hold them, so the question is asked again (folds are rare and quick).
    private static async Task<List<RollupSum>> SumsAsync(RetourDbContext db, AnalyticsFilter filter, bool byMonth, int[] measures, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var divisor = byMonth ? 100 : 100_000_000;
        var (start, end) = (filter.Start, filter.End);
        var changes = db.Set<ReturnFactsChange>().AsNoTracking().Where(c => c.RequestedAt >= start && c.RequestedAt < end);
        changes = filter.Channel is { } channel ? changes.Where(c => c.Channel == channel) : changes;
        changes = filter.Country is { } country ? changes.Where(c => c.Country == country) : changes;
        changes = filter.Category is { } category ? changes.Where(c => c.Category == category) : changes;
        changes = filter.Reason is { } reason ? changes.Where(c => c.Reason == reason) : changes;
        changes = filter.Currency is { } currency ? changes.Where(c => c.Currency == currency) : changes;
        for (var attempt = 1; ; attempt++)
        {
            var unfolded = await changes.ToListAsync(ct);
            var rows = await Cells(db, filter, measures).GroupBy(r => new { r.Currency, r.Measure, r.Bucket, r.Unit, Month = r.Day / divisor })
                .Select(g => new RollupSum(g.Key.Currency, g.Key.Measure, g.Key.Bucket, g.Key.Unit, g.Key.Month, g.Sum(r => r.Value))).ToListAsync(ct);
            var ids = unfolded.ConvertAll(c => c.Id);
            if (ids.Count > 0 && attempt < 10 && await db.Set<ReturnFactsChange>().CountAsync(c => ids.Contains(c.Id), ct) != ids.Count)
            {
                continue;
            }

            // The facts rows the changes carry add to the cells this question reads.
            var pending = new Dictionary<RollupKey, long>();
            foreach (var change in unfolded)
            {
                ReturnFactsRollup.Add(change.ToFacts(), change.Sign, pending);
            }

            var totals = filter is { Channel: null, Country: null, Category: null, Reason: null };
            var (from, m0, m1, to) = Period(filter);
            rows.AddRange(pending.Where(p => p.Key.Totals == totals && measures.Contains(p.Key.Measure) && (p.Key.Monthly ? p.Key.Day >= m0 && p.Key.Day < m1 : (p.Key.Day >= from && p.Key.Day < m0) || (p.Key.Day >= m1 && p.Key.Day <= to)))
                .Select(p => new RollupSum(p.Key.Currency, p.Key.Measure, p.Key.Bucket, p.Key.Unit, p.Key.Day / divisor, p.Value)));
            return [.. rows.GroupBy(r => (r.Currency, r.Measure, r.Bucket, r.Unit, r.Month)).Select(g => g.First() with { Value = g.Sum(r => r.Value) }).Where(r => r.Value != 0)];
        }
    }

    private sealed record RollupSum(string Currency, int Measure, int Bucket, string Unit, int Month, long Value);

    /// <summary>The p50, p90 and p99 of per-hour counts: the smallest hour with at least that share of the returns at or below it.</summary>
    public static HourPercentiles Percentiles(IReadOnlyList<(int Hours, int Count)> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var sorted = counts.OrderBy(c => c.Hours).ToList();
        var total = sorted.Sum(c => c.Count);
        int? At(double p)
        {
            if (total == 0)
            {
                return null;
            }

            var rank = (long)Math.Ceiling(p * total);
            long seen = 0;
            foreach (var (hours, count) in sorted)
            {
                seen += count;
                if (seen >= rank)
                {
                    return hours;
                }
            }

            return sorted[^1].Hours;
        }

        return new HourPercentiles(total, At(0.5), At(0.9), At(0.99));
    }
}

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
/// The cost, speed, retention and feedback measures over <see cref="ReturnFacts"/> (docs/analytics.md):
/// each is one or two grouped queries on the period's facts rows; sums are of whole ten-thousandths, so both
/// databases add them in SQL; percentiles are read from per-hour counts.
/// </summary>
public static class MoneyAnalytics
{
    /// <summary>The last bucket of <see cref="RefundSpeedResponse.ByDay"/>: this many days or more.</summary>
    public const int MaxDays = 30;

    /// <summary>The facts rows the filter selects.</summary>
    public static IQueryable<ReturnFacts> Facts(RetourDbContext db, AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var start = filter.Start;
        var end = filter.End;
        var facts = db.Set<ReturnFacts>().AsNoTracking().Where(f => f.RequestedAt >= start && f.RequestedAt < end);
        if (filter.Channel is { } channel)
        {
            facts = facts.Where(f => f.Channel == channel);
        }

        if (filter.Country is { } country)
        {
            facts = facts.Where(f => f.Country == country);
        }

        if (filter.Category is { } category)
        {
            facts = facts.Where(f => f.Category == category);
        }

        if (filter.Reason is { } reason)
        {
            facts = facts.Where(f => f.Reason == reason);
        }

        if (filter.Currency is { } currency)
        {
            facts = facts.Where(f => f.Currency == currency);
        }

        return facts;
    }

    /// <summary>Refund speed.</summary>
    public static async Task<RefundSpeedResponse> RefundSpeedAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var facts = Facts(db, filter);
        // One scan for the request histogram and the deadline (only refunded returns have either), one for receipts.
        var requested = await facts.Where(f => f.RequestToRefundHours != null).GroupBy(f => new { Hours = f.RequestToRefundHours!.Value, f.RefundInTime })
            .Select(g => new { g.Key.Hours, g.Key.RefundInTime, Count = g.Count() }).ToListAsync(ct);
        var receipt = await facts.Where(f => f.ReceiptToRefundHours != null).GroupBy(f => f.ReceiptToRefundHours!.Value).Select(g => new { Hours = g.Key, Count = g.Count() }).ToListAsync(ct);
        var request = requested.GroupBy(r => r.Hours).Select(g => new { Hours = g.Key, Count = g.Sum(r => r.Count) }).ToList();
        var withDeadline = requested.Where(r => r.RefundInTime is not null).Sum(r => r.Count);
        var inTime = requested.Where(r => r.RefundInTime == true).Sum(r => r.Count);
        var byDay = new int[MaxDays + 1];
        foreach (var h in request)
        {
            byDay[Math.Min(MaxDays, h.Hours / 24)] += h.Count;
        }

        return new RefundSpeedResponse(
            Percentiles([.. request.Select(h => (h.Hours, h.Count))]),
            Percentiles([.. receipt.Select(h => (h.Hours, h.Count))]),
            withDeadline,
            inTime,
            withDeadline == 0 ? null : (double)inTime / withDeadline,
            [.. byDay.Select((count, days) => new DaysBucket(days, count))]);
    }

    /// <summary>The cost of returns per currency.</summary>
    public static async Task<CostsResponse> CostsAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var facts = Facts(db, filter);
        var sums = await facts.GroupBy(f => f.Currency).Select(g => new
        {
            Currency = g.Key,
            Count = g.Count(),
            Outbound = g.Sum(f => f.OutboundShipping),
            Refunded = g.Sum(f => f.Refunded),
            Restocking = g.Sum(f => f.RestockingFee),
            Shipping = g.Sum(f => f.ReturnShippingFee),
            Value = g.Sum(f => f.ReturnedValue),
            Restock = g.Sum(f => f.Restocked),
            Refurbish = g.Sum(f => f.Refurbished),
            Repair = g.Sum(f => f.Repaired),
            Vendor = g.Sum(f => f.ReturnedToVendor),
            SecondHand = g.Sum(f => f.SecondHand),
            Recycle = g.Sum(f => f.Recycled),
            Dispose = g.Sum(f => f.Disposed),
        }).ToListAsync(ct);
        var labels = await facts.Where(f => f.LabelCurrency != null).GroupBy(f => f.LabelCurrency!).Select(g => new { Currency = g.Key, Cost = g.Sum(f => f.LabelCost) }).ToListAsync(ct);
        var rows = new List<CurrencyCosts>();
        foreach (var currency in sums.Select(s => s.Currency).Union(labels.Select(l => l.Currency)).Order(StringComparer.Ordinal))
        {
            var s = sums.Find(x => x.Currency == currency);
            var label = ReturnFacts.Read(labels.Find(l => l.Currency == currency)?.Cost ?? 0);
            rows.Add(s is null
                ? new CurrencyCosts(currency, 0, 0m, label, 0m, 0m, 0m, 0m, 0m, new DispositionValues(0m, 0m, 0m, 0m, 0m, 0m, 0m))
                : new CurrencyCosts(
                    currency,
                    s.Count,
                    ReturnFacts.Read(s.Outbound),
                    label,
                    ReturnFacts.Read(s.Refunded),
                    ReturnFacts.Read(s.Restocking + s.Shipping),
                    ReturnFacts.Read(s.Restocking),
                    ReturnFacts.Read(s.Shipping),
                    ReturnFacts.Read(s.Value),
                    new DispositionValues(ReturnFacts.Read(s.Restock), ReturnFacts.Read(s.Refurbish), ReturnFacts.Read(s.Repair), ReturnFacts.Read(s.Vendor), ReturnFacts.Read(s.SecondHand), ReturnFacts.Read(s.Recycle), ReturnFacts.Read(s.Dispose))));
        }

        return new CostsResponse([.. rows.OrderByDescending(r => r.Refunds).ThenBy(r => r.Currency, StringComparer.Ordinal)]);
    }

    /// <summary>Revenue retained per currency.</summary>
    public static async Task<RetentionResponse> RetentionAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var sums = await Facts(db, filter).GroupBy(f => f.Currency).Select(g => new
        {
            Currency = g.Key,
            Refunded = g.Sum(f => f.Refunded),
            Credit = g.Sum(f => f.StoreCredit),
            Gift = g.Sum(f => f.GiftCard),
            Exchange = g.Sum(f => f.Exchange),
        }).ToListAsync(ct);
        return new RetentionResponse([.. sums.OrderBy(s => s.Currency, StringComparer.Ordinal).Select(s =>
        {
            var kept = s.Credit + s.Gift + s.Exchange;
            var total = kept + s.Refunded;
            return new CurrencyRetention(s.Currency, ReturnFacts.Read(s.Refunded), ReturnFacts.Read(s.Credit), ReturnFacts.Read(s.Gift), ReturnFacts.Read(s.Exchange), total == 0 ? null : (double)kept / total);
        })]);
    }

    /// <summary>Feedback scores.</summary>
    public static async Task<FeedbackScoresResponse> FeedbackAsync(RetourDbContext db, AnalyticsFilter filter, CancellationToken ct)
    {
        var counts = await Facts(db, filter).Where(f => f.FeedbackRating != null).GroupBy(f => new { f.RequestedMonth, Rating = f.FeedbackRating!.Value })
            .Select(g => new { g.Key.RequestedMonth, g.Key.Rating, Count = g.Count() }).ToListAsync(ct);
        var ratings = Enumerable.Range(1, 5).Select(r => counts.Where(c => c.Rating == r).Sum(c => c.Count)).ToList();
        var count = ratings.Sum();
        var months = counts.GroupBy(c => c.RequestedMonth).OrderBy(g => g.Key).Select(g =>
        {
            var n = g.Sum(c => c.Count);
            return new FeedbackMonth(
                string.Create(CultureInfo.InvariantCulture, $"{g.Key / 100:0000}-{g.Key % 100:00}"),
                n,
                Math.Round((decimal)g.Sum(c => c.Count * c.Rating) / n, 2));
        }).ToList();
        return new FeedbackScoresResponse(count, count == 0 ? null : Math.Round((decimal)ratings.Select((n, i) => n * (i + 1)).Sum() / count, 2), ratings, months);
    }

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

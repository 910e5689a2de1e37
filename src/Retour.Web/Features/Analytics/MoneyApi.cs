using System.Globalization;
using System.Text;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// <c>GET /api/v1/analytics/refund-speed</c>, <c>/costs</c>, <c>/retention</c> and <c>/feedback</c>: the cost,
/// speed and retention measures over the analytics filter (<c>from</c>, <c>to</c>, <c>channel</c>, <c>country</c>,
/// <c>category</c>, <c>reason</c>, <c>currency</c>), as JSON or, with <c>format=csv</c>, as a CSV file.
/// </summary>
public static class MoneyApi
{
    private const string FilterHelp = " Filter: from, to (yyyy-MM-dd or yyyy-MM; default the last 90 days, by request date), channel, country, category, reason, currency; format=csv for a CSV file.";

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapMoneyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/analytics").WithTags("Analytics").RequireAuthorization(StaffPolicies.Api(StaffPolicies.ViewAnalytics));
        group.MapGet("/refund-speed", (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
                Answer(http, clock, async f => await MoneyAnalytics.RefundSpeedAsync(db, f, ct), MoneyCsv.RefundSpeed))
            .WithName("RefundSpeed")
            .WithSummary("How fast customers got their money back: request → refund and receipt → refund in hours (p50, p90, p99, exact to the hour), the share refunded by the legal or policy deadline, and refunds by days after the request." + FilterHelp)
            .Produces<RefundSpeedResponse>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        group.MapGet("/costs", (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
                Answer(http, clock, async f => await MoneyAnalytics.CostsAsync(db, f, ct), MoneyCsv.Costs))
            .WithName("ReturnCosts")
            .WithSummary("What returns cost per currency (never added across currencies): outbound shipping, return labels, refunds, fees charged (restocking and return shipping recovered), and the value of the units by disposition." + FilterHelp)
            .Produces<CostsResponse>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        group.MapGet("/retention", (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
                Answer(http, clock, async f => await MoneyAnalytics.RetentionAsync(db, f, ct), MoneyCsv.Retention))
            .WithName("RevenueRetained")
            .WithSummary("Revenue retained per currency: what was settled as store credit, gift cards and exchanges against what was refunded, and the share kept." + FilterHelp)
            .Produces<RetentionResponse>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        group.MapGet("/feedback", (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
                Answer(http, clock, async f => await MoneyAnalytics.FeedbackAsync(db, f, ct), MoneyCsv.Feedback))
            .WithName("FeedbackScores")
            .WithSummary("Customers' ratings (1–5) of the returns requested in the period: count, average, distribution and per month of request." + FilterHelp)
            .Produces<FeedbackScoresResponse>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Answer<T>(HttpContext http, TimeProvider clock, Func<AnalyticsFilter, Task<T>> measure, Func<T, string> csv)
    {
        var (filter, errors) = AnalyticsFilter.Parse(http.Request.Query, clock.GetUtcNow());
        var format = http.Request.Query["format"].ToString();
        errors.Check(format is "" or "json" or "csv", "format", "json or csv.");
        if (filter is null || !errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var result = await measure(filter);
        if (format == "csv")
        {
            var name = http.Request.Path.Value![(http.Request.Path.Value!.LastIndexOf('/') + 1)..];
            return Results.File(Encoding.UTF8.GetBytes(csv(result)), "text/csv; charset=utf-8", string.Create(CultureInfo.InvariantCulture, $"{name}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv"));
        }

        return Results.Ok(result);
    }
}

/// <summary>The measures as CSV (comma-separated, invariant numbers, one header row), for the API and the dashboard's links.</summary>
public static class MoneyCsv
{
    /// <summary>Refund speed: one row per measure, then one per day bucket.</summary>
    public static string RefundSpeed(RefundSpeedResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new StringBuilder("measure,count,p50_hours,p90_hours,p99_hours\n");
        Row(csv, "request_to_refund", r.RequestToRefund.Count, r.RequestToRefund.P50, r.RequestToRefund.P90, r.RequestToRefund.P99);
        Row(csv, "receipt_to_refund", r.ReceiptToRefund.Count, r.ReceiptToRefund.P50, r.ReceiptToRefund.P90, r.ReceiptToRefund.P99);
        csv.Append("\nwith_deadline,in_time,in_time_share\n");
        Row(csv, r.WithDeadline, r.InTime, r.InTimeShare);
        csv.Append("\ndays_after_request,refunds\n");
        foreach (var d in r.ByDay)
        {
            Row(csv, d.Days, d.Count);
        }

        return csv.ToString();
    }

    /// <summary>Costs: one row per currency.</summary>
    public static string Costs(CostsResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new StringBuilder("currency,returns,outbound_shipping,return_shipping,refunds,fees_charged,restocking_fees,return_shipping_fees,returned_value,restock,refurbish,repair,return_to_vendor,second_hand,recycle,dispose\n");
        foreach (var c in r.Currencies)
        {
            var d = c.Recovered;
            Row(csv, c.Currency, c.Returns, c.OutboundShipping, c.ReturnShipping, c.Refunds, c.FeesCharged, c.RestockingFees, c.ReturnShippingFees, c.ReturnedValue, d.Restock, d.Refurbish, d.Repair, d.ReturnToVendor, d.SecondHand, d.Recycle, d.Dispose);
        }

        return csv.ToString();
    }

    /// <summary>Retention: one row per currency.</summary>
    public static string Retention(RetentionResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new StringBuilder("currency,refunded,store_credit,gift_card,exchange,retained_share\n");
        foreach (var c in r.Currencies)
        {
            Row(csv, c.Currency, c.Refunded, c.StoreCredit, c.GiftCard, c.Exchange, c.RetainedShare);
        }

        return csv.ToString();
    }

    /// <summary>Feedback: the distribution, then one row per month.</summary>
    public static string Feedback(FeedbackScoresResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new StringBuilder("rating,count\n");
        for (var i = 0; i < r.Ratings.Count; i++)
        {
            Row(csv, i + 1, r.Ratings[i]);
        }

        csv.Append("\nmonth,count,average\n");
        foreach (var m in r.ByMonth)
        {
            Row(csv, m.Month, m.Count, m.Average);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params object?[] values)
    {
        csv.AppendJoin(',', values.Select(v => v switch
        {
            null => string.Empty,
            string s => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
        csv.Append('\n');
    }
}

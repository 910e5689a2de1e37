using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Analytics;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Analytics;

/// <summary>The cost, speed and retention dashboard: refund speed, the cost of returns, revenue retained and feedback, each a chart with its table and CSV link.</summary>
public sealed class MoneyModel(RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The page's path.</summary>
    public const string Path = "/backoffice/analytics/money";

    /// <summary>The tabs and filter.</summary>
    public AnalyticsHeader Header { get; private set; } = null!;

    /// <summary>Refund speed.</summary>
    public RefundSpeedResponse Speed { get; private set; } = null!;

    /// <summary>Costs per currency.</summary>
    public CostsResponse Costs { get; private set; } = null!;

    /// <summary>Revenue retained per currency.</summary>
    public RetentionResponse Retention { get; private set; } = null!;

    /// <summary>Feedback scores.</summary>
    public FeedbackScoresResponse Feedback { get; private set; } = null!;

    /// <summary>Refunds by days after the request, as SVG.</summary>
    public string SpeedChart { get; private set; } = string.Empty;

    /// <summary>Retained share per currency, as SVG.</summary>
    public string RetentionChart { get; private set; } = string.Empty;

    /// <summary>Refunds and costs of the first currency, as SVG.</summary>
    public string CostChart { get; private set; } = string.Empty;

    /// <summary>Average rating per month, as SVG (empty with fewer than two months).</summary>
    public string FeedbackChart { get; private set; } = string.Empty;

    /// <summary>The CSV link of a measure with the filter in force (served by this page, under the staff session).</summary>
    public string Csv(string measure) => $"{Path}?handler=csv&measure={measure}&{Header.Filter.ToQuery()}";

    /// <summary>One measure as CSV: the same file as the API's <c>format=csv</c>, for a signed-in manager (the API takes API keys only).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? measure, CancellationToken ct)
    {
        var (filter, errors) = AnalyticsFilter.Parse(Request.Query, clock.GetUtcNow());
        if (filter is null || !errors.IsEmpty)
        {
            return BadRequest();
        }

        string? csv = measure switch
        {
            "refund-speed" => MoneyCsv.RefundSpeed(await MoneyAnalytics.RefundSpeedAsync(db, filter, ct)),
            "costs" => MoneyCsv.Costs(await MoneyAnalytics.CostsAsync(db, filter, ct)),
            "retention" => MoneyCsv.Retention(await MoneyAnalytics.RetentionAsync(db, filter, ct)),
            "feedback" => MoneyCsv.Feedback(await MoneyAnalytics.FeedbackAsync(db, filter, ct)),
            _ => null,
        };
        return csv is null ? NotFound() : File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", string.Create(CultureInfo.InvariantCulture, $"{measure}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv"));
    }

    /// <summary>An amount as shown.</summary>
    public static string Amount(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>Hours as shown: hours under two days, days above.</summary>
    public static string Hours(int? hours) => hours switch
    {
        null => "—",
        < 48 => $"{hours} h",
        _ => (hours.Value / 24d).ToString("0.#", CultureInfo.InvariantCulture) + " d",
    };

    /// <summary>Reads the filter and computes the four measures.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Header = await AnalyticsHeader.ForAsync(Request, Path, clock.GetUtcNow(), db, ct);
        var filter = Header.Filter;
        Speed = await MoneyAnalytics.RefundSpeedAsync(db, filter, ct);
        Costs = await MoneyAnalytics.CostsAsync(db, filter, ct);
        Retention = await MoneyAnalytics.RetentionAsync(db, filter, ct);
        Feedback = await MoneyAnalytics.FeedbackAsync(db, filter, ct);
        SpeedChart = Speed.ByDay.All(d => d.Count == 0) ? string.Empty : Charts.Bars([.. Speed.ByDay.Where(d => d.Count > 0).Select(d => new ChartPoint(d.Days == MoneyAnalytics.MaxDays ? $"{d.Days}+ days" : $"{d.Days} days", d.Count))], "Refunds", v => v.ToString("N0", CultureInfo.InvariantCulture));
        RetentionChart = Retention.Currencies.All(c => c.RetainedShare is null) ? string.Empty : Charts.Bars([.. Retention.Currencies.Where(c => c.RetainedShare is not null).Select(c => new ChartPoint(c.Currency, c.RetainedShare!.Value))], "Share of settled value kept", Charts.Percent);
        if (Costs.Currencies.Count > 0 && Costs.Currencies[0] is var first && (first.Refunds != 0 || first.OutboundShipping != 0 || first.ReturnShipping != 0 || first.FeesCharged != 0 || first.Recovered.Restock != 0))
        {
            var c = Costs.Currencies[0];
            CostChart = Charts.Bars(
                [
                    new ChartPoint("Refunds", (double)c.Refunds),
                    new ChartPoint("Outbound shipping", (double)c.OutboundShipping),
                    new ChartPoint("Return labels", (double)c.ReturnShipping),
                    new ChartPoint("Fees recovered", (double)c.FeesCharged),
                    new ChartPoint("Restocked value", (double)c.Recovered.Restock),
                ],
                c.Currency,
                v => v.ToString("N0", CultureInfo.InvariantCulture));
        }

        FeedbackChart = Feedback.ByMonth.Count > 1 ? Charts.Line([.. Feedback.ByMonth.Select(m => new ChartPoint(m.Month, (double)m.Average))], "Average rating") : string.Empty;
    }
}

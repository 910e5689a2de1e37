using System.Globalization;
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

    /// <summary>The CSV link of a measure with the filter in force.</summary>
    public string Csv(string measure) => $"/api/v1/analytics/{measure}?{Header.Filter.ToQuery()}&format=csv";

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
        Header = AnalyticsHeader.For(Request, Path, clock.GetUtcNow());
        var filter = Header.Filter;
        Speed = await MoneyAnalytics.RefundSpeedAsync(db, filter, ct);
        Costs = await MoneyAnalytics.CostsAsync(db, filter, ct);
        Retention = await MoneyAnalytics.RetentionAsync(db, filter, ct);
        Feedback = await MoneyAnalytics.FeedbackAsync(db, filter, ct);
        SpeedChart = Charts.Bars([.. Speed.ByDay.Where(d => d.Count > 0).Select(d => new ChartPoint(d.Days == MoneyAnalytics.MaxDays ? $"{d.Days}+ days" : $"{d.Days} days", d.Count))], "Refunds", v => v.ToString("N0", CultureInfo.InvariantCulture));
        RetentionChart = Charts.Bars([.. Retention.Currencies.Where(c => c.RetainedShare is not null).Select(c => new ChartPoint(c.Currency, c.RetainedShare!.Value))], "Share of settled value kept", Charts.Percent);
        if (Costs.Currencies.Count > 0)
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

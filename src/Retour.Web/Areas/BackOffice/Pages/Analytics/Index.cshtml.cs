using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Analytics;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Analytics;

/// <summary>The return-rates overview: totals, and the rate by month, by reason, by category and by country.</summary>
public sealed class IndexModel(RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The shared header (tabs and filter).</summary>
    public AnalyticsHeader Header { get; private set; } = null!;

    /// <summary>Every group together.</summary>
    public RateRow Total { get; private set; } = null!;

    /// <summary>By month of the period.</summary>
    public IReadOnlyList<RateRow> ByMonth { get; private set; } = [];

    /// <summary>By return reason.</summary>
    public IReadOnlyList<RateRow> ByReason { get; private set; } = [];

    /// <summary>By product category.</summary>
    public IReadOnlyList<RateRow> ByCategory { get; private set; } = [];

    /// <summary>By country shipped to.</summary>
    public IReadOnlyList<RateRow> ByCountry { get; private set; } = [];

    /// <summary>Asks the rollups four questions (each a small grouped read of the overview cube).</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Header = AnalyticsHeader.For(Request, "/backoffice/analytics", clock.GetUtcNow());
        var month = await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Month, ct);
        Total = month.Total;
        ByMonth = month.Rows;
        ByReason = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Reason, ct)).Rows;
        ByCategory = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Category, ct)).Rows;
        ByCountry = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Country, ct)).Rows;
    }

    /// <summary>The CSV export of one grouping under the filter in force.</summary>
    public string CsvLink(RateGrouping by) => $"/api/v1/analytics/return-rates?by={RatesApi.Name(by)}&format=csv&{Header.Filter.ToQuery()}";

    /// <summary>A rate as a percentage, or a dash when nothing was sold.</summary>
    public static string Percent(decimal? rate) => rate is { } r ? Charts.Percent((double)r) : "–";

    /// <summary>The rows as chart points of their unit rate.</summary>
    public static IReadOnlyList<ChartPoint> Points(IEnumerable<RateRow> rows) => [.. rows.Select(r => new ChartPoint(r.Label, (double)(r.UnitRate ?? 0m)))];
}

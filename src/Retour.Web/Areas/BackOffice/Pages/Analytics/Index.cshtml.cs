using Microsoft.AspNetCore.Mvc;
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
        Header = await AnalyticsHeader.ForAsync(Request, "/backoffice/analytics", clock.GetUtcNow(), db, ct);
        var month = await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Month, ct);
        Total = month.Total;
        ByMonth = month.Rows;
        ByReason = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Reason, ct)).Rows;
        ByCategory = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Category, ct)).Rows;
        ByCountry = (await RatesQuery.RunAsync(db, Header.Filter, RateGrouping.Country, ct)).Rows;
    }

    /// <summary>The CSV export of one grouping under the filter in force (served by this page, under the staff session).</summary>
    public string CsvLink(RateGrouping by) => Csv(by, Header.Filter);

    /// <summary>The link to the CSV of a grouping under a filter, for every analytics page.</summary>
    public static string Csv(RateGrouping by, AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return $"/backoffice/analytics?handler=csv&by={RatesApi.Name(by)}&{filter.ToQuery()}";
    }

    /// <summary>
    /// The rates of one grouping as CSV: the same file as the API's <c>format=csv</c>, for a signed-in manager (the
    /// API itself takes API keys only).
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync(string? by, CancellationToken ct)
    {
        var (filter, errors) = AnalyticsFilter.Parse(Request.Query, clock.GetUtcNow());
        var grouping = RatesApi.Grouping(by, errors);
        if (filter is null || grouping is null || !errors.IsEmpty)
        {
            return BadRequest();
        }

        var rates = await RatesQuery.RunAsync(db, filter, grouping.Value, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(RatesApi.RatesCsv(rates)), "text/csv; charset=utf-8", $"return-rates-{RatesApi.Name(grouping.Value)}.csv");
    }

    /// <summary>A rate as a percentage, or a dash when nothing was sold.</summary>
    public static string Percent(decimal? rate) => rate is { } r ? Charts.Percent((double)r) : "–";

    /// <summary>The rows as chart points of their unit rate.</summary>
    public static IReadOnlyList<ChartPoint> Points(IEnumerable<RateRow> rows) => [.. rows.Select(r => new ChartPoint(r.Label, (double)(r.UnitRate ?? 0m)))];
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Analytics;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Analytics;

/// <summary>Serial returners over the filtered period, with the thresholds from the query or the settings.</summary>
public sealed class CustomersModel(RetourDbContext db, TimeProvider clock, IConfiguration config) : PageModel
{
    /// <summary>The shared header.</summary>
    public AnalyticsHeader Header { get; private set; } = null!;

    /// <summary>The customers and the thresholds applied.</summary>
    public SerialReturnersResponse Result { get; private set; } = null!;

    /// <summary>Reads the thresholds (falling back to the settings when absent or out of range) and the customers with most returns.</summary>
    public Task OnGetAsync(int? minReturns, decimal? minRate, CancellationToken ct) => LoadAsync(minReturns, minRate, RatesApi.DefaultSerialReturners, ct);

    /// <summary>Every customer above the thresholds as CSV (the API's <c>format=csv</c> file), for a signed-in manager.</summary>
    public async Task<IActionResult> OnGetCsvAsync(int? minReturns, decimal? minRate, CancellationToken ct)
    {
        await LoadAsync(minReturns, minRate, RatesApi.MaxRows, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(RatesApi.SerialCsv(Result)), "text/csv; charset=utf-8", "serial-returners.csv");
    }

    /// <summary>The query string with the filter and the thresholds.</summary>
    public string Query => $"{Header.Filter.ToQuery()}&minReturns={Result.MinReturns}&minRate={Result.MinRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private async Task LoadAsync(int? minReturns, decimal? minRate, int limit, CancellationToken ct)
    {
        Header = await AnalyticsHeader.ForAsync(Request, "/backoffice/analytics/customers", clock.GetUtcNow(), db, ct);
        var returns = minReturns is >= 1 and <= 10_000 ? minReturns.Value : config.GetValue("Analytics:SerialReturners:MinReturns", RatesApi.DefaultMinReturns);
        var rate = minRate is >= 0 and <= 100 ? minRate.Value : config.GetValue("Analytics:SerialReturners:MinRate", RatesApi.DefaultMinRate);
        Result = await RatesApi.SerialReturnersAsync(db, Header.Filter, returns, rate, limit, Rollups.Day(clock.GetUtcNow()), ct);
    }
}

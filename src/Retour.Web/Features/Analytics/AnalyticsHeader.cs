using Microsoft.EntityFrameworkCore;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>The values the filter's fields can take, offered as suggestions (read from the monthly overview rollups).</summary>
/// <param name="Channels">Sales channels.</param>
/// <param name="Countries">Countries.</param>
/// <param name="Categories">Categories.</param>
/// <param name="Reasons">Return reasons.</param>
/// <param name="Currencies">Currencies.</param>
public sealed record FilterOptions(IReadOnlyList<string> Channels, IReadOnlyList<string> Countries, IReadOnlyList<string> Categories, IReadOnlyList<string> Reasons, IReadOnlyList<string> Currencies)
{
    /// <summary>No suggestions.</summary>
    public static readonly FilterOptions None = new([], [], [], [], []);

    /// <summary>Every value seen in the monthly overview rows (a few thousand rows whatever the volume).</summary>
    public static async Task<FilterOptions> ReadAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<RateCell>().AsNoTracking()
            .Where(c => c.Cube == RateCube.Overview && c.Grain == CellGrain.Month)
            .Select(c => new { c.Channel, c.Country, c.Category, c.Reason, c.Currency })
            .Distinct()
            .ToListAsync(ct);
        static List<string> Values(IEnumerable<string> values) => [.. values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new(Values(rows.Select(r => r.Channel)), Values(rows.Select(r => r.Country)), Values(rows.Select(r => r.Category)), Values(rows.Select(r => r.Reason)), Values(rows.Select(r => r.Currency)));
    }
}

/// <summary>What the analytics pages' shared header (<c>_AnalyticsHeader.cshtml</c>) shows: the tab in view, the filter and its errors.</summary>
/// <param name="Current">The path of the page in view, e.g. <c>/backoffice/analytics</c>.</param>
/// <param name="Filter">The filter in force.</param>
/// <param name="Errors">Why the filter given was refused (the default filter is shown then).</param>
public sealed record AnalyticsHeader(string Current, AnalyticsFilter Filter, IReadOnlyList<string> Errors)
{
    /// <summary>Suggestions for the filter's fields.</summary>
    public FilterOptions Options { get; init; } = FilterOptions.None;

    /// <summary>The day the page is shown on (UTC), the last day of every preset period.</summary>
    public DateOnly Today { get; init; }

    /// <summary>
    /// One-click periods (<see cref="CustomerWindows.Presets"/>), with the filter's other fields kept: name, query
    /// string, and whether it is the period in force. The customer windows keep each of them (decisions 0028 and
    /// 0031), so the customer questions over them read the windows.
    /// </summary>
    public IReadOnlyList<(string Name, string Query, bool Current)> Presets =>
        [.. CustomerWindows.Presets(Today).Select(p => (p.Name, (Filter with { From = p.From, To = p.To }).ToQuery(), p.From == Filter.From && p.To == Filter.To))];

    /// <summary>The tabs, in order: path and name.</summary>
    public static readonly IReadOnlyList<(string Path, string Name)> Tabs =
    [
        ("/backoffice/analytics", "Return rates"),
        ("/backoffice/analytics/products", "Products"),
        ("/backoffice/analytics/customers", "Serial returners"),
        ("/backoffice/analytics/money", "Cost, speed and retention"),
    ];

    /// <summary>Reads the filter from the request (as <see cref="For"/>) and the suggestions for its fields.</summary>
    public static async Task<AnalyticsHeader> ForAsync(HttpRequest request, string current, DateTimeOffset now, RetourDbContext db, CancellationToken ct) =>
        For(request, current, now) with { Options = await FilterOptions.ReadAsync(db, ct) };

    /// <summary>Reads the filter from the request; a refused one falls back to the default period, with the errors to show.</summary>
    public static AnalyticsHeader For(HttpRequest request, string current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (filter, errors) = AnalyticsFilter.Parse(request.Query, now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return filter is not null
            ? new(current, filter, []) { Today = today }
            : new(current, AnalyticsFilter.Parse(new QueryCollection(), now).Filter!, [.. errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]) { Today = today };
    }
}

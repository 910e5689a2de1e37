namespace Retour.Web.Features.Analytics;

/// <summary>What the analytics pages' shared header (<c>_AnalyticsHeader.cshtml</c>) shows: the tab in view, the filter and its errors.</summary>
/// <param name="Current">The path of the page in view, e.g. <c>/backoffice/analytics</c>.</param>
/// <param name="Filter">The filter in force.</param>
/// <param name="Errors">Why the filter given was refused (the default filter is shown then).</param>
public sealed record AnalyticsHeader(string Current, AnalyticsFilter Filter, IReadOnlyList<string> Errors)
{
    /// <summary>The tabs, in order: path and name.</summary>
    public static readonly IReadOnlyList<(string Path, string Name)> Tabs =
    [
        ("/backoffice/analytics", "Return rates"),
        ("/backoffice/analytics/products", "Products"),
        ("/backoffice/analytics/customers", "Serial returners"),
        ("/backoffice/analytics/money", "Cost, speed and retention"),
    ];

    /// <summary>Reads the filter from the request; a refused one falls back to the default period, with the errors to show.</summary>
    public static AnalyticsHeader For(HttpRequest request, string current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (filter, errors) = AnalyticsFilter.Parse(request.Query, now);
        return filter is not null
            ? new(current, filter, [])
            : new(current, AnalyticsFilter.Parse(new QueryCollection(), now).Filter!, [.. errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]);
    }
}

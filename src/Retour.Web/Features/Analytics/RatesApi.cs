using System.Globalization;
using System.Numerics;
using System.Text;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>One customer who returns much more than the others, with the history the threshold was measured on.</summary>
/// <param name="Customer">Email address.</param>
/// <param name="Returns">Distinct returns in the period.</param>
/// <param name="UnitsSold">Units bought in the period.</param>
/// <param name="UnitsReturned">Units returned in the period.</param>
/// <param name="UnitRate">Units returned / units bought; null when nothing was bought in the period.</param>
/// <param name="Values">Value bought and returned per currency.</param>
/// <param name="Months">Units bought and returned per month of the period.</param>
public sealed record SerialReturner(string Customer, int? Returns, int UnitsSold, int UnitsReturned, decimal? UnitRate, IReadOnlyList<CurrencyValue> Values, IReadOnlyList<RateRow> Months);

/// <summary>The answer of <c>GET /api/v1/analytics/serial-returners</c>.</summary>
/// <param name="MinReturns">Threshold on the number of returns applied.</param>
/// <param name="MinRate">Threshold on the unit return rate applied.</param>
/// <param name="Customers">The customers at or above both thresholds, most returns first, at most <c>limit</c> of them.</param>
/// <param name="CustomersLeftOut">Customers at or above both thresholds beyond the limit, not listed.</param>
public sealed record SerialReturnersResponse(int MinReturns, decimal MinRate, IReadOnlyList<SerialReturner> Customers, int CustomersLeftOut = 0);

/// <summary>
/// The return-rate routes under <c>/api/v1/analytics</c> (API scope <c>analytics:read</c>, roles Admin and Manager).
/// Every route takes the shared filter (<see cref="AnalyticsFilter"/>) and <c>format=csv</c> for a spreadsheet.
/// </summary>
public static class RatesApi
{
    /// <summary>Default of <c>minReturns</c> (setting <c>Analytics:SerialReturners:MinReturns</c>).</summary>
    public const int DefaultMinReturns = 3;

    /// <summary>Default of <c>minRate</c> (setting <c>Analytics:SerialReturners:MinRate</c>).</summary>
    public const decimal DefaultMinRate = 0.5m;

    /// <summary>Rows listed by default when grouping by customer (there may be millions); other groupings list every group unless <c>limit</c> is given.</summary>
    public const int DefaultCustomerRows = 1_000;

    /// <summary>Serial returners listed by default (the most returns first).</summary>
    public const int DefaultSerialReturners = 500;

    /// <summary>Most rows one answer lists.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapRatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/analytics").WithTags("Analytics").RequireAuthorization(StaffPolicies.Api(StaffPolicies.ViewAnalytics));

        group.MapGet("/return-rates", async (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var (filter, errors) = AnalyticsFilter.Parse(http.Request.Query, clock.GetUtcNow());
                var by = Grouping(http.Request.Query["by"], errors);
                var limit = Number(http.Request.Query["limit"], by == RateGrouping.Customer ? DefaultCustomerRows : MaxRows, 1, MaxRows, "limit", errors);
                if (filter is null || by is null || !errors.IsEmpty)
                {
                    return errors.ToProblem();
                }

                var rates = (await RatesQuery.RunAsync(db, filter, by.Value, limit, Rollups.Day(clock.GetUtcNow()), ct)).Limit(limit);
                return IsCsv(http) ? Csv($"return-rates-{Name(by.Value)}", RatesCsv(rates)) : Results.Ok(rates);
            })
            .WithName("GetReturnRates")
            .WithSummary("Return rate in units and in value per currency, grouped by=sku|product|category|reason|channel|country|customer|month (default sku), "
                + "with the filter from, to (yyyy-MM-dd or yyyy-MM), channel, country, category, reason, currency; limit (1–100000) lists the first groups only "
                + "(default: all, by customer 1000 — then the customers who returned most, customers who returned nothing are not listed; rowsLeftOut counts the others); format=csv for a spreadsheet. Definitions: docs/analytics.md")
            .Produces<RatesResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        group.MapGet("/defect-rates", async (HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var (filter, errors) = AnalyticsFilter.Parse(http.Request.Query, clock.GetUtcNow());
                var by = http.Request.Query["by"].ToString();
                errors.Check(by is "" or "product" or "productLine", "by", "One of product, productLine.");
                if (filter is null || !errors.IsEmpty)
                {
                    return errors.ToProblem();
                }

                var rates = await RatesDefects.RunAsync(db, filter, by == "productLine", ct);
                if (!IsCsv(http))
                {
                    return Results.Ok(rates);
                }

                var csv = new StringBuilder("key,units_sold,units_inspected,defective_units,defect_rate\n");
                foreach (var r in rates.Rows)
                {
                    Line(csv, r.Key, Invariant(r.UnitsSold), Invariant(r.UnitsInspected), Invariant(r.DefectiveUnits), Invariant(r.DefectRate));
                }

                return Csv($"defect-rates-{rates.By}", csv.ToString());
            })
            .WithName("GetDefectRates")
            .WithSummary("Defect rate per product (by=product, default) or product line (by=productLine: the category): returned units graded at inspection with a manufacturing defect / units sold, "
                + "with the analytics filter; format=csv for a spreadsheet. Definitions: docs/analytics.md")
            .Produces<DefectRatesResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();

        group.MapGet("/serial-returners", async (HttpContext http, RetourDbContext db, TimeProvider clock, IConfiguration config, CancellationToken ct) =>
            {
                var (filter, errors) = AnalyticsFilter.Parse(http.Request.Query, clock.GetUtcNow());
                var minReturns = Number(http.Request.Query["minReturns"], config.GetValue("Analytics:SerialReturners:MinReturns", DefaultMinReturns), 1, 10_000, "minReturns", errors);
                var minRate = Number(http.Request.Query["minRate"], config.GetValue("Analytics:SerialReturners:MinRate", DefaultMinRate), 0m, 100m, "minRate", errors);
                var limit = Number(http.Request.Query["limit"], DefaultSerialReturners, 1, MaxRows, "limit", errors);
                if (filter is null || !errors.IsEmpty)
                {
                    return errors.ToProblem();
                }

                var result = await SerialReturnersAsync(db, filter, minReturns, minRate, limit, Rollups.Day(clock.GetUtcNow()), ct);
                return IsCsv(http) ? Csv("serial-returners", SerialCsv(result)) : Results.Ok(result);
            })
            .WithName("GetSerialReturners")
            .WithSummary("Customers with at least minReturns returns (default: setting Analytics:SerialReturners:MinReturns, 3) and a unit return rate of at least minRate "
                + "(default: Analytics:SerialReturners:MinRate, 0.5) in the filtered period, with their units, values and month-by-month history; limit (default 500, at most 100000) lists "
                + "the customers with most returns first and counts the others in customersLeftOut; format=csv for a spreadsheet")
            .Produces<SerialReturnersResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>
    /// Customers at or above both thresholds in the filter's period, most returns first, with their month-by-month
    /// history: from the customer rollups, or from the source tables when the filter narrows by channel, country,
    /// category or reason (which the customer rows do not keep). Over the last 30, 90 or 365 days up to
    /// <paramref name="today"/>, or a calendar month, quarter or year, unfiltered, the customers are found in the customer
    /// windows (decisions 0028 and 0031).
    /// </summary>
    public static async Task<SerialReturnersResponse> SerialReturnersAsync(RetourDbContext db, AnalyticsFilter filter, int minReturns, decimal minRate, int limit, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        List<RateRow> chosen;
        int passing;
        Func<string, IReadOnlyList<RateRow>> months;
        if (CustomerCells.Answer(filter))
        {
            // Only customers with enough returns can pass: each one's totals from the rollups first, the exact test
            // here, and the month-by-month rows read only for the customers listed.
            await Rollups.RefreshAsync(db, ct);
            var candidates = await CustomerWindows.ForAsync(db, filter, today, ct) is { } window
                ? await CustomerWindows.SerialCandidatesAsync(db, window, minReturns, minRate, ct)
                : await CustomerCells.SerialCandidatesAsync(db, filter, minReturns, minRate, ct);
            var totals = candidates
                .Where(c => c.Customer.Length > 0 && c.Returns >= minReturns && (RatesQuery.Ratio(c.Returned, c.Sold) ?? decimal.MaxValue) >= minRate)
                .OrderByDescending(c => c.Returns).ThenByDescending(c => c.Returned).ThenBy(c => c.Customer, StringComparer.Ordinal)
                .ToList();
            passing = totals.Count;
            var sums = await CustomerCells.SumsOfAsync(db, filter, [.. totals.Take(limit).Select(c => c.Customer)], ct);
            chosen = Chosen(RatesQuery.Fold(filter, RateGrouping.Customer, sums, countReturns: true), minReturns, minRate);
            var history = sums.ToLookup(s => s.Key, StringComparer.Ordinal);
            months = key => RatesQuery.Fold(filter, RateGrouping.Month, [.. history[key]], countReturns: true).Rows;
        }
        else
        {
            chosen = Chosen(await RatesQuery.RunAsync(db, filter, RateGrouping.Customer, ct), minReturns, minRate);
            passing = chosen.Count;
            var keys = chosen.Take(limit).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            var sales = (await RatesQuery.SalesAsync(db, filter, ct)).Where(s => s.Customer is { } c && keys.Contains(c)).ToLookup(s => s.Customer!, StringComparer.Ordinal);
            var returns = (await RatesQuery.ReturnsAsync(db, filter, ct)).Where(s => s.Customer is { } c && keys.Contains(c)).ToLookup(s => s.Customer!, StringComparer.Ordinal);
            months = key => RatesQuery.Group(filter, RateGrouping.Month, [.. sales[key]], [.. returns[key]], countReturns: true).Rows;
        }

        return new SerialReturnersResponse(minReturns, minRate, [.. chosen.Take(limit).Select(r => new SerialReturner(r.Key, r.Returns, r.UnitsSold, r.UnitsReturned, r.UnitRate, r.Values, months(r.Key)))], Math.Max(0, passing - limit));
    }

    private static List<RateRow> Chosen(RatesResponse byCustomer, int minReturns, decimal minRate) =>
        [.. byCustomer.Rows
            .Where(r => r.Key != RatesQuery.None && (r.Returns ?? 0) >= minReturns && (r.UnitRate ?? decimal.MaxValue) >= minRate)
            .OrderByDescending(r => r.Returns).ThenByDescending(r => r.UnitsReturned).ThenBy(r => r.Key, StringComparer.Ordinal)];

    /// <summary>The rows as CSV: one line per group and currency (the unit columns repeat across a group's currencies).</summary>
    public static string RatesCsv(RatesResponse rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var csv = new StringBuilder("key,label,units_sold,units_returned,unit_rate,returns,currency,value_sold,value_returned,value_rate\n");
        foreach (var row in rates.Rows)
        {
            foreach (var v in row.Values.Count == 0 ? [new CurrencyValue(string.Empty, 0, 0, null)] : row.Values)
            {
                Line(csv, row.Key, row.Label, Invariant(row.UnitsSold), Invariant(row.UnitsReturned), Invariant(row.UnitRate), Invariant(row.Returns), v.Currency, Money(v.Sold, v.Currency), Money(v.Returned, v.Currency), Invariant(v.Rate));
            }
        }

        return csv.ToString();
    }

    /// <summary>Parses <c>by</c>; adds a field error when it names no grouping.</summary>
    public static RateGrouping? Grouping(string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return RateGrouping.Sku;
        }

        if (Enum.TryParse<RateGrouping>(text.Trim(), ignoreCase: true, out var by) && Enum.IsDefined(by) && !text.Trim().All(char.IsAsciiDigit))
        {
            return by;
        }

        errors.Check(false, "by", "One of sku, product, category, reason, channel, country, customer, month.");
        return null;
    }

    /// <summary>The grouping's name as written in the query.</summary>
    public static string Name(RateGrouping by) => by.ToString().ToLowerInvariant();

    /// <summary>Serial returners as CSV: one line per customer and currency.</summary>
    public static string SerialCsv(SerialReturnersResponse result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("customer,returns,units_sold,units_returned,unit_rate,currency,value_sold,value_returned,value_rate\n");
        foreach (var c in result.Customers)
        {
            foreach (var v in c.Values)
            {
                Line(csv, c.Customer, Invariant(c.Returns), Invariant(c.UnitsSold), Invariant(c.UnitsReturned), Invariant(c.UnitRate), v.Currency, Money(v.Sold, v.Currency), Money(v.Returned, v.Currency), Invariant(v.Rate));
            }
        }

        return csv.ToString();
    }

    private static bool IsCsv(HttpContext http) => string.Equals(http.Request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase);

    private static IResult Csv(string name, string text) =>
        Results.File(Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", $"{name}.csv");

    private static void Line(StringBuilder csv, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];

            // RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet does not run it.
            if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                field = "'" + field;
            }

            csv.Append(field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        csv.Append('\n');
    }

    private static string Invariant(decimal? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Money(decimal value, string currency) =>
        currency.Length == 0 ? string.Empty : value.ToString("F" + Domain.Money.Currency.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static T Number<T>(string? text, T fallback, T min, T max, string field, FieldErrors errors)
        where T : struct, INumber<T>
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var ok = T.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max;
        errors.Check(ok, field, $"A number from {min} to {max}.");
        return ok ? value : fallback;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>What return rates can be grouped by (<c>by=</c> in the API).</summary>
public enum RateGrouping
{
    /// <summary>The stock-keeping unit sold and returned.</summary>
    Sku,

    /// <summary>The product: every SKU sold under the same title (see docs/analytics.md).</summary>
    Product,

    /// <summary>The order line's product category.</summary>
    Category,

    /// <summary>The reason code given for the return (sales are not split by reason: every row's denominator is all units sold).</summary>
    Reason,

    /// <summary>The order's sales channel.</summary>
    Channel,

    /// <summary>The country the order was shipped to.</summary>
    Country,

    /// <summary>The customer, by email address.</summary>
    Customer,

    /// <summary>The calendar month (UTC) of the order date for sales and of the return date for returns.</summary>
    Month,
}

/// <summary>Amounts of one currency in a rate row: value sold, value returned and their ratio.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Sold">Amount paid for the units sold.</param>
/// <param name="Returned">Amount paid for the units returned.</param>
/// <param name="Rate">Returned / sold; null when nothing was sold.</param>
public sealed record CurrencyValue(string Currency, decimal Sold, decimal Returned, decimal? Rate);

/// <summary>One group's return rate.</summary>
/// <param name="Key">The group (a SKU, a month as <c>yyyy-MM</c>, a country code…); <c>(none)</c> when the fact has no value for it.</param>
/// <param name="Label">A readable name where there is one (the product title for a SKU), else the key.</param>
/// <param name="UnitsSold">Units on order lines dated in the period.</param>
/// <param name="UnitsReturned">Units on counted return lines dated in the period.</param>
/// <param name="UnitRate">Units returned / units sold; null when nothing was sold.</param>
/// <param name="Returns">How many distinct returns (live and historical) the returned units came from; only by customer (the daily rollups do not keep returns apart), else null.</param>
/// <param name="Values">The value rate, one entry per currency, never added across currencies.</param>
public sealed record RateRow(string Key, string Label, int UnitsSold, int UnitsReturned, decimal? UnitRate, int? Returns, IReadOnlyList<CurrencyValue> Values);

/// <summary>The answer of <c>GET /api/v1/analytics/return-rates</c>: the totals of the filter and one row per group.</summary>
/// <param name="By">The grouping.</param>
/// <param name="From">First day of the period.</param>
/// <param name="To">Last day of the period.</param>
/// <param name="Total">Every group together.</param>
/// <param name="Rows">The groups, most units returned first (months in order), at most <c>limit</c> of them.</param>
/// <param name="RowsLeftOut">Groups beyond the limit, not listed (the total still counts them).</param>
public sealed record RatesResponse(RateGrouping By, DateOnly From, DateOnly To, RateRow Total, IReadOnlyList<RateRow> Rows, int RowsLeftOut = 0)
{
    /// <summary>The first <paramref name="limit"/> rows; the others counted in <see cref="RowsLeftOut"/>.</summary>
    public RatesResponse Limit(int limit) => Rows.Count <= limit ? this : this with { Rows = [.. Rows.Take(limit)], RowsLeftOut = RowsLeftOut + Rows.Count - limit };
}

/// <summary>One unit movement the measures are made of: units sold on an order line, or units returned on a return line.</summary>
/// <param name="Day">Order date (sales) or return date (returns), UTC.</param>
/// <param name="Sku">SKU.</param>
/// <param name="Title">Product title.</param>
/// <param name="Category">Product category, when known.</param>
/// <param name="Channel">Sales channel of the order, when known.</param>
/// <param name="Country">Country shipped to (sales) or returned from (receipt-less historical returns).</param>
/// <param name="Currency">Currency of the amount.</param>
/// <param name="Customer">Customer email, when known.</param>
/// <param name="Reason">Return reason code (returns only, when given).</param>
/// <param name="ReturnId">The return the units came back in (returns only).</param>
/// <param name="Units">Units.</param>
/// <param name="Value">Amount paid for those units.</param>
public sealed record UnitFact(DateOnly Day, string Sku, string Title, string? Category, string? Channel, string? Country, string Currency, string? Customer, string? Reason, Guid? ReturnId, int Units, decimal Value);

/// <summary>
/// Return rates as defined in <c>docs/analytics.md</c>: units (and value) returned over units (and value) sold, per
/// group, from the orders, the returns handled in Retour and the imported historical returns.
/// </summary>
public static class RatesQuery
{
    /// <summary>The key of a fact with no value for the grouping.</summary>
    public const string None = "(none)";

    /// <summary>Returns in these states were never sent back (refused, withdrawn, or lapsed) and do not count as returned units.</summary>
    public static readonly IReadOnlyList<ReturnStatus> NotCounted = [ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired];

    /// <summary>Units sold in the filter's period (by order date), filtered by channel, country, category and currency.</summary>
    public static async Task<List<UnitFact>> SalesAsync(RetourDbContext db, AnalyticsFilter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var query =
            from l in db.Set<OrderLine>().AsNoTracking()
            join o in db.Orders.AsNoTracking() on EF.Property<Guid>(l, "OrderId") equals o.Id
            where o.PlacedAt >= f.Start && o.PlacedAt < f.End
            select new { o.PlacedAt, l.Sku, l.Title, l.Category, o.Channel, o.ShipTo.Country, o.CurrencyCode, o.Customer.Email, l.Quantity, l.UnitPricePaid };
        if (f.Channel is { } channel)
        {
            query = query.Where(x => x.Channel == channel);
        }

        if (f.Country is { } country)
        {
            query = query.Where(x => x.Country == country);
        }

        if (f.Category is { } category)
        {
            query = query.Where(x => x.Category == category);
        }

        if (f.Currency is { } currency)
        {
            query = query.Where(x => x.CurrencyCode == currency);
        }

        var rows = await query.ToListAsync(ct);
        return rows.ConvertAll(x => new UnitFact(Day(x.PlacedAt), x.Sku, x.Title, x.Category, x.Channel, x.Country, x.CurrencyCode, Email(x.Email), null, null, x.Quantity, Currency.Round(x.Quantity * x.UnitPricePaid, x.CurrencyCode)));
    }

    /// <summary>
    /// Units returned in the filter's period (by return date): lines of returns handled in Retour that were not
    /// rejected, cancelled or expired, and lines of imported historical returns (receipt-less ones included).
    /// </summary>
    public static async Task<List<UnitFact>> ReturnsAsync(RetourDbContext db, AnalyticsFilter f, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var notCounted = NotCounted.ToArray();
        var live =
            from rl in db.Set<ReturnLine>().AsNoTracking()
            join r in db.Returns.AsNoTracking() on EF.Property<Guid>(rl, "ReturnCaseId") equals r.Id
            join l in db.Set<OrderLine>().AsNoTracking() on rl.OrderLineId equals l.Id
            join o in db.Orders.AsNoTracking() on r.OrderId equals o.Id
            where r.RequestedAt >= f.Start && r.RequestedAt < f.End && !notCounted.Contains(r.Status)
            select new
            {
                r.Id,
                r.RequestedAt,
                r.Status,
                rl.Sku,
                rl.Title,
                l.Category,
                o.Channel,
                o.ShipTo.Country,
                o.CurrencyCode,
                o.Customer.Email,
                rl.ReasonCode,
                rl.Quantity,
                rl.ApprovedQuantity,
                l.UnitPricePaid,
            };
        var historical =
            from hl in db.Set<HistoricalReturnLine>().AsNoTracking()
            join h in db.Set<HistoricalReturn>().AsNoTracking() on EF.Property<Guid>(hl, "HistoricalReturnId") equals h.Id
            join l in db.Set<OrderLine>().AsNoTracking() on hl.OrderLineId equals l.Id into matched
            from l in matched.DefaultIfEmpty()
            join o in db.Orders.AsNoTracking() on hl.OrderId equals o.Id into orders
            from o in orders.DefaultIfEmpty()
            where h.ReturnedAt >= f.Start && h.ReturnedAt < f.End
            select new
            {
                h.Id,
                h.ReturnedAt,
                hl.Sku,
                hl.Title,
                Category = l == null ? null : l.Category,
                Channel = o == null ? null : o.Channel,
                h.Country,
                h.CurrencyCode,
                h.CustomerEmail,
                hl.Quantity,
                hl.UnitPrice,
            };
        if (f.Channel is { } channel)
        {
            live = live.Where(x => x.Channel == channel);
            historical = historical.Where(x => x.Channel == channel);
        }

        if (f.Country is { } country)
        {
            live = live.Where(x => x.Country == country);
            historical = historical.Where(x => x.Country == country);
        }

        if (f.Category is { } category)
        {
            live = live.Where(x => x.Category == category);
            historical = historical.Where(x => x.Category == category);
        }

        if (f.Currency is { } currency)
        {
            live = live.Where(x => x.CurrencyCode == currency);
            historical = historical.Where(x => x.CurrencyCode == currency);
        }

        var facts = new List<UnitFact>();
        if (f.Reason is { } reason)
        {
            live = live.Where(x => x.ReasonCode == reason);
        }
        else
        {
            // Historical returns carry no reason code: they count only when no reason is asked for.
            foreach (var x in await historical.ToListAsync(ct))
            {
                facts.Add(new UnitFact(Day(x.ReturnedAt), x.Sku, x.Title, x.Category, x.Channel, x.Country, x.CurrencyCode, Email(x.CustomerEmail), null, x.Id, x.Quantity, Currency.Round(x.Quantity * x.UnitPrice, x.CurrencyCode)));
            }
        }

        foreach (var x in await live.ToListAsync(ct))
        {
            // Before the decision the units asked for count; once decided, the units approved.
            var units = x.Status is ReturnStatus.Requested or ReturnStatus.InReview ? x.Quantity : x.ApprovedQuantity;
            if (units > 0)
            {
                facts.Add(new UnitFact(Day(x.RequestedAt), x.Sku, x.Title, x.Category, x.Channel, x.Country, x.CurrencyCode, Email(x.Email), x.ReasonCode, x.Id, units, Currency.Round(units * x.UnitPricePaid, x.CurrencyCode)));
            }
        }

        return facts;
    }

    /// <summary>
    /// The rates of a grouping from the rollups (brought up to date first): the smallest cube that knows the grouping
    /// and the filter, month rows for the whole months of the period and day rows for the days around them, added up
    /// in SQL. By customer with a channel, country, category or reason filter (which the customer rows do not keep),
    /// from the source tables of the period.
    /// </summary>
    public static Task<RatesResponse> RunAsync(RetourDbContext db, AnalyticsFilter f, RateGrouping by, CancellationToken ct) => RunAsync(db, f, by, null, null, ct);

    /// <summary>
    /// As <see cref="RunAsync(RetourDbContext, AnalyticsFilter, RateGrouping, CancellationToken)"/>; by customer from
    /// the customer rows, at most <paramref name="limit"/> customers: those who returned most units (then by email),
    /// read through the index on rows with returns, the others counted in <see cref="RatesResponse.RowsLeftOut"/>; over
    /// the last 30, 90 or 365 days up to <paramref name="today"/>, or a calendar month, quarter or year, unfiltered, from
    /// the customer windows (decisions 0028 and 0031).
    /// </summary>
    public static async Task<RatesResponse> RunAsync(RetourDbContext db, AnalyticsFilter f, RateGrouping by, int? limit, DateOnly? today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        await Rollups.RefreshAsync(db, ct);
        if (by != RateGrouping.Customer)
        {
            return Fold(f, by, await RateCells.SumsAsync(db, f, by, ct), countReturns: false);
        }

        if (!CustomerCells.Answer(f))
        {
            return Group(f, by, await SalesAsync(db, f, ct), await ReturnsAsync(db, f, ct), countReturns: true);
        }

        if (limit is { } n)
        {
            // Enough customers returned something to fill the page: list them, and take the totals from the overview
            // rows, and the returners and returns from the window's state row or the customer rows.
            var window = today is { } day ? await CustomerWindows.ForAsync(db, f, day, ct) : null;
            var (top, totals) = window is { } key ? await CustomerWindows.TopReturnersAsync(db, key, n, ct) : await CustomerCells.TopReturnersAsync(db, f, n, ct);
            if (totals is { } t)
            {
                var total = Fold(f, RateGrouping.Month, await RateCells.SumsAsync(db, f, RateGrouping.Month, ct), countReturns: false).Total
                    with { Returns = (int)t.Returns };
                var listed = Fold(f, by, await CustomerCells.SumsOfAsync(db, f, top, ct), countReturns: true);
                return listed with { Total = total, RowsLeftOut = t.Returners - n };
            }
        }

        return Fold(f, by, await CustomerCells.SumsAsync(db, f, ct), countReturns: true);
    }

    /// <summary>Turns the sums of the rollup rows (one per group, period and currency) into rate rows, as <see cref="Group"/> does with facts.</summary>
    public static RatesResponse Fold(AnalyticsFilter f, RateGrouping by, IReadOnlyList<CellSum> sums, bool countReturns)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(sums);
        var kept = sums.Where(s => s.SoldUnits != 0 || s.SoldValue != 0 || s.ReturnedUnits != 0 || s.ReturnedValue != 0).ToList();
        var total = Row("total", "All", kept, kept, countReturns);
        var rows = new List<RateRow>();
        foreach (var g in kept.GroupBy(s => by == RateGrouping.Month ? s.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture) : s.Key.Length == 0 ? None : s.Key, StringComparer.Ordinal))
        {
            if (by == RateGrouping.Reason)
            {
                // Sales have no reason: every reason is measured against all units sold.
                var returned = g.Where(s => s.ReturnedUnits != 0 || s.ReturnedValue != 0).ToList();
                if (returned.Count > 0)
                {
                    rows.Add(Row(g.Key, g.Key, kept, returned, countReturns));
                }
            }
            else
            {
                var label = by is RateGrouping.Sku ? g.Select(s => s.Label).Max(StringComparer.Ordinal) ?? g.Key : g.Key;
                rows.Add(Row(g.Key, label, [.. g], [.. g], countReturns));
            }
        }

        return new RatesResponse(by, f.From, f.To, total, Order(by, rows));
    }

    /// <summary>Groups sales and returns into rate rows, most units returned first; <paramref name="countReturns"/> when the facts come from the source tables (they know their return).</summary>
    public static RatesResponse Group(AnalyticsFilter f, RateGrouping by, IReadOnlyList<UnitFact> sales, IReadOnlyList<UnitFact> returns, bool countReturns = false)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(sales);
        ArgumentNullException.ThrowIfNull(returns);
        var total = Row("total", "All", sales, returns, countReturns);
        var rows = new List<RateRow>();
        if (by == RateGrouping.Reason)
        {
            // Sales have no reason: every reason is measured against all units sold.
            foreach (var g in returns.GroupBy(r => r.Reason ?? None, StringComparer.Ordinal))
            {
                rows.Add(Row(g.Key, g.Key, sales, [.. g], countReturns));
            }
        }
        else
        {
            var sold = sales.ToLookup(s => Key(by, s), StringComparer.Ordinal);
            var back = returns.ToLookup(r => Key(by, r), StringComparer.Ordinal);
            foreach (var key in sold.Select(g => g.Key).Union(back.Select(g => g.Key), StringComparer.Ordinal))
            {
                var label = by == RateGrouping.Sku ? (sold[key].Select(s => s.Title).FirstOrDefault() ?? back[key].Select(s => s.Title).FirstOrDefault() ?? key) : key;
                rows.Add(Row(key, label, [.. sold[key]], [.. back[key]], countReturns));
            }
        }

        return new RatesResponse(by, f.From, f.To, total, Order(by, rows));
    }

    /// <summary>The group key of a fact.</summary>
    public static string Key(RateGrouping by, UnitFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return by switch
        {
            RateGrouping.Sku => fact.Sku,
            RateGrouping.Product => fact.Title,
            RateGrouping.Category => fact.Category ?? None,
            RateGrouping.Reason => fact.Reason ?? None,
            RateGrouping.Channel => fact.Channel ?? None,
            RateGrouping.Country => fact.Country ?? None,
            RateGrouping.Customer => fact.Customer ?? None,
            _ => fact.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A ratio, rounded to six decimals; null when the denominator is zero.</summary>
    public static decimal? Ratio(decimal part, decimal whole) => whole == 0 ? null : Math.Round(part / whole, 6, MidpointRounding.ToEven);

    private static RateRow Row(string key, string label, IReadOnlyList<UnitFact> sold, IReadOnlyList<UnitFact> returned, bool countReturns)
    {
        var unitsSold = sold.Sum(s => s.Units);
        var unitsReturned = returned.Sum(r => r.Units);
        var currencies = sold.Select(s => s.Currency).Union(returned.Select(r => r.Currency), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var values = currencies.Select(c =>
        {
            var s = sold.Where(x => x.Currency == c).Sum(x => x.Value);
            var r = returned.Where(x => x.Currency == c).Sum(x => x.Value);
            return new CurrencyValue(c, s, r, Ratio(r, s));
        }).ToList();
        int? returns = countReturns ? returned.Select(r => r.ReturnId).Distinct().Count() : null;
        return new RateRow(key, label, unitsSold, unitsReturned, Ratio(unitsReturned, unitsSold), returns, values);
    }

    private static List<RateRow> Order(RateGrouping by, List<RateRow> rows) => by switch
    {
        RateGrouping.Month => [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal)],

        // Customers by units returned, then email: the order the database can give for the top returners alone.
        RateGrouping.Customer => [.. rows.OrderByDescending(r => r.UnitsReturned).ThenBy(r => r.Key, StringComparer.Ordinal)],
        _ => [.. rows.OrderByDescending(r => r.UnitsReturned).ThenByDescending(r => r.UnitsSold).ThenBy(r => r.Key, StringComparer.Ordinal)],
    };

    private static RateRow Row(string key, string label, IReadOnlyList<CellSum> sold, IReadOnlyList<CellSum> returned, bool countReturns)
    {
        var currencies = sold.Where(s => s.SoldUnits != 0 || s.SoldValue != 0).Select(s => s.Currency)
            .Union(returned.Where(r => r.ReturnedUnits != 0 || r.ReturnedValue != 0).Select(r => r.Currency), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var values = currencies.Select(c =>
        {
            var s = ReturnFacts.Read(sold.Where(x => x.Currency == c).Sum(x => x.SoldValue));
            var r = ReturnFacts.Read(returned.Where(x => x.Currency == c).Sum(x => x.ReturnedValue));
            return new CurrencyValue(c, s, r, Ratio(r, s));
        }).ToList();
        var unitsSold = (int)sold.Sum(s => s.SoldUnits);
        var unitsReturned = (int)returned.Sum(r => r.ReturnedUnits);
        return new RateRow(key, label, unitsSold, unitsReturned, Ratio(unitsReturned, unitsSold), countReturns ? (int)returned.Sum(r => r.Returns) : null, values);
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static string? Email(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}

using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>One product's or product line's defect rate.</summary>
/// <param name="Key">The product (title) or product line (category; <c>(none)</c> without one).</param>
/// <param name="UnitsSold">Units sold in the period.</param>
/// <param name="UnitsInspected">Returned units graded at inspection (returns dated in the period).</param>
/// <param name="DefectiveUnits">Of those, units found to have a manufacturing defect.</param>
/// <param name="DefectRate">Defective units / units sold; null when nothing was sold.</param>
public sealed record DefectRow(string Key, int UnitsSold, int UnitsInspected, int DefectiveUnits, decimal? DefectRate);

/// <summary>The answer of <c>GET /api/v1/analytics/defect-rates</c>.</summary>
/// <param name="By"><c>product</c> or <c>productLine</c>.</param>
/// <param name="Total">Every group together.</param>
/// <param name="Rows">Most defective units first.</param>
public sealed record DefectRatesResponse(string By, DefectRow Total, IReadOnlyList<DefectRow> Rows);

/// <summary>
/// Defect rates (docs/analytics.md): units graded at inspection with the fault <see cref="UnitFault.Defect"/> over
/// units sold, per product or product line (the category). Only returns handled in Retour are inspected; imported
/// historical returns carry no grade and add no defect.
/// </summary>
public static class RatesDefects
{
    /// <summary>Computes the rows; <paramref name="productLine"/> groups by category instead of product.</summary>
    public static async Task<DefectRatesResponse> RunAsync(RetourDbContext db, AnalyticsFilter f, bool productLine, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(f);
        var sales = await RatesQuery.RunAsync(db, f with { Reason = null }, productLine ? RateGrouping.Category : RateGrouping.Product, ct);
        var notCounted = RatesQuery.NotCounted.ToArray();
        var query =
            from rl in db.Set<ReturnLine>().AsNoTracking()
            join r in db.Returns.AsNoTracking() on EF.Property<Guid>(rl, "ReturnCaseId") equals r.Id
            join l in db.Set<OrderLine>().AsNoTracking() on rl.OrderLineId equals l.Id
            join o in db.Orders.AsNoTracking() on r.OrderId equals o.Id
            where r.RequestedAt >= f.Start && r.RequestedAt < f.End && !notCounted.Contains(r.Status)
            select new { rl.Title, l.Category, o.Channel, o.ShipTo.Country, o.CurrencyCode, rl.ReasonCode, rl.Units };
        query = f.Channel is { } channel ? query.Where(x => x.Channel == channel) : query;
        query = f.Country is { } country ? query.Where(x => x.Country == country) : query;
        query = f.Category is { } category ? query.Where(x => x.Category == category) : query;
        query = f.Currency is { } currency ? query.Where(x => x.CurrencyCode == currency) : query;
        query = f.Reason is { } reason ? query.Where(x => x.ReasonCode == reason) : query;
        var inspected = (await query.ToListAsync(ct)).ConvertAll(x => (Key: productLine ? x.Category ?? RatesQuery.None : x.Title, Inspected: x.Units.Count, Defective: x.Units.Count(u => u.Fault == UnitFault.Defect)));
        var sold = sales.Rows.Where(r => r.UnitsSold > 0).ToDictionary(r => r.Key, r => r.UnitsSold, StringComparer.Ordinal);
        var graded = inspected.GroupBy(x => x.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (g.Sum(x => x.Inspected), g.Sum(x => x.Defective)), StringComparer.Ordinal);
        var rows = sold.Keys.Union(graded.Keys, StringComparer.Ordinal)
            .Select(k => Row(k, sold.GetValueOrDefault(k), graded.GetValueOrDefault(k)))
            .OrderByDescending(r => r.DefectiveUnits).ThenByDescending(r => r.UnitsInspected).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        var total = Row("total", sold.Values.Sum(), (graded.Values.Sum(g => g.Item1), graded.Values.Sum(g => g.Item2)));
        return new DefectRatesResponse(productLine ? "productLine" : "product", total, rows);
    }

    private static DefectRow Row(string key, int sold, (int Inspected, int Defective) graded) =>
        new(key, sold, graded.Inspected, graded.Defective, RatesQuery.Ratio(graded.Defective, sold));
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Analytics;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Analytics;

/// <summary>One returned line of a product, for the drill-down.</summary>
/// <param name="Reference">Return number, or the credit note of a historical return.</param>
/// <param name="Link">Where the return is shown; null for a historical return.</param>
/// <param name="Day">Return date.</param>
/// <param name="Sku">SKU.</param>
/// <param name="Reason">Reason code, when given.</param>
/// <param name="Units">Units.</param>
/// <param name="Status">State of the return.</param>
public sealed record ProductReturn(string Reference, string? Link, DateOnly Day, string Sku, string? Reason, int Units, string Status);

/// <summary>The products returned most, with their top reasons, and one product's returns when <c>product=</c> is given.</summary>
public sealed class ProductsModel(RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>Products listed.</summary>
    public const int Top = 25;

    /// <summary>Reasons listed per product.</summary>
    public const int TopReasons = 3;

    /// <summary>Returns listed in the drill-down.</summary>
    public const int MaxReturns = 200;

    /// <summary>The shared header.</summary>
    public AnalyticsHeader Header { get; private set; } = null!;

    /// <summary>The products returned most.</summary>
    public IReadOnlyList<RateRow> Products { get; private set; } = [];

    /// <summary>Each listed product's top reasons: reason and units.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Reason, int Units)>> Reasons { get; private set; } = new Dictionary<string, IReadOnlyList<(string, int)>>();

    /// <summary>The product drilled into, if any.</summary>
    public string? Product { get; private set; }

    /// <summary>Its returns in the period, latest first.</summary>
    public IReadOnlyList<ProductReturn> Returns { get; private set; } = [];

    /// <summary>Reads the rollups, and the drilled-into product's returns from the source tables.</summary>
    public async Task OnGetAsync(string? product, CancellationToken ct)
    {
        Header = await AnalyticsHeader.ForAsync(Request, "/backoffice/analytics/products", clock.GetUtcNow(), db, ct);
        var f = Header.Filter;
        Products = [.. (await RatesQuery.RunAsync(db, f, RateGrouping.Product, ct)).Rows.Where(r => r.UnitsReturned > 0).Take(Top)];
        var reasons = await RateCells.ReasonsAsync(db, f, [.. Products.Select(p => p.Key)], ct);
        Reasons = reasons.GroupBy(r => r.Product, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<(string, int)>)[.. g.GroupBy(r => r.Reason.Length == 0 ? RatesQuery.None : r.Reason, StringComparer.Ordinal).Select(r => (r.Key, (int)r.Sum(x => x.Units))).OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal).Take(TopReasons)],
            StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(product))
        {
            Product = product.Trim();
            Returns = await ReturnsOfAsync(Product, f, ct);
        }
    }

    /// <summary>The query string of the drill-down into a product.</summary>
    public string DrillDown(string product) => $"{Header.Filter.ToQuery()}&product={Uri.EscapeDataString(product)}";

    private async Task<List<ProductReturn>> ReturnsOfAsync(string product, AnalyticsFilter f, CancellationToken ct)
    {
        var notCounted = RatesQuery.NotCounted.ToArray();
        var live = await (
            from rl in db.Set<ReturnLine>().AsNoTracking()
            join r in db.Returns.AsNoTracking() on EF.Property<Guid>(rl, "ReturnCaseId") equals r.Id
            where rl.Title == product && r.RequestedAt >= f.Start && r.RequestedAt < f.End && !notCounted.Contains(r.Status)
            orderby r.RequestedAt descending
            select new { r.Number, r.RequestedAt, r.Status, rl.Sku, rl.ReasonCode, rl.Quantity, rl.ApprovedQuantity }).Take(MaxReturns).ToListAsync(ct);
        var historical = await (
            from hl in db.Set<HistoricalReturnLine>().AsNoTracking()
            join h in db.Set<HistoricalReturn>().AsNoTracking() on EF.Property<Guid>(hl, "HistoricalReturnId") equals h.Id
            where hl.Title == product && h.ReturnedAt >= f.Start && h.ReturnedAt < f.End
            orderby h.ReturnedAt descending
            select new { h.ShopReturnId, h.ReturnedAt, h.Status, hl.Sku, hl.Quantity }).Take(MaxReturns).ToListAsync(ct);
        return [.. live.Select(x => new ProductReturn(x.Number, $"/backoffice/returns/{x.Number}", Rollups.Day(x.RequestedAt), x.Sku, x.ReasonCode, x.Status is ReturnStatus.Requested or ReturnStatus.InReview ? x.Quantity : x.ApprovedQuantity, x.Status.ToString()))
            .Concat(historical.Select(x => new ProductReturn(x.ShopReturnId, null, Rollups.Day(x.ReturnedAt), x.Sku, null, x.Quantity, $"{x.Status} (imported)")))
            .OrderByDescending(x => x.Day).Take(MaxReturns)];
    }
}

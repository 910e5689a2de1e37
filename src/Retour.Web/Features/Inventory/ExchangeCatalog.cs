using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Domain.Orders;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Inventory;

/// <summary>What each line of an order can be exchanged for today (<see cref="Exchanges"/>), read in one query.</summary>
public static class ExchangeCatalog
{
    /// <summary>The exchange options of every line of <paramref name="order"/>, by order line id.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<ExchangeOption>>> OptionsAsync(RetourDbContext db, Order order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        var currency = order.CurrencyCode;
        var skus = order.Lines.Select(l => l.Sku).Distinct().ToList();
        var products = await db.CatalogVariants.AsNoTracking().Where(v => v.Currency == currency && skus.Contains(v.Sku)).Select(v => v.ProductCode).Distinct().ToListAsync(ct);
        var categories = order.Lines.Where(l => l.Category != null).Select(l => l.Category!).Distinct().ToList();
        var catalogue = await db.CatalogVariants.AsNoTracking()
            .Where(v => v.Currency == currency && (skus.Contains(v.Sku) || products.Contains(v.ProductCode) || (v.Category != null && categories.Contains(v.Category))))
            .ToListAsync(ct);
        var totals = order.LineTotalsPaid();
        var options = new Dictionary<Guid, IReadOnlyList<ExchangeOption>>();
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            options[line.Id] = line.Quantity == 0 ? [] : Retour.Domain.Inventory.Exchanges.For(line, totals[i] / line.Quantity, currency, catalogue);
        }

        return options;
    }
}

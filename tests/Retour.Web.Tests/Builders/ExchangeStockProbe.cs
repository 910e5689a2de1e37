using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Builders;

/// <summary>Catalogue variants as tests send them, and what is held of a SKU for exchanges.</summary>
public static class ExchangeStockProbe
{
    /// <summary>A variant of <paramref name="productCode"/> in EUR, as <c>PUT /api/v1/catalog/variants</c> takes it.</summary>
    public static object Variant(string sku, string productCode, string category, decimal price, int available) =>
        new { sku, productCode, title = sku, attributes = new Dictionary<string, string>(), category, price, currency = "EUR", available };

    /// <summary>Units of <paramref name="sku"/> held for exchanges, and the status of its one reservation.</summary>
    public static Task<(int Held, ReservationStatus? Status)> HeldAsync(RetourApp app, string sku)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.WithScopeAsync<RetourDbContext, (int, ReservationStatus?)>(async db =>
        {
            var held = await db.CatalogVariants.AsNoTracking().Where(v => v.Sku == sku).Select(v => v.ReservedForExchanges).SingleAsync();
            var status = await db.ExchangeReservations.AsNoTracking().Where(x => x.Sku == sku).Select(x => (ReservationStatus?)x.Status).SingleOrDefaultAsync();
            return (held, status);
        });
    }
}

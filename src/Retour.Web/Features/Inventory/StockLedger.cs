using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Inventory;
using Retour.Domain.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Inventory;

/// <summary>
/// The one way units enter a location's stock. Inspection calls it for every restocked unit; a store taking a return
/// over the counter calls it the same way.
/// </summary>
public static class StockLedger
{
    /// <summary>
    /// Puts <paramref name="quantity"/> units of <paramref name="sku"/> into the stock of the site
    /// <paramref name="locationCode"/> (a <c>Shop:Locations</c> code): adds the ledger movement and the
    /// <see cref="InventoryRestocked"/> outbox message to <paramref name="db"/>'s unit of work. Nothing is written until
    /// the caller's <c>SaveChangesAsync</c>, which commits them with the caller's other changes and adds the units to
    /// the level atomically; they are available at once. Refused for an unknown site or fewer than one unit.
    /// </summary>
    public static Result Restock(RetourDbContext db, ShopOptions shop, string sku, string locationCode, int quantity, string? returnNumber, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(shop);
        if (shop.FindLocation(locationCode) is not { } site)
        {
            return Result.Fail("stock.location.unknown", $"'{locationCode}' is not one of the shop's locations ({string.Join(", ", shop.StockLocations.Select(l => l.Code))}).", "location");
        }

        var (movement, result) = StockMovement.Restock(sku, site.Code, quantity, returnNumber, actor, at);
        if (movement is null)
        {
            return result;
        }

        db.StockMovements.Add(movement);
        db.OutboxMessages.Add(OutboxMessage.Of(InventoryRestocked.Of(movement), at));
        return Result.Ok();
    }

    /// <summary>
    /// Hands <paramref name="quantity"/> units of <paramref name="sku"/> from the site <paramref name="locationCode"/>'s
    /// stock to a customer (an exchange at a store's counter): the movement joins the caller's unit of work and is taken
    /// off the level when it saves. Refused when the site has fewer available.
    /// </summary>
    public static async Task<Result> HandoverAsync(RetourDbContext db, string sku, string locationCode, int quantity, string? returnNumber, Actor actor, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var location = locationCode.Trim().ToUpperInvariant();
        var level = await db.StockLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == sku && l.LocationCode == location, ct);
        var (movement, result) = StockMovement.Handover(level, sku, location, quantity, returnNumber, actor, at);
        if (movement is not null)
        {
            db.StockMovements.Add(movement);
        }

        return result;
    }
}

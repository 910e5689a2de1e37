using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Stock;

/// <summary>The stock ledger for any staff member: levels per SKU and site, filtered, 50 a page, and one SKU's movements.</summary>
public sealed class IndexModel(RetourDbContext db, IOptions<ShopOptions> shop) : PageModel
{
    /// <summary>The SKU prefix filtered on.</summary>
    public string? Sku { get; private set; }

    /// <summary>The site filtered on.</summary>
    public string? Location { get; private set; }

    /// <summary>The SKU whose movements are shown.</summary>
    public string? Movements { get; private set; }

    /// <summary>The shop's sites.</summary>
    public IReadOnlyList<StockLocation> Locations => shop.Value.StockLocations;

    /// <summary>The levels shown.</summary>
    public StockLevelPage Levels { get; private set; } = new([], null);

    /// <summary>The movements shown.</summary>
    public StockMovementPage Ledger { get; private set; } = new([], null);

    /// <summary>The site's name, or its code when it is no longer configured.</summary>
    public string NameOf(string code) => shop.Value.FindLocation(code)?.Name ?? code;

    /// <summary>Reads one page of levels and, for <paramref name="movements"/>, one page of its ledger (unknown cursors start from the first page).</summary>
    public async Task OnGetAsync(string? sku, string? location, string? cursor, string? movements, string? movementsCursor, CancellationToken ct)
    {
        Sku = string.IsNullOrWhiteSpace(sku) ? null : sku.Trim();
        Location = shop.Value.FindLocation(location)?.Code;
        Movements = string.IsNullOrWhiteSpace(movements) ? null : movements.Trim();
        Levels = await ListStock.LevelsPageAsync(db, Sku, Location, ListStock.IsLevelCursor(cursor) ? cursor : null, ListStock.DefaultLimit, ct);
        if (Movements is not null)
        {
            Ledger = await ListStock.MovementsPageAsync(db, Movements, Location, ListStock.IsMovementCursor(movementsCursor) ? movementsCursor : null, ListStock.DefaultLimit, ct);
        }
    }

    /// <summary>This page's address with the current filters and the given changes.</summary>
    public string Link(string? cursor = null, string? movements = null, string? movementsCursor = null)
    {
        var query = new Dictionary<string, string?> { ["sku"] = Sku, ["location"] = Location, ["cursor"] = cursor, ["movements"] = movements, ["movementsCursor"] = movementsCursor }
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}");
        return "/backoffice/stock" + (query.Any() ? "?" + string.Join("&", query) : string.Empty);
    }
}

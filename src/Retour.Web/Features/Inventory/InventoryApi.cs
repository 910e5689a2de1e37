using Microsoft.EntityFrameworkCore;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Inventory;

/// <summary>Routes of the catalogue the shop keeps in step (variants, prices and stock, which exchanges come from) and of Retour's stock ledger.</summary>
public static class InventoryApi
{
    /// <summary>Maps <c>/api/v1/catalog</c> and <c>/api/v1/stock</c>.</summary>
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalogue");
        group.MapPut("/variants", async (UpdateCatalogRequest request, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = UpdateCatalog.Validate(request);
            return errors.IsEmpty
                ? (await UpdateCatalog.HandleAsync(request, db, clock, ct)).ToHttp("catalogue", "variants", saved => Results.Ok(saved.Select(CatalogVariantResponse.From).ToList()))
                : errors.ToProblem();
        })
            .WithName("UpdateCatalog")
            .WithSummary("Send variants, prices and stock levels (upsert by SKU and currency)")
            .WithDescription("Up to 1,000 variants per call, all or none. Exchanges in the portal offer other variants of the same product, or products of the same category, that are available in the order's currency, with the price difference against what the shopper paid.")
            .Produces<List<CatalogVariantResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/variants/{sku}", async (string sku, RetourDbContext db, CancellationToken ct) =>
        {
            var variants = await db.CatalogVariants.AsNoTracking().Where(v => v.Sku == sku).ToListAsync(ct);
            return variants.Count == 0 ? Problems.NotFound("variant", sku) : Results.Ok(variants.Select(CatalogVariantResponse.From).ToList());
        })
            .WithName("GetCatalogVariant")
            .WithSummary("Read a variant's price and stock in every currency")
            .Produces<List<CatalogVariantResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var stock = app.MapGroup("/api/v1/stock").WithTags("Stock");
        stock.MapGet("/", (string? sku, string? location, string? cursor, int? limit, RetourDbContext db, CancellationToken ct) =>
            ListStock.LevelsAsync(sku, location, cursor, limit, db, ct))
            .WithName("ListStock")
            .WithSummary("Stock levels per SKU and site: on hand, reserved, available")
            .WithDescription("Ordered by SKU then site. Filter by SKU prefix (sku) and site code (location). Pass nextCursor back as cursor for the next page. Restocked units count at once.")
            .Produces<StockLevelPage>()
            .ProducesValidationProblem();

        stock.MapGet("/{sku}/movements", (string sku, string? location, string? cursor, int? limit, RetourDbContext db, CancellationToken ct) =>
            ListStock.MovementsAsync(sku, location, cursor, limit, db, ct))
            .WithName("ListStockMovements")
            .WithSummary("A SKU's stock ledger, newest first")
            .WithDescription("Every movement of the SKU (kind, quantity, change to on hand and reserved, the return it came with, who and when), optionally at one site. Pass nextCursor back as cursor for the next page.")
            .Produces<StockMovementPage>()
            .ProducesValidationProblem();
        return app;
    }
}

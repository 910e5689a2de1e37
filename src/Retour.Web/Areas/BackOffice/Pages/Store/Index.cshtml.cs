using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Receiving;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Features.Store;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Store;

/// <summary>What the associate recorded for one item brought to the counter.</summary>
public sealed class CounterItem
{
    /// <summary>The order line.</summary>
    public Guid OrderLineId { get; set; }

    /// <summary>Units brought back; 0 leaves the line out.</summary>
    public int Quantity { get; set; }

    /// <summary>The policy's reason code.</summary>
    public string? ReasonCode { get; set; }

    /// <summary>The condition the associate sees.</summary>
    public ConditionGrade Grade { get; set; } = ConditionGrade.New;

    /// <summary>A fault found.</summary>
    public UnitFault Fault { get; set; }

    /// <summary>Where the unit goes; a restock enters this store's stock.</summary>
    public Disposition Disposition { get; set; } = Disposition.Restock;

    /// <summary>A variant from this store's stock handed over in exchange, if any.</summary>
    public string? ExchangeSku { get; set; }
}

/// <summary>
/// The store counter (BORIS): find an online order from what the customer has — a return number, the order number,
/// their email, or the payment's transaction id from a card slip when there is no receipt — take the items, record
/// their condition, and refund to the original payment. Restocked units enter this store's stock at once.
/// </summary>
public sealed class IndexModel(RetourDbContext db, PolicyBook book, StaffActions actions, UserManager<StaffUser> users, IOptions<ShopOptions> shop, IOptions<ReturnsOptions> returns, ReturnPhotos photos, ResolveReturn resolve, TimeProvider clock) : PageModel
{
    /// <summary>What was searched.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The order chosen.</summary>
    [BindProperty(SupportsGet = true, Name = "order")]
    public Guid? OrderId { get; set; }

    /// <summary>The store taking the items back.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Store { get; set; }

    /// <summary>The items.</summary>
    [BindProperty]
    public List<CounterItem> Items { get; set; } = [];

    /// <summary>What the customer gets: refund, store credit or gift card.</summary>
    [BindProperty]
    public Resolution Settle { get; set; } = Resolution.Refund;

    /// <summary>Makes a double submit take the items back once.</summary>
    [BindProperty]
    public Guid Key { get; set; }

    /// <summary>What each order line can be swapped for from this store's shelf: SKU and units available, same product first.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<(string Sku, int Available)>> Swaps { get; private set; } = new Dictionary<Guid, IReadOnlyList<(string Sku, int Available)>>();

    /// <summary>Orders found.</summary>
    public IReadOnlyList<Order> Found { get; private set; } = [];

    /// <summary>The order with its lines judged.</summary>
    public StaffOrder? Order { get; private set; }

    /// <summary>Open returns of the order still waiting for their items (receive those instead).</summary>
    public IReadOnlyList<string> Waiting { get; private set; } = [];

    /// <summary>The shop's stores.</summary>
    public IReadOnlyList<StockLocation> Stores => [.. shop.Value.StockLocations.Where(l => l.Kind == LocationKind.Store)];

    /// <summary>Why the items were not taken back.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Finds orders, or shows the chosen one.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ChooseStoreAsync();
        if (OrderId is null && !string.IsNullOrWhiteSpace(Query))
        {
            Found = await StaffOrders.FindAsync(db, Query, ct);
            if (Found.Count == 1)
            {
                OrderId = Found[0].Id;
            }
        }

        if (OrderId is { } id && !await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Key = Guid.NewGuid();
        return Page();
    }

    /// <summary>Takes the items back and refunds them, in one audited transaction.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await ChooseStoreAsync();
        if (OrderId is not { } id || !await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var chosen = Items.Where(i => i.Quantity > 0 && Order!.Lines.Any(l => l.Line.Id == i.OrderLineId)).ToList();
        if (chosen.Count == 0)
        {
            return Refuse(["Choose at least one item the customer brought back."]);
        }

        var request = new StoreReturnRequest(id, [.. chosen.Select(i => new StoreReturnLine(i.OrderLineId, i.Quantity, i.ReasonCode ?? string.Empty, i.Grade, i.Fault, i.Disposition, ExchangeSku: string.IsNullOrWhiteSpace(i.ExchangeSku) ? null : i.ExchangeSku))], Store ?? string.Empty, Settle);
        var shape = TakeBackInStore.Validate(request, shop.Value);
        if (!shape.IsEmpty)
        {
            return Refuse([.. shape.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]);
        }

        var taken = await TakeBackInStore.HandleAsync(
            request,
            StaffActions.ActorOf(User),
            await actions.MayAsync(User, StaffPolicies.Decide),
            Key.ToString("N"),
            db,
            book,
            shop.Value,
            returns.Value,
            photos,
            resolve,
            clock,
            ct,
            r => actions.Audit(User, "return.takenBackInStore", r.Number, $"store {shop.Value.FindLocation(Store)!.Code}"));
        if (taken.Value is not { } done)
        {
            return Refuse(!taken.Failure.IsSuccess ? [.. taken.Failure.Errors.Select(e => e.Message)] : ["The order could not be read; search again."]);
        }

        return Redirect($"/backoffice/returns/{done.Number}");
    }

    private PageResult Refuse(IReadOnlyList<string> problems)
    {
        Problems = problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    // The associate's own store, unless they chose another (head-office roles pick one).
    private async Task ChooseStoreAsync()
    {
        if (shop.Value.FindLocation(Store) is { Kind: LocationKind.Store } chosen)
        {
            Store = chosen.Code;
            return;
        }

        var mine = (await users.GetUserAsync(User))?.Location;
        Store = shop.Value.FindLocation(mine) is { Kind: LocationKind.Store } site ? site.Code : (Stores.Count > 0 ? Stores[0].Code : null);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Order = await StaffOrders.ReadAsync(db, book, clock, id, ct);
        if (Order is null)
        {
            return false;
        }

        Waiting = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(r => r.OrderId == id && ResolveScan.Receivable.Contains(r.Status) && r.ExpectedUnits > 0)
            .Select(r => r.Number)
            .ToListAsync(ct);
        // The store's own shelf (its stock ledger): another size or colour of the same product, or the same item again.
        var location = shop.Value.FindLocation(Store)?.Code;
        var shelf = location is null ? [] : await db.StockLevels.AsNoTracking().Where(l => l.LocationCode == location && l.OnHand - l.Reserved > 0).Select(l => new { l.Sku, Available = l.OnHand - l.Reserved }).Take(500).ToListAsync(ct);
        var shelfSkus = shelf.Select(x => x.Sku).ToList();
        var lineSkus = Order.Lines.Select(l => l.Line.Sku).Distinct().ToList();
        var productOf = await db.CatalogVariants.AsNoTracking().Where(v => shelfSkus.Contains(v.Sku) || lineSkus.Contains(v.Sku)).Select(v => new { v.Sku, v.ProductCode }).Distinct().ToListAsync(ct);
        string? Product(string sku) => productOf.Find(v => v.Sku == sku)?.ProductCode;
        Swaps = Order.Lines.ToDictionary(
            l => l.Line.Id,
            l => (IReadOnlyList<(string Sku, int Available)>)[.. shelf.Where(x => x.Sku == l.Line.Sku || (Product(l.Line.Sku) is { } product && Product(x.Sku) == product)).OrderBy(x => x.Sku, StringComparer.Ordinal).Select(x => (x.Sku, x.Available))]);
        var posted = Items.GroupBy(i => i.OrderLineId).ToDictionary(g => g.Key, g => g.First());
        var reason = Order.Reasons.Count > 0 ? Order.Reasons[0].Code : null;
        Items = [.. Order.Lines.Select(l => posted.GetValueOrDefault(l.Line.Id) ?? new CounterItem { OrderLineId = l.Line.Id, ReasonCode = reason })];
        return true;
    }
}

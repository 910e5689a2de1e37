using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>One queue of the returns workspace: its key, what it is called, which returns are in it, and whether its size is shown.</summary>
public sealed record ReturnTab(string Key, string Title, Worklist Queue, bool Counted = true);

/// <summary>
/// The returns workspace: queues by state with their counts, and one search box that finds a return by its number,
/// its order's number, the customer's email, the parcel's tracking number or a payment's transaction id. 50 a page, newest first.
/// </summary>
public sealed class IndexModel(RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The queues, in the order work flows.</summary>
    public static readonly IReadOnlyList<ReturnTab> Queues =
    [
        new("review", "In review", Worklist.InReview),
        new("requested", "Requested", Worklist.Requested),
        new("shipment", "Awaiting shipment", Worklist.AwaitingShipment),
        new("transit", "In transit", Worklist.InTransit),
        new("received", "Partly received", Worklist.PartlyReceived),
        new("inspect", "Awaiting inspection", Worklist.AwaitingInspection),
        new("refund", "Awaiting refund", Worklist.AwaitingRefund),
        new("refund-failed", "Refund failed", Worklist.RefundFailed),
        new("overdue", "Overdue (legal refund deadline)", Worklist.Overdue),
        new("done", "Resolved and closed", Worklist.Done, Counted: false),
        new("ended", "Rejected, cancelled, expired", Worklist.Ended, Counted: false),
    ];

    /// <summary>The queue shown, or null for a search across all.</summary>
    public ReturnTab? Queue { get; private set; }

    /// <summary>What was searched.</summary>
    public string? Query { get; private set; }

    /// <summary>Returns per counted queue (work still to do; the finished queues only grow and are not counted).</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    /// <summary>The page of returns.</summary>
    public ReturnPage Returns { get; private set; } = new([], null);

    /// <summary>Reads the counts and one page of the queue or the search.</summary>
    public async Task OnGetAsync(string? queue, string? q, string? cursor, CancellationToken ct)
    {
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Queue = Query is null ? Queues.FirstOrDefault(x => x.Key == queue) ?? Queues[0] : null;
        var now = clock.GetUtcNow();
        var counts = new Dictionary<string, int>();
        foreach (var tab in Queues.Where(t => t.Counted))
        {
            counts[tab.Key] = await ListReturns.InQueue(db.Returns.AsNoTracking().IgnoreAutoIncludes(), tab.Queue, now).CountAsync(ct);
        }

        Counts = counts;
        var page = ListReturns.IsCursor(cursor) ? cursor : null;
        Returns = Query is null
            ? await ListReturns.PageAsync(db, new ReturnFilter(Queue: Queue!.Queue, AsOf: now), page, ListReturns.DefaultLimit, ct)
            : await SearchAsync(Query, page, ct);
    }

    // One box for everything a person may have in hand: the label's return number, the order number, an email, a tracking number.
    private async Task<ReturnPage> SearchAsync(string q, string? cursor, CancellationToken ct)
    {
        if (ReturnNumber.IsWellFormed(q.ToUpperInvariant()))
        {
            return await ListReturns.PageAsync(db, new ReturnFilter(Number: q), cursor, ListReturns.DefaultLimit, ct);
        }

        if (q.Contains('@', StringComparison.Ordinal))
        {
            return await ListReturns.PageAsync(db, new ReturnFilter(Email: q), cursor, ListReturns.DefaultLimit, ct);
        }

        var byOrder = await ListReturns.PageAsync(db, new ReturnFilter(OrderNumber: q), cursor, ListReturns.DefaultLimit, ct);
        if (byOrder.Items.Count > 0)
        {
            return byOrder;
        }

        var byTracking = await ListReturns.PageAsync(db, new ReturnFilter(TrackingNumber: q), cursor, ListReturns.DefaultLimit, ct);
        return byTracking.Items.Count > 0 ? byTracking : await ListReturns.PageAsync(db, new ReturnFilter(TransactionId: q), cursor, ListReturns.DefaultLimit, ct);
    }
}

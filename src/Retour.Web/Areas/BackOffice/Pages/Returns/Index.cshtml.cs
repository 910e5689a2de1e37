using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>One queue of the returns workspace: its key, what it is called and the states in it.</summary>
public sealed record ReturnTab(string Key, string Title, IReadOnlyList<ReturnStatus> States);

/// <summary>
/// The returns workspace: queues by state with their counts, and one search box that finds a return by its number,
/// its order's number, the customer's email or the parcel's tracking number. 50 a page, newest first.
/// </summary>
public sealed class IndexModel(RetourDbContext db) : PageModel
{
    /// <summary>The queues, in the order work flows.</summary>
    public static readonly IReadOnlyList<ReturnTab> Queues =
    [
        new("review", "In review", [ReturnStatus.InReview]),
        new("requested", "Requested", [ReturnStatus.Requested]),
        new("shipment", "Awaiting shipment", [ReturnStatus.Approved, ReturnStatus.AwaitingShipment]),
        new("transit", "In transit", [ReturnStatus.InTransit]),
        new("received", "Received, to inspect", [ReturnStatus.Received]),
        new("refund", "Inspected, to settle", [ReturnStatus.Inspected]),
        new("done", "Resolved and closed", [ReturnStatus.Resolved, ReturnStatus.Closed]),
        new("ended", "Rejected, cancelled, expired", [ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired]),
    ];

    /// <summary>The queue shown, or null for a search across all.</summary>
    public ReturnTab? Queue { get; private set; }

    /// <summary>What was searched.</summary>
    public string? Query { get; private set; }

    /// <summary>Returns per state, for the queue counts.</summary>
    public IReadOnlyDictionary<ReturnStatus, int> Counts { get; private set; } = new Dictionary<ReturnStatus, int>();

    /// <summary>The page of returns.</summary>
    public ReturnPage Returns { get; private set; } = new([], null);

    /// <summary>Reads the counts and one page of the queue or the search.</summary>
    public async Task OnGetAsync(string? queue, string? q, string? cursor, CancellationToken ct)
    {
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Queue = Query is null ? Queues.FirstOrDefault(x => x.Key == queue) ?? Queues[0] : null;
        Counts = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .GroupBy(r => r.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var page = ListReturns.IsCursor(cursor) ? cursor : null;
        Returns = Query is null
            ? await ListReturns.PageAsync(db, new ReturnFilter(Statuses: Queue!.States), page, ListReturns.DefaultLimit, ct)
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
        return byOrder.Items.Count > 0 ? byOrder : await ListReturns.PageAsync(db, new ReturnFilter(TrackingNumber: q), cursor, ListReturns.DefaultLimit, ct);
    }
}

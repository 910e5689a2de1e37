using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>One tab of the returns workspace: its key, what it is called, which returns are in it (null: all), and whether its size is shown.</summary>
public sealed record ReturnTab(string Key, string Title, Worklist? Queue, bool Counted = true);

/// <summary>
/// The returns workspace: queues by state with their counts, one search box that finds a return by its number, its
/// order's number, the customer's email, the parcel's tracking number or a payment's transaction id, filters (status,
/// channel, request dates), newest or oldest first, cursor pages; bulk actions on the returns ticked (approve, mark
/// received) and the CSV export of the filtered set.
/// </summary>
public sealed class IndexModel(RetourDbContext db, TimeProvider clock, StaffActions actions, PolicyBook book, IOptions<ReturnsOptions> options, QueueCounts counts) : PageModel
{
    /// <summary>A queue holding more than this shows "1,000+": counting further would cost more than it tells.</summary>
    public const int CountCap = 1_000;

    /// <summary>The queues, in the order work flows, then every return.</summary>
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
        new("charge-failed", "Charge failed", Worklist.ChargeFailed),
        new("overdue", "Overdue (legal refund deadline)", Worklist.Overdue),
        new("attention", "Needs attention (parcel problem, early refund)", Worklist.Attention),
        new("done", "Resolved and closed", Worklist.Done, Counted: false),
        new("ended", "Rejected, cancelled, expired", Worklist.Ended, Counted: false),
        new("all", "All returns", null, Counted: false),
    ];

    private static readonly IReadOnlyList<(string Key, Worklist Queue)> CountedQueues = [.. Queues.Where(t => t.Counted).Select(t => (t.Key, t.Queue!.Value))];

    /// <summary>What is shown: the queue or search, the filters, the order and the page size.</summary>
    public WorkspaceQuery View { get; private set; } = new();

    /// <summary>The cursor of the page shown (null: the first).</summary>
    public string? Cursor { get; private set; }

    /// <summary>Returns per counted queue, up to <see cref="CountCap"/> + 1 (work still to do; the finished queues only grow and are not counted).</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    /// <summary>The page of returns.</summary>
    public ReturnPage Returns { get; private set; } = new([], null);

    /// <summary>The staff member may approve returns.</summary>
    public bool CanApprove { get; private set; }

    /// <summary>The staff member may receive returns.</summary>
    public bool CanReceive { get; private set; }

    /// <summary>The staff member may export the list (it holds customers' emails).</summary>
    public bool CanExport { get; private set; }

    /// <summary>What the last bulk action was, e.g. "Approve selected".</summary>
    public string? BulkAction { get; private set; }

    /// <summary>What the last bulk action did to each return.</summary>
    public IReadOnlyList<BulkOutcome> Outcomes { get; private set; } = [];

    /// <summary>Why the last bulk action did nothing at all.</summary>
    public string? BulkProblem { get; private set; }

    /// <summary>Reads the counts and one page of the queue or the search.</summary>
    public Task OnGetAsync([FromQuery] WorkspaceQuery view, [FromQuery] string? cursor, CancellationToken ct) => LoadAsync(view, cursor, ct);

    /// <summary>Approves each ticked return in its own transaction (Admin, Manager, Agent), then shows what happened to each.</summary>
    public Task<IActionResult> OnPostApproveAsync([FromQuery] WorkspaceQuery view, [FromQuery] string? cursor, [FromForm] string[]? selected, CancellationToken ct) =>
        BulkAsync(view, cursor, selected, StaffPolicies.Decide, "Approve selected", numbers => BulkReturnActions.ApproveAsync(actions, db, book, User, numbers, ct), ct);

    /// <summary>Receives every expected unit of each ticked return in its own transaction (Admin, Manager, Warehouse, StoreAssociate).</summary>
    public Task<IActionResult> OnPostReceiveAsync([FromQuery] WorkspaceQuery view, [FromQuery] string? cursor, [FromForm] string[]? selected, CancellationToken ct) =>
        BulkAsync(view, cursor, selected, StaffPolicies.Receive, "Mark received", numbers => BulkReturnActions.ReceiveAsync(actions, db, User, numbers, ct), ct);

    /// <summary>The text of a queue's count.</summary>
    public static string CountText(int count) => count > CountCap ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{CountCap:N0}+") : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IActionResult> BulkAsync(WorkspaceQuery view, string? cursor, string[]? selected, string policy, string name, Func<IReadOnlyList<string>, Task<IReadOnlyList<BulkOutcome>>> run, CancellationToken ct)
    {
        if (!await actions.MayAsync(User, policy))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        BulkAction = name;
        var numbers = (selected ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (numbers.Count == 0)
        {
            BulkProblem = "Tick at least one return first.";
        }
        else if (numbers.Count > BulkReturnActions.MaxReturns)
        {
            BulkProblem = $"At most {BulkReturnActions.MaxReturns} returns at once (one page); {numbers.Count} were ticked. Nothing was done.";
        }
        else
        {
            Outcomes = await run(numbers);
            counts.Invalidate();
        }

        if (BulkProblem is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync(view, cursor, ct);
        return Page();
    }

    private async Task LoadAsync(WorkspaceQuery view, string? cursor, CancellationToken ct)
    {
        View = view;
        var now = clock.GetUtcNow();

        // Every page shows the nine counts, read beside the pages rather than inside them (QueueCounts).
        Counts = await counts.GetAsync(CountedQueues, CountCap, ct);
        CanApprove = await actions.MayAsync(User, StaffPolicies.Decide);
        CanReceive = await actions.MayAsync(User, StaffPolicies.Receive);
        CanExport = await actions.MayAsync(User, StaffPolicies.ExportReturns);
        var filter = await view.ToFilterAsync(db, now, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone), ct);
        Cursor = ListReturns.IsCursor(cursor, filter.Sort) ? cursor : null;
        Returns = await ListReturns.PageAsync(db, filter, Cursor, view.PageSize, ct);
    }
}

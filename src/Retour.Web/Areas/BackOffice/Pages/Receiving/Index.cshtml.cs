using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Receiving;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Receiving;

/// <summary>Where the receiving page stands: scan a parcel, count what is in it, confirm.</summary>
public enum ReceivingStep
{
    /// <summary>One field for the scanner.</summary>
    Scan,

    /// <summary>The lines, pre-filled with what is expected.</summary>
    Count,

    /// <summary>What will be recorded, with any discrepancy.</summary>
    Confirm,
}

/// <summary>One line to count: a return line (announced return) or an order line (parcel registered on arrival).</summary>
public sealed record CountRow(Guid Id, string Sku, string Title, int Expected, int Count);

/// <summary>Something in the parcel that is not expected: its SKU, how many, a note.</summary>
public sealed record ExtraRow(string Sku, int Quantity, string? Note);

/// <summary>The form of the count and confirm steps: what is counted, against which return or order.</summary>
public sealed class ParcelForm
{
    /// <summary>The return counted against (announced parcels).</summary>
    public string? Number { get; set; }

    /// <summary>The return's version when the count started: a parcel is never recorded twice.</summary>
    public string? Version { get; set; }

    /// <summary>The order a parcel is registered against (unannounced parcels, pre-printed labels).</summary>
    public Guid? OrderId { get; set; }

    /// <summary>Unannounced or pre-printed label.</summary>
    public ReturnChannel? Channel { get; set; }

    /// <summary>The pre-printed label's code, as scanned.</summary>
    public string? LabelCode { get; set; }

    /// <summary>Made when counting starts, so confirming twice opens one return.</summary>
    public string? Key { get; set; }

    /// <summary>The counts, per line.</summary>
    public IList<CountInput> Lines { get; } = [];

    /// <summary>Items not expected.</summary>
    public IList<ExtraInput> Extras { get; } = [];
}

/// <summary>A count typed for one line.</summary>
public sealed class CountInput
{
    /// <summary>The return line or order line.</summary>
    public Guid Id { get; set; }

    /// <summary>Units found.</summary>
    public int? Count { get; set; }
}

/// <summary>An unexpected item typed at the count step.</summary>
public sealed class ExtraInput
{
    /// <summary>Its SKU or barcode.</summary>
    public string? Sku { get; set; }

    /// <summary>How many (one when left empty).</summary>
    public int? Quantity { get; set; }

    /// <summary>The operator's note.</summary>
    public string? Note { get; set; }
}

/// <summary>
/// Receiving, scan first: the scanner types a label's QR code, a return number, a tracking number or a pre-printed
/// label's code and Enter opens the count, pre-filled with what is expected; Enter shows what will be recorded with any
/// discrepancy; Enter records it and the field is ready for the next parcel. A code that matches nothing is an
/// unannounced parcel, matched to its order by number or email. Admin, Manager, Warehouse, StoreAssociate.
/// </summary>
[Authorize(Policy = StaffPolicies.Receive)]
public sealed class IndexModel(
    RetourDbContext db,
    StaffActions actions,
    PolicyBook book,
    UserManager<StaffUser> users,
    IOptions<ReceivingOptions> receiving,
    IOptions<ShopOptions> shop,
    TimeProvider clock) : PageModel
{
    /// <summary>Extra rows offered for unexpected items.</summary>
    public const int ExtraRows = 3;

    /// <summary>The step shown.</summary>
    public ReceivingStep Step { get; private set; }

    /// <summary>What was scanned.</summary>
    public string? Code { get; private set; }

    /// <summary>Why the scan or the count could not go on.</summary>
    public string? Problem { get; private set; }

    /// <summary>The return just received, for the banner.</summary>
    public ReturnCase? Done { get; private set; }

    /// <summary>The scan matched nothing: offer the unannounced-parcel search.</summary>
    public bool NoMatch { get; private set; }

    /// <summary>What the unannounced-parcel search looked for.</summary>
    public string? OrderQuery { get; private set; }

    /// <summary>Orders the unannounced parcel may belong to.</summary>
    public IReadOnlyList<Order> Candidates { get; private set; } = [];

    /// <summary>The return counted against.</summary>
    public ReturnCase? Return { get; private set; }

    /// <summary>The order a parcel is registered against.</summary>
    public ArrivalOrder? Order { get; private set; }

    /// <summary>The form carried from step to step.</summary>
    [BindProperty]
    public ParcelForm Form { get; set; } = new();

    /// <summary>The lines to count, or as counted.</summary>
    public IReadOnlyList<CountRow> Rows { get; private set; } = [];

    /// <summary>Unexpected items, as typed.</summary>
    public IReadOnlyList<ExtraRow> Extras { get; private set; } = [];

    /// <summary>The site the staff member works at, when set.</summary>
    public StockLocation? Site { get; private set; }

    /// <summary>Step 1 (with the last parcel's banner), or step 2 for the scanned code or the unannounced parcel's order.</summary>
    public async Task<IActionResult> OnGetAsync(string? code, string? order, string? received, CancellationToken ct)
    {
        await SiteAsync();
        if (!string.IsNullOrWhiteSpace(received))
        {
            var number = received.Trim().ToUpperInvariant();
            Done = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct);
        }

        if (!string.IsNullOrWhiteSpace(order))
        {
            return await FindOrderAsync(order.Trim(), ct);
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return Page();
        }

        Code = code.Trim();
        var (match, found, labelled) = await ResolveScan.ResolveAsync(Code, db, receiving.Value, ct);
        switch (match)
        {
            case ScanMatch.Return:
                return StartCount(found!);
            case ScanMatch.PrePrintedLabel:
                Form.LabelCode = Code;
                return StartArrival(await ResolveScan.ArrivalOrderAsync(db, labelled!, ct), ReturnChannel.PrePrintedLabel);
            default:
                // A packing slip's order number scanned by mistake for a label still finds the parcel's order.
                Candidates = Code.Contains('@', StringComparison.Ordinal) ? [] : await ResolveScan.FindOrdersAsync(Code, db, ct);
                if (Candidates.Count == 1)
                {
                    return StartArrival(await ResolveScan.ArrivalOrderAsync(db, Candidates[0], ct), ReturnChannel.Unannounced);
                }

                NoMatch = true;
                OrderQuery = Code;
                return Page();
        }
    }

    /// <summary>Step 3: what will be recorded, with any discrepancy; back to step 2 when a count is missing.</summary>
    public async Task<IActionResult> OnPostCountAsync(CancellationToken ct)
    {
        await SiteAsync();
        if (await LoadTargetAsync(ct) is { } missing)
        {
            return missing;
        }

        var (rows, extras, problem) = Read();
        Rows = rows;
        Extras = extras;
        Problem = problem;
        Step = problem is null ? ReceivingStep.Confirm : ReceivingStep.Count;
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Records the parcel (or opens its return) in one transaction with its audit entry, then back to step 1.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        await SiteAsync();
        if (!await actions.MayAsync(User, StaffPolicies.Receive))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await LoadTargetAsync(ct) is { } missing)
        {
            return missing;
        }

        // Confirmed twice (a double Enter, a reload): the return it opened the first time, not a second one.
        if (Return is null && await RegisterArrival.AlreadyOpenedAsync(db, StaffActions.ActorOf(User), Form.Key, ct) is { } opened)
        {
            return Redirect($"/backoffice/receiving?received={opened.Number}");
        }

        var (rows, extras, problem) = Read();
        Rows = rows;
        Extras = extras;
        if (problem is not null)
        {
            return Refused(problem, StatusCodes.Status400BadRequest);
        }

        var unexpected = extras.Select(e => new UnexpectedItemRequest(e.Sku, e.Quantity, e.Note)).ToList();
        var units = rows.Sum(r => r.Count);
        var details = string.Create(CultureInfo.InvariantCulture, $"{units} unit(s) counted, {extras.Sum(e => e.Quantity)} unexpected");
        if (Return is not null)
        {
            var outcome = await actions.OnReturnAsync(User, StaffPolicies.Receive, Return.Number, "return.parcelReceived", details, (r, actor, now) =>
                r.Version.ToString("N") != Form.Version
                    ? Result.Fail("receipt.stale", $"Return {r.Number} changed since this parcel was counted (was it already recorded?). Scan it again.", "version")
                    : ReceiveParcel.Handle(r, new ReceiveParcelRequest([.. rows.Select(x => new CountedLineRequest(x.Id, x.Count))], unexpected), actor, Site?.Code, now), ct);
            return outcome.Status switch
            {
                StaffActionStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
                StaffActionStatus.NotFound => NotFound(),
                StaffActionStatus.Refused => Refused(outcome.Problem, StatusCodes.Status422UnprocessableEntity),
                _ => Redirect($"/backoffice/receiving?received={outcome.Return!.Number}"),
            };
        }

        var request = new RegisterArrivalRequest([.. rows.Where(r => r.Count > 0).Select(r => new ArrivedLine(r.Id, r.Count))], Order!.Id, Form.LabelCode, unexpected, Site?.Code);
        var arrival = await RegisterArrival.OpenAsync(request, Form.Channel!.Value, StaffActions.ActorOf(User), Form.Key, db, book, receiving.Value, clock, c => actions.Audit(User, "return.registeredOnArrival", c.Number, $"{Form.Channel}; {details}"), ct);
        if (arrival.IsMissing)
        {
            return NotFound();
        }

        return arrival.Value is { } created
            ? Redirect($"/backoffice/receiving?received={created.Number}")
            : Refused(string.Join(" ", arrival.Failure.Errors.Select(e => e.Message)), StatusCodes.Status422UnprocessableEntity);
    }

    private PageResult Refused(string? problem, int status)
    {
        Problem = problem;
        Step = ReceivingStep.Count;
        Response.StatusCode = status;
        return Page();
    }

    private PageResult StartCount(ReturnCase found)
    {
        if (!ResolveScan.Receivable.Contains(found.Status) || found.StillExpected.Count == 0)
        {
            Return = found;
            Problem = found.StillExpected.Count == 0 && found.Status == ReturnStatus.Received
                ? $"Every approved unit of return {found.Number} is already in."
                : found.Status is ReturnStatus.Requested or ReturnStatus.InReview
                    ? $"Return {found.Number} is not approved yet ({found.Status}), so no parcel is expected: set the parcel aside and ask someone who decides returns to look at it."
                    : $"Return {found.Number} is {found.Status}: no parcel is expected for it.";
            return Page();
        }

        Return = found;
        Form.Number = found.Number;
        Form.Version = found.Version.ToString("N");
        Rows = [.. found.Lines.Where(l => l.ApprovedQuantity > l.ReceivedQuantity).Select(l => new CountRow(l.Id, l.Sku, l.Title, l.ApprovedQuantity - l.ReceivedQuantity, l.ApprovedQuantity - l.ReceivedQuantity))];
        Step = ReceivingStep.Count;
        return Page();
    }

    private PageResult StartArrival(ArrivalOrder order, ReturnChannel channel)
    {
        Order = order;
        if (order.Lines.All(l => l.Returnable == 0))
        {
            Problem = $"Every item of order {order.Number} is already in another return: scan that return's label, or find it under Returns.";
            NoMatch = channel == ReturnChannel.Unannounced;
            return Page();
        }

        Form.OrderId = order.Id;
        Form.Channel = channel;
        Form.Key = Guid.NewGuid().ToString("N");
        Rows = [.. order.Lines.Where(l => l.Returnable > 0).Select(l => new CountRow(l.OrderLineId, l.Sku, l.Title, l.Returnable, l.Returnable))];
        Step = ReceivingStep.Count;
        return Page();
    }

    private async Task<IActionResult> FindOrderAsync(string query, CancellationToken ct)
    {
        NoMatch = true;
        OrderQuery = query;
        Candidates = await ResolveScan.FindOrdersAsync(query, db, ct);
        if (Candidates.Count == 1)
        {
            NoMatch = false;
            return StartArrival(await ResolveScan.ArrivalOrderAsync(db, Candidates[0], ct), ReturnChannel.Unannounced);
        }

        if (Candidates.Count == 0)
        {
            Problem = $"No order matches “{query}”. Try the order number on the packing slip, or the customer's email.";
        }

        return Page();
    }

    // The target comes from the form, and is read again: what is expected may have changed since the scan.
    private async Task<IActionResult?> LoadTargetAsync(CancellationToken ct)
    {
        if (Form.Number is { Length: > 0 } number)
        {
            var normalized = number.Trim().ToUpperInvariant();
            Return = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
            return Return is null ? NotFound() : null;
        }

        if (Form.OrderId is { } orderId && Form.Channel is ReturnChannel.Unannounced or ReturnChannel.PrePrintedLabel
            && await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct) is { } found)
        {
            Order = await ResolveScan.ArrivalOrderAsync(db, found, ct);
            return null;
        }

        return NotFound();
    }

    // Counts per line as typed, checked against what is expected; a surplus on an order line beyond what may come back is moved to the unexpected items.
    private (List<CountRow> Rows, List<ExtraRow> Extras, string? Problem) Read()
    {
        var expected = Return is not null
            ? Return.Lines.Where(l => l.ApprovedQuantity > l.ReceivedQuantity).Select(l => (l.Id, l.Sku, l.Title, Units: l.ApprovedQuantity - l.ReceivedQuantity)).ToList()
            : Order!.Lines.Where(l => l.Returnable > 0).Select(l => (Id: l.OrderLineId, l.Sku, l.Title, Units: l.Returnable)).ToList();
        var rows = new List<CountRow>();
        var extras = new List<ExtraRow>();
        foreach (var (id, sku, title, units) in expected)
        {
            var typed = Form.Lines.FirstOrDefault(l => l.Id == id)?.Count;
            if (typed is null or < 0 or > ReceiveParcel.MaxUnits)
            {
                return (rows, extras, $"Type how many of {sku} are in the parcel (0 when none).");
            }

            var count = typed.Value;
            if (Order is not null && count > units)
            {
                extras.Add(new ExtraRow(sku, count - units, "More than the order holds that may come back."));
                count = units;
            }

            rows.Add(new CountRow(id, sku, title, units, count));
        }

        foreach (var extra in Form.Extras.Take(20))
        {
            if (string.IsNullOrWhiteSpace(extra.Sku))
            {
                continue;
            }

            if (extra.Sku.Length > 100 || extra.Quantity is < 1 or > ReceiveParcel.MaxUnits || extra.Note?.Length > 500)
            {
                return (rows, extras, "Each other item needs a SKU (at most 100 characters), 1 or more units and a note of at most 500 characters.");
            }

            extras.Add(new ExtraRow(extra.Sku.Trim(), extra.Quantity ?? 1, string.IsNullOrWhiteSpace(extra.Note) ? null : extra.Note.Trim()));
        }

        if (rows.All(r => r.Count == 0) && (Order is not null || extras.Count == 0))
        {
            return (rows, extras, Order is not null
                ? "Count at least one item of the order: a return is opened for what is in the parcel."
                : "Nothing was counted: type the units in the parcel, or add what should not be in it.");
        }

        return (rows, extras, null);
    }

    private async Task SiteAsync()
    {
        var user = await users.GetUserAsync(User);
        Site = shop.Value.FindLocation(user?.Location);
    }
}

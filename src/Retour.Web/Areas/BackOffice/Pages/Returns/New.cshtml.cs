using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>What the agent chose for one line.</summary>
public sealed class AgentChoice
{
    /// <summary>The order line.</summary>
    public Guid OrderLineId { get; set; }

    /// <summary>Units coming back; 0 leaves the line out.</summary>
    public int Quantity { get; set; }

    /// <summary>The policy's reason code.</summary>
    public string? ReasonCode { get; set; }

    /// <summary>Refund or store credit.</summary>
    public Resolution Resolution { get; set; } = Resolution.Refund;

    /// <summary>The customer's words, as told to the agent.</summary>
    public string? Comment { get; set; }
}

/// <summary>
/// A return opened by customer service for a customer who called or wrote: find the order, pick lines with the same
/// policy decisions the portal shows, keep the helpdesk ticket, and — for a manager — override the policy with a
/// justification. The return is opened, and audited, in one transaction.
/// </summary>
public sealed class NewModel(RetourDbContext db, PolicyBook book, StaffActions actions, TimeProvider clock) : PageModel
{
    /// <summary>Order number or customer email searched.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The order chosen.</summary>
    [BindProperty(SupportsGet = true, Name = "order")]
    public Guid? OrderId { get; set; }

    /// <summary>Orders found by the search.</summary>
    public IReadOnlyList<Order> Found { get; private set; } = [];

    /// <summary>The order.</summary>
    public Order? Order { get; private set; }

    /// <summary>Its lines with the policy's decision.</summary>
    public IReadOnlyList<StaffOrderLine> Items { get; private set; } = [];

    /// <summary>The reasons the order's policy offers.</summary>
    public IReadOnlyList<ReasonRule> Reasons { get; private set; } = [];

    /// <summary>The return methods the policy offers.</summary>
    public IReadOnlyList<ReturnMethod> Methods { get; private set; } = [];

    /// <summary>The agent's choices, one per order line.</summary>
    [BindProperty]
    public List<AgentChoice> Lines { get; set; } = [];

    /// <summary>How the parcel comes back.</summary>
    [BindProperty]
    public ReturnMethod Method { get; set; }

    /// <summary>The helpdesk ticket the request came in on.</summary>
    [BindProperty]
    public string? TicketReference { get; set; }

    /// <summary>Why the policy is overridden (managers only); empty keeps the policy's decisions.</summary>
    [BindProperty]
    public string? OverrideJustification { get; set; }

    /// <summary>Makes a double submit open one return.</summary>
    [BindProperty]
    public Guid Key { get; set; }

    /// <summary>The staff member may override the policy.</summary>
    public bool CanOverride { get; private set; }

    /// <summary>Why the return was not opened.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Finds orders, or shows the chosen one.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await actions.MayAsync(User, StaffPolicies.CreateReturns))
        {
            return Forbid();
        }

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

    /// <summary>Opens the return as the agent, with the same checks as every other way in.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await actions.MayAsync(User, StaffPolicies.CreateReturns))
        {
            return Forbid();
        }

        var overriding = !string.IsNullOrWhiteSpace(OverrideJustification);
        if (overriding && !await actions.MayAsync(User, StaffPolicies.Override))
        {
            return Forbid();
        }

        if (OrderId is not { } id || !await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var chosen = Lines.Where(l => l.Quantity > 0 && Items.Any(i => i.Line.Id == l.OrderLineId)).ToList();
        if (chosen.Count == 0)
        {
            return Refuse(["Choose at least one item and how many units come back."]);
        }

        var request = new RequestReturnRequest(
            id,
            [.. chosen.Select(l => new RequestReturnLine(l.OrderLineId, l.Quantity, l.ReasonCode ?? string.Empty, l.Resolution is Resolution.StoreCredit ? Resolution.StoreCredit : Resolution.Refund, string.IsNullOrWhiteSpace(l.Comment) ? null : l.Comment.Trim()))],
            ReturnChannel.Agent,
            Methods.Contains(Method) ? Method : Methods[0],
            TicketReference: TicketReference,
            OverrideJustification: overriding ? OverrideJustification : null);
        var shape = RequestReturn.Validate(request);
        if (!shape.IsEmpty)
        {
            return Refuse([.. shape.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))]);
        }

        var opened = await RequestReturn.OpenAsync(
            request,
            StaffActions.ActorOf(User),
            "backoffice:" + Key.ToString("N"),
            db,
            book,
            clock,
            ct,
            r => actions.Audit(User, "return.created", r.Number, overriding ? "policy overridden" : TicketReference is null ? null : "helpdesk ticket"));
        if (opened.Value is not { } created)
        {
            return Refuse(!opened.Failure.IsSuccess ? [.. opened.Failure.Errors.Select(e => e.Message)] : ["The return could not be opened; read the order again."]);
        }

        return Redirect($"/backoffice/returns/{created.Number}");
    }

    private PageResult Refuse(IReadOnlyList<string> problems)
    {
        Problems = problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await StaffOrders.ReadAsync(db, book, clock, id, ct) is not { } read)
        {
            return false;
        }

        (Order, Items, Reasons, Methods) = (read.Order, read.Lines, read.Reasons, read.Methods);
        CanOverride = await actions.MayAsync(User, StaffPolicies.Override);
        var posted = Lines.GroupBy(l => l.OrderLineId).ToDictionary(g => g.Key, g => g.First());
        Lines = [.. Items.Select(i => posted.GetValueOrDefault(i.Line.Id) ?? new AgentChoice { OrderLineId = i.Line.Id, ReasonCode = Reasons.Count > 0 ? Reasons[0].Code : null })];
        return true;
    }
}

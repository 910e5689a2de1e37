using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>A return as staff work it: its lines and the policy's decision on each, the order, the customer's history and the timeline.</summary>
public sealed class ShowModel(RetourDbContext db, PolicyBook book, StaffActions actions, ReturnPhotos photos) : PageModel
{
    /// <summary>The staff member may approve or reject.</summary>
    public bool CanDecide { get; private set; }

    /// <summary>The staff member may grade received units (and units are waiting).</summary>
    public bool CanInspect { get; private set; }

    /// <summary>Why the last action was refused.</summary>
    public string? Problem { get; private set; }

    /// <summary>The return.</summary>
    public ReturnCase Return { get; private set; } = null!;

    /// <summary>Its order.</summary>
    public Order? Order { get; private set; }

    /// <summary>The customer's returns so far and their return rate.</summary>
    public CustomerHistory History { get; private set; } = CustomerHistory.None;

    /// <summary>Approves the return (Admin, Manager, Agent), audited.</summary>
    public Task<IActionResult> OnPostApproveAsync(string number, CancellationToken ct) =>
        DecideAsync(number, "return.approved", null, async (r, actor, now) => await ApproveReturn.HandleAsync(r, null, actor, db, book, now, ct), ct);

    /// <summary>Rejects the return with the message the customer will read (Admin, Manager, Agent), audited.</summary>
    public Task<IActionResult> OnPostRejectAsync(string number, string? message, CancellationToken ct) =>
        DecideAsync(number, "return.rejected", message, (r, actor, now) => Task.FromResult(
            string.IsNullOrWhiteSpace(message) || message.Length > 2000
                ? Domain.Result.Fail("return.reject.message", "Write the reason the customer will read (at most 2,000 characters).", "message")
                : r.Reject(actor, message.Trim(), now)), ct);

    /// <summary>A photo the customer sent with a line of this return, or the inspector took of one of its units; 404 for any other id.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(string number, string id, CancellationToken ct)
    {
        var normalized = number.Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        if (found is null || !found.Lines.Any(l => l.Photos.Contains(id) || l.Units.Any(u => u.Photos.Contains(id))) || await photos.ReadAsync(found.OrderId, id, ct) is not { } jpeg)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        return File(jpeg, "image/jpeg");
    }

    /// <summary>Reads the return by its number, or 404.</summary>
    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var normalized = number.Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        if (found is null)
        {
            return NotFound();
        }

        await ShowAsync(found, ct);
        return Page();
    }

    private async Task ShowAsync(ReturnCase found, CancellationToken ct)
    {
        Return = found;
        Order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == found.OrderId, ct);
        History = await CustomerHistories.OfAsync(db, found.CustomerEmail, ct);
        CanDecide = await actions.MayAsync(User, StaffPolicies.Decide);
        CanInspect = found.Status == ReturnStatus.Received && found.Lines.Any(l => l.Units.Count < l.ReceivedQuantity) && await actions.MayAsync(User, StaffPolicies.Inspect);
    }

    // One transaction: the decision, its timeline entry and outbox events, and the audit entry; a role that may not decide gets 403.
    private async Task<IActionResult> DecideAsync(string number, string action, string? details, Func<ReturnCase, Actor, DateTimeOffset, Task<Domain.Result>> decide, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Decide, number, action, details is null ? null : "message given", decide, ct), ct);

    /// <summary>The page's answer to a staff action: 403, 404, this page again with the refusal (422), or back to the return.</summary>
    private async Task<IActionResult> AfterAsync(StaffActionOutcome outcome, CancellationToken ct)
    {
        switch (outcome.Status)
        {
            case StaffActionStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case StaffActionStatus.NotFound:
                return NotFound();
            case StaffActionStatus.Refused:
                Problem = outcome.Problem;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await ShowAsync(outcome.Return!, ct);
                return Page();
            default:
                return Redirect($"/backoffice/returns/{outcome.Return!.Number}");
        }
    }
}

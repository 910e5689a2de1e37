using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>A return as staff work it: its lines and the policy's decision on each, the order, the customer's history and the timeline.</summary>
public sealed class ShowModel(RetourDbContext db, PolicyBook book, StaffActions actions, ResolveReturn resolve, ReturnPhotos photos, IOptions<ReturnsOptions> returns, IOptions<LatePaymentOptions> late, TimeProvider clock, Features.Carriers.CarrierRegistry carriers) : PageModel
{
    /// <summary>The clock's instant, for labels' state.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A carrier's name by code (the code when it is not configured any more).</summary>
    public string CarrierName(string code) => carriers.Find(code)?.DisplayName ?? code;

    /// <summary>
    /// Voids a carrier label before the parcel's first scan (Admin, Manager, Agent), audited; the carrier is told
    /// when it offers voiding, before anything is saved.
    /// </summary>
    public async Task<IActionResult> OnPostVoidLabelAsync(string number, Guid labelId, string? reason, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Decide, number, "label.voided", labelId.ToString(), async (r, actor, now) =>
        {
            var label = r.Labels.FirstOrDefault(l => l.Id == labelId);
            var voided = r.VoidLabel(labelId, reason, actor, now);
            if (voided.IsSuccess && label is not null && carriers.Find(label.Carrier) is { } carrier && carrier.Capabilities.HasFlag(Features.Carriers.CarrierCapabilities.Void))
            {
                return await carrier.VoidAsync(label.TrackingNumber, ct);
            }

            return voided;
        }, ct), ct);

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

    /// <summary>When the refund is due by law (or the merchant's policy), and whether it is late.</summary>
    public RefundDeadlineResponse? Deadline { get; private set; }

    /// <summary>For a French consumer's late withdrawal refund, the increase owed (C. consom. L242-4).</summary>
    public LateRefundResponse? LateRefund { get; private set; }

    /// <summary>The customer's returns so far and their return rate.</summary>
    public CustomerHistory History { get; private set; } = CustomerHistory.None;

    /// <summary>The staff member may override the policy, edit lines and fees, waive shipping and grant goodwill refunds.</summary>
    public bool CanOverride { get; private set; }

    /// <summary>The staff member may write to the customer.</summary>
    public bool CanMessage { get; private set; }

    /// <summary>What the customer paid over all their orders, less refunds, per currency.</summary>
    public IReadOnlyList<(string Currency, decimal Amount)> LifetimeValue { get; private set; } = [];

    /// <summary>The rejection templates, in the customer's language.</summary>
    public IReadOnlyList<(string Key, string Text)> RejectionTexts { get; private set; } = [];

    /// <summary>
    /// Settles an inspected return (Admin, Manager, Agent), audited: each line as the customer chose, or every line to
    /// the original payment, in store credit or as a gift card.
    /// </summary>
    public async Task<IActionResult> OnPostRefundAsync(string number, Resolution? resolution, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Decide, number, "return.settled", resolution?.ToString() ?? "as chosen", (r, actor, now) =>
            resolve.HandleAsync(r, new ResolveReturnRequest(resolution is Resolution.Refund or Resolution.StoreCredit or Resolution.GiftCard ? resolution : null), actor, now, ct), ct), ct);

    /// <summary>Adds an internal note (any staff), audited.</summary>
    public Task<IActionResult> OnPostNoteAsync(string number, string? text, CancellationToken ct) =>
        ActAsync(StaffPolicies.AnyStaff, number, "return.noted", (r, actor, now) => r.AddNote(actor, text ?? string.Empty, now), ct);

    /// <summary>Takes the return off the attention queue with a note saying what was done (every role), audited.</summary>
    public Task<IActionResult> OnPostAttentionAsync(string number, string? note, CancellationToken ct) =>
        ActAsync(StaffPolicies.AnyStaff, number, "return.attentionCleared", (r, actor, now) => r.ClearAttention(actor, note ?? string.Empty, now), ct);

    /// <summary>Writes to the customer, who is emailed the message (Admin, Manager, Agent), audited.</summary>
    public Task<IActionResult> OnPostMessageAsync(string number, string? text, CancellationToken ct) =>
        ActAsync(StaffPolicies.MessageCustomers, number, "return.messaged", (r, actor, now) => r.MessageCustomer(actor, text ?? string.Empty, now), ct);

    /// <summary>Overrides the policy on a line with a justification (Admin, Manager), audited.</summary>
    public Task<IActionResult> OnPostOverrideAsync(string number, Guid lineId, string? justification, CancellationToken ct) =>
        ActAsync(StaffPolicies.Override, number, "return.overridden", (r, actor, now) => r.OverridePolicy(actor, lineId, justification ?? string.Empty, now), ct);

    /// <summary>Changes how many units of a line come back (Admin, Manager), audited.</summary>
    public Task<IActionResult> OnPostQuantityAsync(string number, Guid lineId, int quantity, string? reason, CancellationToken ct) =>
        ActAsync(StaffPolicies.Override, number, "return.lineChanged", (r, actor, now) => r.ChangeQuantity(actor, lineId, quantity, reason ?? string.Empty, now), ct);

    /// <summary>Lowers a line's fees (Admin, Manager), audited.</summary>
    public Task<IActionResult> OnPostFeesAsync(string number, Guid lineId, decimal restockingPercent, decimal returnShippingFee, string? reason, CancellationToken ct) =>
        ActAsync(StaffPolicies.Override, number, "return.feesLowered", (r, actor, now) => r.LowerFees(actor, lineId, restockingPercent, returnShippingFee, reason ?? string.Empty, now), ct);

    /// <summary>Waives the return-shipping fee (Admin, Manager), audited.</summary>
    public Task<IActionResult> OnPostWaiveAsync(string number, string? reason, CancellationToken ct) =>
        ActAsync(StaffPolicies.Override, number, "return.shippingWaived", (r, actor, now) => r.WaiveReturnShipping(actor, reason ?? string.Empty, now), ct);

    /// <summary>Grants a goodwill refund to the original payments (Admin, Manager), audited.</summary>
    public async Task<IActionResult> OnPostGoodwillAsync(string number, decimal amount, string? reason, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Override, number, "refund.goodwill", null, async (r, actor, now) =>
            r.RecordGoodwill(await db.Orders.FirstAsync(o => o.Id == r.OrderId, ct), amount, reason ?? string.Empty, actor, now), ct), ct);

    /// <summary>
    /// Follows up a charge the customer's card refused (Admin, Manager), audited: charge the card again, or record
    /// that it was settled another way, with a note.
    /// </summary>
    public async Task<IActionResult> OnPostChargeAsync(string number, Guid chargeId, Features.Returns.ChargeFollowUp action, string? note, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Override, number, action == Features.Returns.ChargeFollowUp.Retry ? "charge.retried" : "charge.settledElsewhere", note, (r, actor, now) =>
            Task.FromResult(r.FollowUpCharge(chargeId, action == Features.Returns.ChargeFollowUp.Retry, note ?? string.Empty, actor, now)), ct), ct);

    /// <summary>Takes back the store credit a settlement issued (Admin, Manager), audited, with the reason.</summary>
    public async Task<IActionResult> OnPostReverseCreditAsync(string number, Guid entryId, string? reason, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Override, number, "credit.reversed", reason, (r, actor, now) =>
            Features.Returns.ReverseStoreCredit.HandleAsync(db, r, entryId, reason ?? string.Empty, actor, now, ct), ct), ct);

    /// <summary>Approves the return (Admin, Manager, Agent), audited.</summary>
    public Task<IActionResult> OnPostApproveAsync(string number, CancellationToken ct) =>
        DecideAsync(number, "return.approved", null, async (r, actor, now) => await ApproveReturn.HandleAsync(r, null, actor, db, book, now, ct), ct);

    /// <summary>
    /// Rejects the return with the message the customer will read (Admin, Manager, Agent), audited: the words typed,
    /// or else the chosen template in the customer's language.
    /// </summary>
    public Task<IActionResult> OnPostRejectAsync(string number, string? message, string? template, CancellationToken ct) =>
        DecideAsync(number, "return.rejected", string.IsNullOrWhiteSpace(message) && template is not null ? $"template {template}" : "message written", async (r, actor, now) =>
        {
            var locale = (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r.OrderId, ct))?.Customer.Locale;
            var text = string.IsNullOrWhiteSpace(message) ? RejectionTemplates.Text(template, locale) : message.Trim();
            return string.IsNullOrWhiteSpace(text) || text.Length > 2000
                ? Domain.Result.Fail("return.reject.message", "Choose a template or write the reason the customer will read (at most 2,000 characters).", "message")
                : r.Reject(actor, text, now);
        }, ct);

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
        if (Order is not null)
        {
            (Deadline, LateRefund) = LateRefunds.Of(found, Order, TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone), late.Value.Rates(), clock.GetUtcNow());
        }

        CanDecide = await actions.MayAsync(User, StaffPolicies.Decide);
        CanOverride = await actions.MayAsync(User, StaffPolicies.Override);
        CanMessage = await actions.MayAsync(User, StaffPolicies.MessageCustomers);
        var paid = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.Customer.Email == found.CustomerEmail)
            .Select(o => new { o.CurrencyCode, Tenders = o.Tenders.Select(t => new { t.Captured, t.Refunded }).ToList() })
            .ToListAsync(ct);
        LifetimeValue = [.. paid.GroupBy(p => p.CurrencyCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.SelectMany(p => p.Tenders).Sum(t => t.Captured - t.Refunded)))];
        RejectionTexts = [.. RejectionTemplates.Keys.Select(k => (k, RejectionTemplates.Text(k, Order?.Customer.Locale)!))];
        CanInspect = found.Status == ReturnStatus.Received && found.Lines.Any(l => l.Units.Count < l.ReceivedQuantity) && await actions.MayAsync(User, StaffPolicies.Inspect);
    }

    // One transaction: the decision, its timeline entry and outbox events, and the audit entry; a role that may not decide gets 403.
    private async Task<IActionResult> DecideAsync(string number, string action, string? details, Func<ReturnCase, Actor, DateTimeOffset, Task<Domain.Result>> decide, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, StaffPolicies.Decide, number, action, details, decide, ct), ct);

    private async Task<IActionResult> ActAsync(string policy, string number, string action, Func<ReturnCase, Actor, DateTimeOffset, Domain.Result> change, CancellationToken ct) =>
        await AfterAsync(await actions.OnReturnAsync(User, policy, number, action, null, change, ct), ct);

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

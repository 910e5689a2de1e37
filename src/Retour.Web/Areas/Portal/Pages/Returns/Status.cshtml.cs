using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Labels;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages.Returns;

/// <summary>A return's status for the shopper: its milestones, what to do next, and what is coming back.</summary>
public sealed class StatusModel(RetourDbContext db, PolicyBook book, IOptions<ShopOptions> shop, CarrierLabels carrierLabels, TimeProvider clock) : PageModel
{
    /// <summary>The carrier label the parcel travels with, when one is live.</summary>
    public ShippingLabel? Label { get; private set; }

    /// <summary>The live label's carrier as people know it.</summary>
    public string? CarrierName { get; private set; }

    /// <summary>True when the shopper can get a label from the shop's carrier here (approved, none live yet).</summary>
    public bool CanCreateLabel { get; private set; }

    /// <summary>When the return comes back by home pickup and the label's carrier collects: its calendar; else null.</summary>
    public PickupCalendar? Pickup { get; private set; }

    /// <summary>The pickup day chosen (kept when the booking was refused).</summary>
    [BindProperty]
    public DateOnly? PickupDate { get; set; }

    /// <summary>The return.</summary>
    public ReturnCase Return { get; private set; } = null!;

    /// <summary>Its milestones.</summary>
    public IReadOnlyList<PortalStep> Steps { get; private set; } = [];

    /// <summary>The shop's time zone, for dates.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>For a box-free drop-off once approved, the QR code of the return number as SVG.</summary>
    public string? DropOffCode { get; private set; }

    /// <summary>Just opened: say so.</summary>
    public bool Created { get; private set; }

    /// <summary>Shows the return when it belongs to the signed-in order; any other number is not found.</summary>
    public async Task<IActionResult> OnGetAsync(string number, bool created, CancellationToken ct)
    {
        var found = await MineAsync(number, ct);
        if (found is null)
        {
            return NotFound();
        }

        Return = found;
        Steps = PortalStatus.Steps(found);
        Zone = (await book.CurrentAsync(db, ct)).TimeZone;
        Created = created;
        Show(found);
        return Page();
    }

    /// <summary>Gets a label from the shop's default carrier for an approved return.</summary>
    public async Task<IActionResult> OnPostLabelAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found)
        {
            return NotFound();
        }

        var outcome = await carrierLabels.CreateAsync(found.Id, null, new Actor(ActorKind.Customer, found.CustomerEmail), ct);
        return await AfterAsync(found.Number, outcome, ct);
    }

    /// <summary>Books the home pickup of the live label on the chosen day, in the carrier's usual window.</summary>
    public async Task<IActionResult> OnPostPickupAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found)
        {
            return NotFound();
        }

        if (PickupDate is not { } day)
        {
            ModelState.AddModelError(nameof(PickupDate), PortalText.Get("Status_PickupDate"));
            return await OnGetAsync(number, false, ct);
        }

        var outcome = await carrierLabels.SchedulePickupAsync(found.Id, day, null, null, new Actor(ActorKind.Customer, found.CustomerEmail), ct);
        return await AfterAsync(found.Number, outcome, ct);
    }

    /// <summary>Cancels the booked pickup.</summary>
    public async Task<IActionResult> OnPostCancelPickupAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found)
        {
            return NotFound();
        }

        var outcome = await carrierLabels.CancelPickupAsync(found.Id, new Actor(ActorKind.Customer, found.CustomerEmail), ct);
        return await AfterAsync(found.Number, outcome, ct);
    }

    /// <summary>The printable label (PDF) in the portal's language, once the return is approved.</summary>
    public async Task<IActionResult> OnGetLabelAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found || !ReturnLabels.HasLabel(found.Status))
        {
            return NotFound();
        }

        var zone = (await book.CurrentAsync(db, ct)).TimeZone;
        var label = await ReturnLabels.RenderAsync(db, found.Id, null, PortalText.Language, shop.Value, zone, carrierLabels.NameOf, ct);
        return label.Pdf is { } pdf ? File(pdf, "application/pdf", $"{found.Number}.pdf") : NotFound();
    }

    private async Task<IActionResult> AfterAsync(string number, LabelOutcome outcome, CancellationToken ct)
    {
        if (outcome.Result.IsSuccess)
        {
            return RedirectToPage(new { number });
        }

        foreach (var error in outcome.Result.Errors)
        {
            ModelState.AddModelError(error.Target == "date" ? nameof(PickupDate) : string.Empty, error.Message);
        }

        return await OnGetAsync(number, false, ct);
    }

    // The live carrier label with its box-free code, or the return number's QR for a drop-off without one.
    private void Show(ReturnCase found)
    {
        var now = clock.GetUtcNow();
        var shippable = found.Status is ReturnStatus.Approved or ReturnStatus.AwaitingShipment;
        Label = shippable ? found.LiveLabel(now) : null;
        CarrierName = Label is null ? null : carrierLabels.NameOf(Label.Carrier);
        CanCreateLabel = shippable && Label is null && carrierLabels.DefaultCarrier is not null && found.CanCreateLabel(now).IsSuccess;
        Pickup = found.Method == Domain.Policies.ReturnMethod.Pickup ? carrierLabels.PickupCalendarOf(Label) : null;
        var code = Label?.DropOffCode ?? (found.Method == Domain.Policies.ReturnMethod.DropOff && ReturnLabels.HasLabel(found.Status) ? found.Number : null);
        if (code is not null)
        {
            using var data = QRCoder.QRCodeGenerator.GenerateQrCode(code, QRCoder.QRCodeGenerator.ECCLevel.M);
            DropOffCode = new QRCoder.SvgQRCode(data).GetGraphic(8);
        }
    }

    // Another order's return is answered exactly like one that does not exist.
    private async Task<ReturnCase?> MineAsync(string number, CancellationToken ct)
    {
        var order = PortalAccess.OrderOf(User);
        var normalized = number.Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        return found is not null && found.OrderId == order ? found : null;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Labels;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages.Returns;

/// <summary>A return's status for the shopper: its milestones, what to do next, and what is coming back.</summary>
public sealed class StatusModel(RetourDbContext db, PolicyBook book, IOptions<ShopOptions> shop) : PageModel
{
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
        if (found.Method == Domain.Policies.ReturnMethod.DropOff && ReturnLabels.HasLabel(found.Status))
        {
            using var data = QRCoder.QRCodeGenerator.GenerateQrCode(found.Number, QRCoder.QRCodeGenerator.ECCLevel.M);
            DropOffCode = new QRCoder.SvgQRCode(data).GetGraphic(8);
        }

        return Page();
    }

    /// <summary>The printable label (PDF) in the portal's language, once the return is approved.</summary>
    public async Task<IActionResult> OnGetLabelAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found || !ReturnLabels.HasLabel(found.Status))
        {
            return NotFound();
        }

        var zone = (await book.CurrentAsync(db, ct)).TimeZone;
        var label = await ReturnLabels.RenderAsync(db, found.Id, PortalText.Language, shop.Value, zone, ct);
        return label.Pdf is { } pdf ? File(pdf, "application/pdf", $"{found.Number}.pdf") : NotFound();
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

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>What the inspector enters for one unit.</summary>
public sealed class UnitInspectionForm
{
    /// <summary>The return line the unit belongs to.</summary>
    public Guid LineId { get; set; }

    /// <summary>Condition grade.</summary>
    public ConditionGrade Grade { get; set; }

    /// <summary>Defect, misuse or transit damage found.</summary>
    public UnitFault Fault { get; set; }

    /// <summary>The SKU scanned on the unit.</summary>
    [StringLength(100)]
    public string? SkuSeen { get; set; }

    /// <summary>The serial number read on the unit.</summary>
    [StringLength(100)]
    public string? SerialNumber { get; set; }

    /// <summary>The inspector's notes.</summary>
    [StringLength(2000)]
    public string? Notes { get; set; }

    /// <summary>Handled beyond what is needed to establish its nature, characteristics and functioning.</summary>
    public bool HandledBeyondNecessary { get; set; }

    /// <summary>Diminished-value deduction, in the order's currency, as typed (a number field sends it with a dot whatever the server's language).</summary>
    [StringLength(20)]
    [RegularExpression(@"^\s*\d{1,7}([.,]\d{1,4})?\s*$", ErrorMessage = "Write the deduction as a number, e.g. 12.50.")]
    public string? Deduction { get; set; }

    /// <summary>The deduction as an amount (zero when left empty).</summary>
    public decimal DeductionAmount => string.IsNullOrWhiteSpace(Deduction) ? 0m : decimal.Parse(Deduction.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>Where the unit goes.</summary>
    public Disposition Disposition { get; set; }

    /// <summary>For a restock, the site's code.</summary>
    [StringLength(32)]
    public string? Location { get; set; }

    /// <summary>Photos of the unit.</summary>
    public IList<IFormFile> Photos { get; } = [];
}

/// <summary>
/// Inspection of a received return (Admin, Manager, Warehouse, StoreAssociate; others get 403): one form per unit
/// received and not yet graded, saved through <see cref="StaffActions"/> with its audit entry, the stock movement of a
/// restock and its outbox message in one transaction.
/// </summary>
public sealed class InspectModel(RetourDbContext db, StaffActions actions, ReturnPhotos photos, IOptions<ShopOptions> shop) : PageModel
{
    /// <summary>The return.</summary>
    public ReturnCase Return { get; private set; } = null!;

    /// <summary>Its order.</summary>
    public Order Order { get; private set; } = null!;

    /// <summary>The shop's sites.</summary>
    public IReadOnlyList<StockLocation> Locations => shop.Value.StockLocations;

    /// <summary>The site a restock goes to unless the inspector picks another: theirs, or the first warehouse.</summary>
    public string DefaultLocation { get; private set; } = string.Empty;

    /// <summary>The units waiting for a grade: their line and their number within it (from 1).</summary>
    public IReadOnlyList<(ReturnLine Line, int Unit)> Waiting { get; private set; } = [];

    /// <summary>The form sent, shown again when refused.</summary>
    [BindProperty]
    public UnitInspectionForm Form { get; set; } = new();

    /// <summary>Why the last form was refused.</summary>
    public string? Problem { get; private set; }

    /// <summary>The field the refusal concerns, to show it next to the field.</summary>
    public string? ProblemField { get; private set; }

    /// <summary>Shows a form for each unit waiting for a grade; 403 for roles that may not inspect.</summary>
    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (!await actions.MayAsync(User, StaffPolicies.Inspect))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        if (found is null)
        {
            return NotFound();
        }

        await ShowAsync(found, ct);
        return Page();
    }

    /// <summary>Grades one unit (with its photos) and sends it where the inspector chose; audited as <c>return.inspected</c>.</summary>
    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            if (!await actions.MayAsync(User, StaffPolicies.Inspect))
            {
                return StatusCode(StatusCodes.Status403Forbidden);
            }

            var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
            var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
            if (found is null)
            {
                return NotFound();
            }

            Problem = string.Join(" ", ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => $"{e.Key}: {e.Value!.Errors[0].ErrorMessage}"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(found, ct);
            return Page();
        }

        var site = await SiteAsync(ct);
        var outcome = await actions.OnReturnAsync(User, StaffPolicies.Inspect, number, "return.inspected", $"{Form.Grade} → {Form.Disposition}", async (r, actor, now) =>
        {
            if (Form.Photos.Count > ReturnPhotos.MaxPerLine)
            {
                return Result.Fail("inspection.photos.tooMany", $"At most {ReturnPhotos.MaxPerLine} photos per unit.", "photos");
            }

            var stored = new List<string>();
            foreach (var file in Form.Photos)
            {
                await using var upload = file.OpenReadStream();
                var (id, problem) = await photos.SaveAsync(r.OrderId, upload, file.Length, ct);
                if (id is null)
                {
                    return Result.Fail($"inspection.photo.{problem}", problem == PhotoProblem.TooLarge ? $"{file.FileName}: larger than 10 MB." : $"{file.FileName}: not a JPEG, PNG or WebP photo.", "photos");
                }

                stored.Add(id);
            }

            var line = new InspectedLine(Form.LineId, Form.Grade, Form.Disposition, Form.Fault, 1, Form.Notes, Form.SkuSeen, Form.SerialNumber, stored, Form.HandledBeyondNecessary, Form.DeductionAmount, Form.Disposition == Disposition.Restock ? Form.Location ?? site : null);
            var request = new InspectUnitsRequest([line]);
            var shape = InspectUnits.Validate(request);
            return shape.IsEmpty
                ? await InspectUnits.HandleAsync(r, request, actor, db, shop.Value, photos, now, site, ct)
                : Result.Fail([.. shape.ToDictionary().Select(e => new DomainError("inspection.invalid", e.Value[0], e.Key))]);
        }, ct);

        switch (outcome.Status)
        {
            case StaffActionStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case StaffActionStatus.NotFound:
                return NotFound();
            case StaffActionStatus.Refused:
                Problem = outcome.Problem;
                ProblemField = outcome.Refusal!.Errors[0].Target is { } target ? target[(target.LastIndexOf('.') + 1)..] : null;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await ShowAsync(outcome.Return!, ct);
                return Page();
            default:
                var done = outcome.Return!.Lines.All(l => l.Units.Count >= l.ReceivedQuantity);
                return Redirect(done ? $"/backoffice/returns/{outcome.Return.Number}" : $"/backoffice/returns/{outcome.Return.Number}/inspect");
        }
    }

    /// <summary>Why no deduction may be taken on the line, or null when the law allows one.</summary>
    public string? DeductionRefusal(ReturnLine line) => Domain.Returns.DiminishedValue.LineRefusal(Order, line)?.Message;

    /// <summary>The most that may be deducted from a unit of the line.</summary>
    public decimal MaxDeduction(ReturnLine line) =>
        Order.Lines.FirstOrDefault(l => l.Id == line.OrderLineId) is { } orderLine ? Domain.Returns.DiminishedValue.MaxPerUnit(Order, orderLine, Return.CurrencyCode) : 0m;

    /// <summary>True for the form that was sent and refused: the first waiting unit of the line posted.</summary>
    public bool IsPosted(ReturnLine line, int unit) =>
        Problem is not null && line is not null && line.Id == Form.LineId && unit == line.Units.Count + 1;

    /// <summary>True when the order line is serialised or shipped serial numbers.</summary>
    public bool IsSerialised(ReturnLine line) =>
        Order.Lines.FirstOrDefault(l => l.Id == line.OrderLineId) is { } orderLine && (orderLine.HasTag(Inspection.SerialisedTag) || orderLine.SerialNumbers.Count > 0);

    private async Task ShowAsync(ReturnCase found, CancellationToken ct)
    {
        Return = found;
        Order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == found.OrderId, ct);
        DefaultLocation = await SiteAsync(ct) ?? shop.Value.StockLocations.FirstOrDefault(l => l.Kind == LocationKind.Warehouse)?.Code ?? shop.Value.StockLocations[0].Code;
        Waiting = [.. found.Lines.SelectMany(l => Enumerable.Range(l.Units.Count + 1, Math.Max(0, l.ReceivedQuantity - l.Units.Count)).Select(u => (l, u)))];
    }

    private async Task<string?> SiteAsync(CancellationToken ct)
    {
        var account = StaffActions.AccountOf(User);
        var location = account is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == account).Select(u => u.Location).FirstOrDefaultAsync(ct);
        return shop.Value.FindLocation(location)?.Code;
    }
}

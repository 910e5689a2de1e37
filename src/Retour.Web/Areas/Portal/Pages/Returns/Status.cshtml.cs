using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages.Returns;

/// <summary>A return's status for the shopper: its milestones, what to do next, and what is coming back.</summary>
public sealed class StatusModel(RetourDbContext db, PolicyBook book) : PageModel
{
    /// <summary>The return.</summary>
    public ReturnCase Return { get; private set; } = null!;

    /// <summary>Its milestones.</summary>
    public IReadOnlyList<PortalStep> Steps { get; private set; } = [];

    /// <summary>The shop's time zone, for dates.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Just opened: say so.</summary>
    public bool Created { get; private set; }

    /// <summary>Shows the return when it belongs to the signed-in order; any other number is not found.</summary>
    public async Task<IActionResult> OnGetAsync(string number, bool created, CancellationToken ct)
    {
        var order = PortalAccess.OrderOf(User);
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct);
        if (found is null || found.OrderId != order)
        {
            return NotFound();
        }

        Return = found;
        Steps = PortalStatus.Steps(found);
        Zone = (await book.CurrentAsync(db, ct)).TimeZone;
        Created = created;
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>
/// The returns workspace's list as CSV: every return the page's queue or search and filters select (not one page),
/// streamed, audited; Admin, Manager and Agent only, since it holds customers' emails.
/// </summary>
public sealed class ExportModel(RetourDbContext db, TimeProvider clock, StaffActions actions, IOptions<ReturnsOptions> options) : PageModel
{
    /// <summary>Writes the CSV, or 403 for a role that may not export.</summary>
    public async Task<IActionResult> OnGetAsync([FromQuery] WorkspaceQuery view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!await actions.MayAsync(User, StaffPolicies.ExportReturns))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var now = clock.GetUtcNow();
        var filter = await view.ToFilterAsync(db, now, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone), ct);
        await ExportReturns.WriteAsync(Response, db, filter, User, now, ct);
        return new EmptyResult();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Emails;

/// <summary>One sent email as the customer saw it, in a sandboxed frame (no scripts, no forms, no same-origin access).</summary>
[Authorize(Policy = StaffPolicies.ReadEmails)]
public sealed class ShowModel(RetourDbContext db) : PageModel
{
    /// <summary>The email.</summary>
    public SentEmail Email { get; private set; } = null!;

    /// <summary>Reads it, or 404.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var found = await db.SentEmails.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }

        Email = found;
        return Page();
    }
}

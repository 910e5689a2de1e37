using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Emails;

/// <summary>The emails sent to customers, newest first, filtered by return, 50 a page.</summary>
[Authorize(Policy = StaffPolicies.ReadEmails)]
public sealed class IndexModel(RetourDbContext db) : PageModel
{
    /// <summary>The return filtered on.</summary>
    public string? ReturnNumber { get; private set; }

    /// <summary>The page shown.</summary>
    public SentEmailPage Emails { get; private set; } = new([], null);

    /// <summary>Reads one page (an unknown cursor starts from the newest).</summary>
    public async Task OnGetAsync(string? returnNumber, string? cursor, CancellationToken ct)
    {
        ReturnNumber = returnNumber;
        Emails = await ListEmails.PageAsync(db, returnNumber, ListEmails.IsCursor(cursor) ? cursor : null, ListEmails.DefaultLimit, ct);
    }
}

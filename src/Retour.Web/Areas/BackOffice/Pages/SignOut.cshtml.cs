using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages;

/// <summary>Ends the staff session.</summary>
public sealed class SignOutModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>Signs out, audited, and goes to the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        await signIn.SignOutAsync();
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), user?.Id, user?.Email ?? "unknown", "staff.signOut", user?.Email));
        await db.SaveChangesAsync(ct);
        return Redirect("/backoffice/sign-in");
    }
}

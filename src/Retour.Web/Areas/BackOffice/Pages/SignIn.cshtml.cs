using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages;

/// <summary>Staff sign-in: email and password; five wrong passwords lock the account for 15 minutes. Every attempt is audited.</summary>
public sealed class SignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, RetourDbContext db, StaffAccounts accounts, TimeProvider clock) : PageModel
{
    /// <summary>The email typed.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The password typed (never shown again).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Why the sign-in failed.</summary>
    public string? Problem { get; private set; }

    /// <summary>The form, or the first-run page while no account exists.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await accounts.NoneYetAsync(ct) ? Redirect("/backoffice/setup") : Page();

    /// <summary>Signs in, or says why not without telling which half was wrong.</summary>
    public async Task<IActionResult> OnPostAsync(string? next, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        var result = user is null || string.IsNullOrEmpty(Password)
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        var now = clock.GetUtcNow();
        db.AuditEntries.Add(AuditEntry.Of(now, user?.Id, user?.Email ?? "unknown", result.Succeeded ? "staff.signIn" : "staff.signInRefused", user?.Email, result.IsLockedOut ? "locked out" : null));
        await db.SaveChangesAsync(ct);
        if (result.Succeeded)
        {
            return LocalRedirect(next is { } n && n.StartsWith("/backoffice", StringComparison.Ordinal) && Url.IsLocalUrl(n) ? n : "/backoffice");
        }

        Problem = result.IsLockedOut
            ? "This account is locked for 15 minutes after too many wrong passwords (or was disabled: ask an administrator)."
            : "The email or the password is not right.";
        Response.StatusCode = result.IsLockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
        return Page();
    }
}

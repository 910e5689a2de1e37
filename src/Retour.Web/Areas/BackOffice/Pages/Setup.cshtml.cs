using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Staff;

namespace Retour.Web.Areas.BackOffice.Pages;

/// <summary>The first-run page: creates the first administrator, then never opens again (404 once any account exists).</summary>
public sealed class SetupModel(StaffAccounts accounts, SignInManager<StaffUser> signIn) : PageModel
{
    /// <summary>The administrator's name.</summary>
    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>The administrator's email, their sign-in name.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The password chosen.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Why the account was not created.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The form, while no account exists.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await accounts.NoneYetAsync(ct) ? Page() : NotFound();

    /// <summary>Creates the administrator and signs them in.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await accounts.NoneYetAsync(ct))
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Errors = ["Fill in your name, email and a password."];
            return Page();
        }

        var (user, result) = await accounts.CreateAsync(Email, DisplayName, Password, StaffRoles.Admin, "first-run page", ct);
        if (user is null)
        {
            Errors = [.. result.Errors.Select(e => e.Message)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/backoffice");
    }
}

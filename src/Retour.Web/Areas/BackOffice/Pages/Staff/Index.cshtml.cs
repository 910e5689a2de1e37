using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Staff;

namespace Retour.Web.Areas.BackOffice.Pages.Staff;

/// <summary>A staff account as the list shows it.</summary>
public sealed record StaffRow(string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, DateTimeOffset CreatedAt);

/// <summary>Staff accounts (Admin only): who has which role, and a form to add someone with a first password.</summary>
[Authorize(Policy = StaffPolicies.ManageStaff)]
public sealed class IndexModel(UserManager<StaffUser> users, StaffAccounts accounts, TimeProvider clock) : PageModel
{
    /// <summary>Every account.</summary>
    public IReadOnlyList<StaffRow> Accounts { get; private set; } = [];

    /// <summary>The new colleague's email.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Their name.</summary>
    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>Their role.</summary>
    [BindProperty]
    public string? Role { get; set; }

    /// <summary>A first password, to hand over in person.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Why the account was not made.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The account just made.</summary>
    public string? Created { get; private set; }

    /// <summary>The list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Adds an account, audited with the administrator's name.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (user, result) = await accounts.CreateAsync(Email ?? string.Empty, DisplayName ?? Email ?? string.Empty, Password ?? string.Empty, Role ?? string.Empty, User.Identity?.Name ?? "admin", ct);
        if (user is null)
        {
            Errors = [.. result.Errors.Select(e => e.Message)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Created = user.Email;
            (Email, DisplayName, Role, Password) = (null, null, null, null);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var rows = new List<StaffRow>(all.Count);
        foreach (var user in all)
        {
            rows.Add(new StaffRow(user.Email ?? string.Empty, user.DisplayName, [.. await users.GetRolesAsync(user)], user.LockoutEnd > now, user.CreatedAt));
        }

        Accounts = rows;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;

namespace Retour.Web.Areas.BackOffice.Pages.Staff;

/// <summary>A staff account as the list shows it.</summary>
public sealed record StaffRow(string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, bool Disabled, string? Location, DateTimeOffset CreatedAt);

/// <summary>Staff accounts (Admin only): who has which role, and a form to add someone with a first password.</summary>
[Authorize(Policy = StaffPolicies.ManageStaff)]
public sealed class IndexModel(UserManager<StaffUser> users, StaffAccounts accounts, IOptions<ShopOptions> shop, TimeProvider clock) : PageModel
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

    /// <summary>The site a store associate or warehouse operator works at.</summary>
    [BindProperty]
    public string? Location { get; set; }

    /// <summary>The merchant's sites.</summary>
    public IReadOnlyList<StockLocation> Sites => shop.Value.StockLocations;

    /// <summary>What the last change did.</summary>
    public string? Changed { get; private set; }

    /// <summary>Why the account was not made.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The account just made.</summary>
    public string? Created { get; private set; }

    /// <summary>The list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Adds an account, audited with the administrator's name.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Location is not null && Location.Length > 0 && shop.Value.FindLocation(Location) is null)
        {
            return await AfterAsync(Result.Fail("staff.location.unknown", "Choose one of the shop's sites.", "location"), null, ct);
        }

        var (user, result) = await accounts.CreateAsync(Email ?? string.Empty, DisplayName ?? Email ?? string.Empty, Password ?? string.Empty, Role ?? string.Empty, User.Identity?.Name ?? "admin", ct, Location);
        if (user is null)
        {
            Errors = [.. result.Errors.Select(e => e.Message)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Created = user.Email;
            (Email, DisplayName, Role, Password, Location) = (null, null, null, null, null);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Gives a colleague another role and site, audited.</summary>
    public async Task<IActionResult> OnPostRoleAsync(string email, string role, string? site, CancellationToken ct) =>
        await AfterAsync(
            !string.IsNullOrEmpty(site) && shop.Value.FindLocation(site) is null
                ? Result.Fail("staff.location.unknown", "Choose one of the shop's sites.", "location")
                : await accounts.ChangeRoleAsync(email, role, string.IsNullOrEmpty(site) ? null : shop.Value.FindLocation(site)!.Code, By, ct),
            $"{email} is now {role}.",
            ct);

    /// <summary>Disables or enables a colleague's account, audited.</summary>
    public async Task<IActionResult> OnPostDisableAsync(string email, bool disabled, CancellationToken ct) =>
        await AfterAsync(await accounts.SetDisabledAsync(email, disabled, By, ct), disabled ? $"{email} can no longer sign in." : $"{email} can sign in again.", ct);

    /// <summary>Sets a new password for a colleague, to hand over in person, audited.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(string email, string? newPassword, CancellationToken ct) =>
        await AfterAsync(await accounts.ResetPasswordAsync(email, newPassword ?? string.Empty, By, ct), $"New password set for {email}; give it to them in person.", ct);

    private string By => User.Identity?.Name ?? "admin";

    private async Task<IActionResult> AfterAsync(Result result, string? done, CancellationToken ct)
    {
        if (result.IsSuccess)
        {
            Changed = done;
        }
        else
        {
            Errors = [.. result.Errors.Select(e => e.Message)];
            Response.StatusCode = StatusCodes.Status400BadRequest;
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
            rows.Add(new StaffRow(user.Email ?? string.Empty, user.DisplayName, [.. await users.GetRolesAsync(user)], user.LockoutEnd > now, user.LockoutEnd == DateTimeOffset.MaxValue, user.Location, user.CreatedAt));
        }

        Accounts = rows;
    }
}

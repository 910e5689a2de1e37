using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Staff;

namespace Retour.Web.Areas.BackOffice.Pages;

/// <summary>The back office's home: who is signed in and where their role can go.</summary>
public sealed class IndexModel(UserManager<StaffUser> users) : PageModel
{
    /// <summary>The staff member's name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>Their roles.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>Reads the account.</summary>
    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        Name = user?.DisplayName ?? User.Identity?.Name ?? string.Empty;
        Roles = user is null ? [] : [.. await users.GetRolesAsync(user)];
    }
}

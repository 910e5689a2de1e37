using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Portal;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>Forgets the order this browser was signed in to.</summary>
public sealed class SignOutModel : PageModel
{
    /// <summary>Signs out and goes back to the look-up.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PortalAccess.Scheme);
        return Redirect("/portal");
    }
}

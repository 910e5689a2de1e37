using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Portal;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>Switches the portal's language for a year and goes back to the page the shopper was on.</summary>
public sealed class LanguageModel : PageModel
{
    /// <summary>Remembers the language and returns to <paramref name="next"/> when it is a portal page.</summary>
    public IActionResult OnGet(string code, string? next)
    {
        Response.Cookies.Append(
            PortalAccess.LanguageCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(code)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps });
        return LocalRedirect(next is { } n && n.StartsWith("/portal", StringComparison.Ordinal) && Url.IsLocalUrl(n) ? n : "/portal");
    }
}

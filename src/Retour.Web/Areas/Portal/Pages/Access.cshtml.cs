using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Portal;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>
/// Where links in emails land: a valid token signs the browser in to its order and goes on to the page named by
/// <c>next</c> (a portal page), so the token leaves the address bar at once; an expired or forged one says so.
/// </summary>
public sealed class AccessModel(RetourDbContext db, PortalTokens tokens) : PageModel
{
    /// <summary>Signs in from the token, or explains that the link no longer works.</summary>
    public async Task<IActionResult> OnGetAsync(string? t, string? next, CancellationToken ct)
    {
        if (tokens.Read(t) is { } opens && await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opens.OrderId, ct) is { } order)
        {
            await PortalAccess.SignInAsync(HttpContext, order, opens.Gift);
            return LocalRedirect(PortalAccess.SafeNext(next) ?? "/portal/order");
        }

        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}

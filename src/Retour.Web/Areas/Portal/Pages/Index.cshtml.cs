using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Portal;
using Microsoft.Extensions.Options;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages;

/// <summary>Find my order: the order number with the order's email address or delivery postcode.</summary>
public sealed class IndexModel(RetourDbContext db, PortalThrottle throttle, IOptions<PortalOptions> options, TimeProvider clock) : PageModel
{
    /// <summary>The order number typed.</summary>
    [BindProperty]
    public string? OrderNumber { get; set; }

    /// <summary>The email address or postcode typed.</summary>
    [BindProperty]
    public string? EmailOrPostcode { get; set; }

    /// <summary>The neutral answer to a miss, or the throttle's.</summary>
    public string? Problem { get; private set; }

    /// <summary>The answer when sign-in links are emailed.</summary>
    public string? Notice { get; private set; }

    /// <summary>The order number was left empty.</summary>
    public bool MissingNumber { get; private set; }

    /// <summary>The email address or postcode was left empty.</summary>
    public bool MissingProof { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Looks the order up; a match opens it, anything else gets the same answer.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        MissingNumber = string.IsNullOrWhiteSpace(OrderNumber);
        MissingProof = string.IsNullOrWhiteSpace(EmailOrPostcode);
        if (MissingNumber || MissingProof)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!throttle.TryLookUp(OrderNumber!, EmailOrPostcode!, HttpContext.Connection.RemoteIpAddress?.ToString()))
        {
            Problem = PortalText.Get("Find_TooMany");
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "300";
            return Page();
        }

        var (order, gift) = await PortalAccess.FindWithGiftAsync(db, OrderNumber!, EmailOrPostcode!, ct);
        if (options.Value.RequireEmailLink)
        {
            if (order is not null)
            {
                var now = clock.GetUtcNow();
                db.OutboxMessages.Add(OutboxMessage.Of(new PortalLinkRequested(order.Id, PortalText.Language, now), now));
                await db.SaveChangesAsync(ct);
            }

            Notice = PortalText.Get("Find_LinkSent");
            return Page();
        }

        if (order is null)
        {
            Problem = PortalText.Get("Find_NotFound");
            return Page();
        }

        await PortalAccess.SignInAsync(HttpContext, order, gift);
        return LocalRedirect(PortalAccess.SafeNext(Request.Query["next"]) ?? "/portal/order");
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;

namespace Retour.Web.Pages.Policy;

/// <summary>The published return policy, written for shoppers from the document the engine enforces.</summary>
[AllowAnonymous]
public sealed class IndexModel(RetourDbContext db, PolicyBook book, TimeProvider clock) : PageModel
{
    /// <summary>What the page shows.</summary>
    public PublishedPolicyView View { get; private set; } = null!;

    /// <summary>The other languages, for the links at the top.</summary>
    public IReadOnlyList<string> OtherLocales { get; private set; } = [];

    /// <summary>Builds the page in the locale of the URL, else of Accept-Language.</summary>
    public async Task OnGetAsync(string? locale, CancellationToken ct)
    {
        var chosen = PublishedPolicy.LocaleFor(locale, Request);
        View = await PublishedPolicy.CurrentAsync(db, book, chosen, clock.GetUtcNow(), ct);
        OtherLocales = [.. PolicyText.Locales.Where(l => l != chosen)];
        Response.Headers.ContentLanguage = chosen;
        Response.Headers.Vary = "Accept-Language";
    }
}

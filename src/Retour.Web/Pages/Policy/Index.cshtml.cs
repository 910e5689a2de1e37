using System.Globalization;
using System.Text;
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

    /// <summary>
    /// The statement's values as data-days, data-months, data-percent and data-amount attributes, only those it has
    /// (Razor writes empty data-* attributes for null values). Numbers in invariant culture, so nothing needs encoding.
    /// </summary>
    public static string ValueAttributes(PolicyStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var text = new StringBuilder();
        void Add(string name, IFormattable? value)
        {
            if (value is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" data-{name}=\"{value.ToString(null, CultureInfo.InvariantCulture)}\"");
            }
        }

        Add("days", statement.Days);
        Add("months", statement.Months);
        Add("percent", statement.Percent);
        Add("amount", statement.Amount);
        return text.ToString();
    }

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

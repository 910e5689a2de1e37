using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// The published policy for shoppers: a page at <c>/policy</c> (<c>/policy/fr</c>, <c>/policy/it</c>) and the same
/// as JSON at <c>/policy.json</c> (<c>/policy/fr.json</c> …). Public and read-only; the global rate limit applies.
/// </summary>
public static class PolicyPage
{
    /// <summary>Maps the page (Razor Pages) and its JSON twin.</summary>
    public static IEndpointRouteBuilder MapPolicyPage(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapGet("/policy.json", (HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) => JsonAsync(null, http, db, book, clock, ct))
            .AllowAnonymous()
            .WithTags("Policy page")
            .WithName("GetPublishedPolicy")
            .WithSummary("The published return policy in plain words, as JSON (language from Accept-Language)")
            .Produces<PublishedPolicyView>();
        app.MapGet("/policy/{locale:regex(^(en|fr|it)$)}.json", (string locale, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) => JsonAsync(locale, http, db, book, clock, ct))
            .AllowAnonymous()
            .WithTags("Policy page")
            .WithName("GetPublishedPolicyInLocale")
            .WithSummary("The published return policy in plain words, as JSON, in English, French or Italian")
            .Produces<PublishedPolicyView>();
        return app;
    }

    private static async Task<IResult> JsonAsync(string? locale, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        var chosen = PublishedPolicy.LocaleFor(locale, http.Request);
        http.Response.Headers.ContentLanguage = chosen;
        http.Response.Headers.Vary = "Accept-Language";
        return Results.Ok(await PublishedPolicy.CurrentAsync(db, book, chosen, clock.GetUtcNow(), ct));
    }
}

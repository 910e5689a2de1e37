using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;

namespace Retour.Web.Features.ApiKeys;

/// <summary>A scope: its name and what it opens, as the back office and the docs show it.</summary>
/// <param name="Name">The scope, e.g. <c>returns:write</c>.</param>
/// <param name="Description">What it lets a key do.</param>
public sealed record ApiScope(string Name, string Description);

/// <summary>
/// What each API route needs from a key. One table maps every route under <c>/api/</c> to one scope by its path and
/// method, so a new route is covered the day it is added (a test lists every route and fails on one left to
/// <see cref="FullAccess"/>). Keys from the environment and keys given <see cref="FullAccess"/> pass everywhere.
/// </summary>
public static class ApiScopes
{
    /// <summary>Sending orders, products and stock (the shop's key).</summary>
    public const string OrdersWrite = "orders:write";

    /// <summary>Reading orders, products and stock.</summary>
    public const string OrdersRead = "orders:read";

    /// <summary>Reading returns, customers' return summaries, emails sent and policies (a helpdesk's key).</summary>
    public const string ReturnsRead = "returns:read";

    /// <summary>Moving returns: create, decide, labels, carrier events, receiving, inspection, messages.</summary>
    public const string ReturnsWrite = "returns:write";

    /// <summary>Moving money: resolving with refunds, goodwill refunds, charges, store credit and gift cards.</summary>
    public const string RefundsWrite = "refunds:write";

    /// <summary>Reading analytics and customer feedback.</summary>
    public const string AnalyticsRead = "analytics:read";

    /// <summary>Editing and publishing return policies.</summary>
    public const string PoliciesWrite = "policies:write";

    /// <summary>Managing webhook subscriptions.</summary>
    public const string WebhooksManage = "webhooks:manage";

    /// <summary>Everything, including what a later version adds (keys from the environment have it).</summary>
    public const string FullAccess = "*";

    /// <summary>The claim a key's scopes travel in.</summary>
    public const string ClaimType = "scope";

    /// <summary>Every scope, in the order the back office lists them.</summary>
    public static readonly IReadOnlyList<ApiScope> All =
    [
        new(OrdersWrite, "Send orders, products and stock levels (POST/PUT under /orders, /catalog, /stock, /integrations)."),
        new(OrdersRead, "Read orders, products and stock."),
        new(ReturnsRead, "Read returns, a customer's returns summary, items to send, emails sent, policies and carriers; check eligibility."),
        new(ReturnsWrite, "Create returns and move them: decisions, labels, carrier events, receiving, inspection, messages, notes, tickets."),
        new(RefundsWrite, "Move money: resolve with refunds, goodwill refunds, charges, reversals, store credit and gift cards."),
        new(AnalyticsRead, "Read analytics and customer feedback."),
        new(PoliciesWrite, "Edit, simulate and publish return policies."),
        new(WebhooksManage, "Subscribe URLs to events, read the delivery log, re-send."),
        new(FullAccess, "Everything (for the shop's own back end; prefer the narrowest scopes that work)."),
    ];

    private static readonly HashSet<string> Known = [.. All.Select(s => s.Name)];

    private static readonly ConcurrentDictionary<(string Method, string Pattern), string> Cache = new();

    // Returns routes that move money rather than the return itself.
    private static readonly string[] MoneyOnReturns = ["/resolve", "/goodwill-refunds", "/charges/", "/reversal"];

    /// <summary>True for a scope name Retour knows.</summary>
    public static bool IsKnown(string scope) => Known.Contains(scope);

    /// <summary>The scope a route needs, by its route pattern and HTTP method.</summary>
    public static string Required(string method, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Cache.GetOrAdd((method, pattern), static key => Rule(key.Method, key.Pattern));
    }

    /// <summary>
    /// Middleware after authorisation: a key without the route's scope gets 403 naming the scope it lacks. Routes open
    /// to anyone (signed webhooks from Shopify, Stripe, carriers) and callers that are not keys are not concerned.
    /// </summary>
    public static Task EnforceAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: Infrastructure.ApiKeyAuthenticationHandler.SchemeName }
            && http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } endpoint
            && pattern.StartsWith("/api/", StringComparison.Ordinal)
            && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            var needed = Required(http.Request.Method, pattern);
            if (!http.User.HasClaim(ClaimType, FullAccess) && !http.User.HasClaim(ClaimType, needed))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Infrastructure.Problems.Forbidden($"This API key lacks the scope '{needed}' that {http.Request.Method} {pattern} needs. An administrator can make a key with it at /backoffice/api-keys.")
                    .ExecuteAsync(http);
            }
        }

        return next();
    }

    private static string Rule(string method, string pattern)
    {
        var reads = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        bool Under(string prefix) => pattern.Equals(prefix, StringComparison.Ordinal) || pattern.StartsWith(prefix + "/", StringComparison.Ordinal);

        if (Under("/api/v1/analytics") || Under("/api/v1/feedback"))
        {
            return AnalyticsRead;
        }

        if (Under("/api/v1/webhooks"))
        {
            return WebhooksManage;
        }

        if (Under("/api/v1/orders") || Under("/api/v1/catalog") || Under("/api/v1/stock") || Under("/api/v1/integrations"))
        {
            return reads ? OrdersRead : OrdersWrite;
        }

        if (Under("/api/v1/refunds") || Under("/api/v1/store-credit") || Under("/api/v1/gift-cards"))
        {
            return reads ? ReturnsRead : RefundsWrite;
        }

        if (Under("/api/v1/policies"))
        {
            return reads ? ReturnsRead : PoliciesWrite;
        }

        if (pattern.Equals("/api/v1/returns/eligibility", StringComparison.Ordinal))
        {
            return ReturnsRead;
        }

        if (Under("/api/v1/returns"))
        {
            return reads ? ReturnsRead
                : MoneyOnReturns.Any(m => pattern.Contains(m, StringComparison.Ordinal)) ? RefundsWrite
                : ReturnsWrite;
        }

        if (Under("/api/v1/receiving") || Under("/api/v1/carrier-events") || Under("/api/v1/carriers"))
        {
            return reads ? ReturnsRead : ReturnsWrite;
        }

        if (Under("/api/v1/customers") || Under("/api/v1/items-to-send") || Under("/api/v1/emails"))
        {
            return reads ? ReturnsRead : ReturnsWrite;
        }

        return FullAccess;
    }
}

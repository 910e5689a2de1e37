using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Retour.Web.Infrastructure;

/// <summary>One integration's key: a name and either the key itself or its SHA-256 (hex), from the environment.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who uses the key; recorded as the actor of what it does.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key, when given in clear through an environment variable.</summary>
    public string? Key { get; set; }

    /// <summary>The key's SHA-256 in hex, to keep only a hash in configuration.</summary>
    public string? Sha256 { get; set; }

    /// <summary>
    /// The staff roles the key acts with (e.g. <c>Api__Keys__0__Roles__0=Warehouse</c> for a warehouse system); none
    /// gives every role, as a trusted integration such as the shop itself.
    /// </summary>
    public IList<string> Roles { get; } = [];

    /// <summary>
    /// The scopes the key has (e.g. <c>Api__Keys__0__Scopes__0=returns:read</c>); none gives every scope. Keys made in
    /// the back office are stored in the database instead (see <see cref="Features.ApiKeys.ApiKey"/>).
    /// </summary>
    public IList<string> Scopes { get; } = [];
}

/// <summary>Keys accepted on the API (section <c>Api</c>, e.g. <c>Api__Keys__0__Name</c> and <c>Api__Keys__0__Key</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The keys.</summary>
    public IList<ApiKeyEntry> Keys { get; } = [];
}

/// <summary>Authenticates integrations by <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>, comparing hashes in constant time.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    Features.ApiKeys.ApiKeyLookup managed)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The claim carrying a managed key's own limit of requests per minute.</summary>
    public const string PerMinuteClaim = "rate_per_minute";

    /// <summary>The claim carrying a managed key's public prefix (its rate-limit partition and its name in logs).</summary>
    public const string KeyClaim = "api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (Features.ApiKeys.ApiKeyLookup.IsManaged(presented))
        {
            var key = await managed.FindAsync(presented, Context.RequestAborted);
            if (key is null)
            {
                return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
            }

            List<Claim> claims = [new(ClaimTypes.Name, key.Name), new("actor_kind", "integration"), new(KeyClaim, key.Prefix)];
            claims.AddRange((key.Role is { } role ? [role] : Features.Staff.StaffRoles.All).Select(r => new Claim(ClaimTypes.Role, r)));
            claims.AddRange(key.ScopeList.Select(s => new Claim(Features.ApiKeys.ApiScopes.ClaimType, s)));
            if (key.PerMinute is { } perMinute)
            {
                claims.Add(new Claim(PerMinuteClaim, perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var entry in api.CurrentValue.Keys)
        {
            var expected = entry.Sha256 is { Length: 64 } hex ? Convert.FromHexString(hex)
                : entry.Key is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
                : null;
            if (expected is not null && CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                var roles = entry.Roles.Count > 0 ? entry.Roles : Features.Staff.StaffRoles.All;
                var scopes = entry.Scopes.Count > 0 ? entry.Scopes : [Features.ApiKeys.ApiScopes.FullAccess];
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.Name, entry.Name), new Claim("actor_kind", "integration"),
                        .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
                        .. scopes.Select(s => new Claim(Features.ApiKeys.ApiScopes.ClaimType, s)),
                    ],
                    SchemeName);
                return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
            }
        }

        return AuthenticateResult.Fail("Unknown API key.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: 401, title: "An API key is needed.", detail: "Send 'Authorization: Bearer <key>'.", type: "urn:retour:problem:unauthorized").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Problems.Forbidden("The key's roles (Api:Keys:N:Roles) do not include one allowed for this action.").ExecuteAsync(Context);
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header : null;
    }
}

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
    IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
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
                var identity = new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, entry.Name), new Claim("actor_kind", "integration"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
                    SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
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

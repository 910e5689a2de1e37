using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Retour.Web.Features.Portal;

/// <summary>
/// Signed, expiring tokens that open one order in the portal, carried by links in emails: the status link of a
/// return (valid for weeks) and the sign-in link merchants can require instead of the look-up (valid for minutes).
/// Encrypted and authenticated with ASP.NET Core Data Protection, so they can be neither read nor forged.
/// </summary>
public sealed class PortalTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long an emailed status link opens the order.</summary>
    public static readonly TimeSpan StatusLinkLifetime = TimeSpan.FromDays(60);

    /// <summary>How long an emailed sign-in link works.</summary>
    public static readonly TimeSpan SignInLinkLifetime = TimeSpan.FromMinutes(30);

    // The expiry travels inside the protected payload and is checked against Retour's clock (the time-limited
    // protector would read the machine's clock, which tests and replays cannot move).
    private readonly IDataProtector _protector = protection.CreateProtector("Retour.Portal.Order.v1");

    /// <summary>A token for <paramref name="orderId"/>, valid for <paramref name="lifetime"/>; <paramref name="gift"/> opens it as the gift's recipient.</summary>
    public string Create(Guid orderId, TimeSpan lifetime, bool gift = false) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{orderId:N}|{(clock.GetUtcNow() + lifetime).ToUnixTimeSeconds()}|{(gift ? "g" : "b")}"));

    /// <summary>The order a token opens and whether as the gift's recipient, or null when it is malformed, forged or expired.</summary>
    public (Guid OrderId, bool Gift)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return parts.Length == 3
                && Guid.TryParseExact(parts[0], "N", out var id)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && DateTimeOffset.FromUnixTimeSeconds(expires) > clock.GetUtcNow()
                ? (id, parts[2] == "g")
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

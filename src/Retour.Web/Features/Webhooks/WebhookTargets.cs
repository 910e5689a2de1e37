using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Retour.Web.Features.Webhooks;

/// <summary>
/// Which URLs a subscription may point at (docs/webhooks.md, "Allowed URLs"): https only, except http to the loopback
/// when <see cref="WebhookOptions.AllowHttpLoopback"/>; and, unless <see cref="WebhookOptions.AllowPrivateNetworks"/>,
/// no address in a private, loopback, link-local, shared or multicast range — checked on the URL and again on every
/// connection, after DNS, so a public name that resolves inside is refused too (SSRF).
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    /// <summary>Whether http to the loopback is allowed.</summary>
    public bool HttpLoopback => options.Value.AllowHttpLoopback ?? !environment.IsProduction();

    /// <summary>Whether private-network targets are allowed.</summary>
    public bool PrivateNetworks => options.Value.AllowPrivateNetworks ?? !environment.IsProduction();

    /// <summary>Why <paramref name="url"/> is refused, or null when it is allowed.</summary>
    public string? Refusal(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return "Give an absolute URL.";
        }

        if (uri.Length() > WebhookSubscription.MaxUrl)
        {
            return $"At most {WebhookSubscription.MaxUrl} characters.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "No user name or password in the URL: authenticate deliveries with the signature.";
        }

        var loopback = uri.IsLoopback;
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (!(loopback && HttpLoopback))
            {
                return "Use https (http is allowed only to 127.0.0.1 or localhost, when Webhooks:AllowHttpLoopback is on).";
            }
        }
        else if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Use https.";
        }

        if (!PrivateNetworks && !(loopback && uri.Scheme == Uri.UriSchemeHttp && HttpLoopback)
            && (loopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IsPrivate(ip)) || uri.DnsSafeHost.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || uri.DnsSafeHost.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)))
        {
            return "Private-network addresses are not allowed (Webhooks:AllowPrivateNetworks).";
        }

        return null;
    }

    /// <summary>True when a connection to <paramref name="address"/> is allowed for <paramref name="host"/>.</summary>
    public bool MayConnect(IPAddress address, string host) =>
        PrivateNetworks || !IsPrivate(address) || (HttpLoopback && IPAddress.IsLoopback(address) && IsLoopbackName(host));

    /// <summary>True for loopback, private (RFC 1918, RFC 4193), link-local, CGNAT (RFC 6598), unspecified and multicast addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224;
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC;
    }

    private static bool IsLoopbackName(string host) =>
        host is "127.0.0.1" or "[::1]" or "::1" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Small helpers on URIs.</summary>
internal static class UriLength
{
    public static int Length(this Uri uri) => uri.OriginalString.Length;
}

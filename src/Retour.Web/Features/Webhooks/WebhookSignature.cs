using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Retour.Web.Features.Webhooks;

/// <summary>
/// Signing a delivery and checking it: <c>Retour-Signature: t=UNIX_SECONDS,v1=HEX</c> where HEX is the lower-case hex
/// HMAC-SHA256, keyed with the subscription's secret (its UTF-8 bytes, prefix included), of
/// <c>t + "." + body</c>. Receivers may copy <see cref="Verify"/> (docs/webhooks.md).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "Retour-Signature";

    /// <summary>How old a signature a receiver should accept by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes, URL-safe base64.</summary>
    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>; during a rotation, a second
    /// <c>v1</c> with the <paramref name="previousSecret"/>, so a receiver still holding the old secret keeps verifying.
    /// </summary>
    public static string Sign(string secret, DateTimeOffset timestamp, string body, string? previousSecret = null)
    {
        var t = timestamp.ToUnixTimeSeconds();
        return previousSecret is null
            ? string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Compute(secret, t, body)}")
            : string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Compute(secret, t, body)},v1={Compute(previousSecret, t, body)}");
    }

    /// <summary>
    /// True when <paramref name="header"/> is a signature of <paramref name="body"/> with <paramref name="secret"/>
    /// whose timestamp is within <paramref name="tolerance"/> of <paramref name="now"/> (either side), so an old
    /// delivery replayed later is refused. Any of several <c>v1</c> values may match (a secret being rotated).
    /// </summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        long? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                t = seconds;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }

        if (t is not { } timestamp || signatures.Count == 0 || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }

    private static string Compute(string secret, long t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{t}.{body}"))));
}

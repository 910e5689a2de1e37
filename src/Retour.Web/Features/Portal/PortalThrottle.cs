using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Retour.Web.Features.Portal;

/// <summary>
/// Limits order look-ups per order number, per email address or postcode and per client, counting right and wrong
/// attempts alike, so neither guessing an order's email nor trying one email against many orders gets far.
/// Addresses are kept only as hashes.
/// </summary>
public sealed class PortalThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter from the portal's settings.</summary>
    public PortalThrottle(IOptions<PortalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k[0] switch { 'o' => o.LookupsPerOrder, 'a' => o.LookupsPerAddress, _ => o.LookupsPerClient },
            Window = o.LookupWindow,
            QueueLimit = 0,
        }));
    }

    /// <summary>Counts one look-up; false when any of its three limits is spent.</summary>
    public bool TryLookUp(string orderNumber, string address, string? client)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(address);
        using var byOrder = _limiter.AttemptAcquire("o:" + Hash(orderNumber));
        using var byAddress = _limiter.AttemptAcquire("a:" + Hash(address));
        using var byClient = _limiter.AttemptAcquire("c:" + (client ?? "unknown"));
        return byOrder.IsAcquired && byAddress.IsAcquired && byClient.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.Trim().ToUpperInvariant())), 0, 12);
}

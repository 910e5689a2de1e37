using Microsoft.Extensions.Options;

namespace Retour.Web.Features.Carriers;

/// <summary>The carriers Retour can make labels with, found by code; the shop's default from configuration.</summary>
public sealed class CarrierRegistry(IEnumerable<ICarrier> carriers, IOptions<CarriersOptions> options)
{
    private readonly List<ICarrier> _carriers = [.. carriers];

    /// <summary>Every registered carrier.</summary>
    public IReadOnlyList<ICarrier> All => _carriers;

    /// <summary>The carrier with this code (case-insensitive), or the default when no code is given; null when unknown.</summary>
    public ICarrier? Find(string? code)
    {
        var wanted = string.IsNullOrWhiteSpace(code) ? options.Value.Default : code.Trim();
        return _carriers.Find(c => string.Equals(c.Code, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The default carrier, when it is registered and makes labels.</summary>
    public ICarrier? Default => Find(null) is { } c && c.Capabilities.HasFlag(CarrierCapabilities.Labels) ? c : null;
}

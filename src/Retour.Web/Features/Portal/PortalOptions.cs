using System.ComponentModel.DataAnnotations;

namespace Retour.Web.Features.Portal;

/// <summary>The portal's settings, section <c>Portal</c>: how hard it is to guess one's way into an order.</summary>
public sealed class PortalOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Portal";

    /// <summary>Look-ups allowed per order number in <see cref="LookupWindow"/>, right or wrong.</summary>
    [Range(1, 1000)]
    public int LookupsPerOrder { get; set; } = 10;

    /// <summary>Look-ups allowed per email address or postcode in <see cref="LookupWindow"/>.</summary>
    [Range(1, 1000)]
    public int LookupsPerAddress { get; set; } = 10;

    /// <summary>Look-ups allowed per client IP address in <see cref="LookupWindow"/>.</summary>
    [Range(1, 10000)]
    public int LookupsPerClient { get; set; } = 30;

    /// <summary>
    /// When true, a matching look-up does not open the order: a sign-in link valid for 30 minutes is emailed to the
    /// order's address instead, and every look-up gets the same "if it matches, we sent a link" answer.
    /// </summary>
    public bool RequireEmailLink { get; set; }

    /// <summary>The window the limits above count in.</summary>
    public TimeSpan LookupWindow { get; set; } = TimeSpan.FromMinutes(15);
}

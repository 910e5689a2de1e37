using Retour.Web.Features.Shop;

namespace Retour.Web.Features.Notifications;

/// <summary>The addresses of customer portal pages that emails link to, built in this one place.</summary>
public static class PortalLinks
{
    /// <summary>The page where a shopper follows the return <paramref name="returnNumber"/>.</summary>
    public static string Status(ShopOptions shop, string returnNumber)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return $"{shop.PublicUrl.TrimEnd('/')}/portal/returns/{Uri.EscapeDataString(returnNumber)}";
    }

    /// <summary>The logo as an absolute URL (a path is served by Retour), or null when the shop has none.</summary>
    public static string? Logo(ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return string.IsNullOrWhiteSpace(shop.LogoUrl) || Uri.IsWellFormedUriString(shop.LogoUrl, UriKind.Absolute)
            ? shop.LogoUrl
            : $"{shop.PublicUrl.TrimEnd('/')}/{shop.LogoUrl.TrimStart('/')}";
    }
}

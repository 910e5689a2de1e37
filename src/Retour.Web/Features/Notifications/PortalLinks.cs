using Retour.Web.Features.Shop;

namespace Retour.Web.Features.Notifications;

/// <summary>The addresses of customer portal pages that emails link to, built in this one place.</summary>
public static class PortalLinks
{
    /// <summary>The page where a shopper follows the return <paramref name="returnNumber"/>; the token opens it without a look-up.</summary>
    public static string Status(ShopOptions shop, string returnNumber, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var page = $"/portal/returns/{Uri.EscapeDataString(returnNumber)}";
        return token is null ? shop.PublicUrl.TrimEnd('/') + page : Access(shop, token, page);
    }

    /// <summary>One click from an email: rates return <paramref name="returnNumber"/> <paramref name="rating"/> of 5 and opens the page to add a comment.</summary>
    public static string Feedback(ShopOptions shop, string returnNumber, int rating, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        var page = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/portal/returns/{Uri.EscapeDataString(returnNumber)}/feedback?rating={rating}");
        return token is null ? shop.PublicUrl.TrimEnd('/') + page : Access(shop, token, Uri.EscapeDataString(page));
    }

    /// <summary>The link that signs a shopper in to an order (for shops that require emailed links).</summary>
    public static string Access(ShopOptions shop, string token, string next = "/portal/order")
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(next);
        return $"{shop.PublicUrl.TrimEnd('/')}/portal/access?t={Uri.EscapeDataString(token)}&next={next}";
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

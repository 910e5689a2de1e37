using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Portal;

/// <summary>
/// How a shopper gets into an order without an account: the order number with the order's email address or its
/// postcode. A match signs the browser in to that one order with a short-lived cookie; every miss gets the same
/// neutral answer, so the portal never tells which half was wrong.
/// </summary>
public static class PortalAccess
{
    /// <summary>The cookie scheme of shoppers.</summary>
    public const string Scheme = "Portal";

    /// <summary>The authorisation policy of the portal's pages.</summary>
    public const string Policy = "Shopper";

    /// <summary>The claim naming the order the browser may see.</summary>
    public const string OrderClaim = "retour:order";

    /// <summary>The cookie that remembers the chosen language.</summary>
    public const string LanguageCookie = "retour_lang";

    /// <summary>The claim marking a browser that came in with a gift receipt code.</summary>
    public const string GiftClaim = "retour:gift";

    /// <summary>
    /// The order matching the number and the email address, postcode or gift receipt code, or null; gift is true
    /// when the gift receipt code matched (the recipient, not the buyer, is returning).
    /// </summary>
    public static async Task<(Order? Order, bool Gift)> FindWithGiftAsync(RetourDbContext db, string orderNumber, string proof, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var order = await FindAsync(db, orderNumber, proof, ct);
        if (order is not null)
        {
            return (order, false);
        }

        var number = (orderNumber ?? string.Empty).Trim().TrimStart('#');
        var code = (proof ?? string.Empty).Trim();
        if (number.Length is 0 or > 100 || code.Length is 0 or > 64)
        {
            return (null, false);
        }

        var forms = NumberForms(number);
        var candidates = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => forms.Contains(o.Number) && o.GiftReceiptCode != null)
            .Select(o => new { o.Id, o.GiftReceiptCode })
            .ToListAsync(ct);
        var match = candidates.FirstOrDefault(c => Same(Compact(c.GiftReceiptCode!), Compact(code)));
        return match is null ? (null, false) : (await db.Orders.AsNoTracking().FirstAsync(o => o.Id == match.Id, ct), true);
    }

    /// <summary>The order matching the number and the email address or postcode, or null.</summary>
    public static async Task<Order?> FindAsync(RetourDbContext db, string orderNumber, string emailOrPostcode, CancellationToken ct, bool postcodeAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        var number = (orderNumber ?? string.Empty).Trim().TrimStart('#');
        var proof = (emailOrPostcode ?? string.Empty).Trim();
        if (number.Length is 0 or > 100 || proof.Length is 0 or > 320)
        {
            return null;
        }

        var forms = NumberForms(number);
        var candidates = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => forms.Contains(o.Number))
            .Select(o => new { o.Id, o.Customer.Email, o.ShipTo.PostalCode })
            .ToListAsync(ct);
        var match = candidates.FirstOrDefault(c => Same(c.Email, proof) || (postcodeAllowed && c.PostalCode is { Length: > 0 } postcode && Same(Compact(postcode), Compact(proof))));
        return match is null ? null : await db.Orders.AsNoTracking().FirstAsync(o => o.Id == match.Id, ct);
    }

    /// <summary>Signs the browser in to <paramref name="order"/>, as the recipient of a gift when <paramref name="gift"/>.</summary>
    public static Task SignInAsync(HttpContext http, Order order, bool gift = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(order);
        List<Claim> claims = [new Claim(OrderClaim, order.Id.ToString()), new Claim(ClaimTypes.Name, order.Number)];
        if (gift)
        {
            claims.Add(new Claim(GiftClaim, "true"));
        }

        var identity = new ClaimsIdentity(claims, Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    /// <summary><paramref name="next"/> when it is a page of the portal on this site, else null: never an open redirect.</summary>
    public static string? SafeNext(string? next) =>
        next is { Length: > 7 and < 300 } n && n.StartsWith("/portal/", StringComparison.Ordinal) && !n.Contains("//", StringComparison.Ordinal) && !n.Contains('\\', StringComparison.Ordinal)
            ? n
            : null;

    /// <summary>True when the browser came in with the order's gift receipt code.</summary>
    public static bool IsGift(ClaimsPrincipal user) => user?.HasClaim(GiftClaim, "true") == true;

    /// <summary>The order the browser is signed in to, or null.</summary>
    public static Guid? OrderOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(OrderClaim), out var id) ? id : null;

    /// <summary>The signed-in order with its returns, or null when the browser is not signed in to an order that exists.</summary>
    public static async Task<(Order Order, List<ReturnCase> Returns)?> LoadAsync(ClaimsPrincipal user, RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (OrderOf(user) is not { } id || await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is not { } order)
        {
            return null;
        }

        var returns = await db.Returns.AsNoTracking().Where(r => r.OrderId == id).OrderByDescending(r => r.RequestedAt).ToListAsync(ct);
        return (order, returns);
    }

    // Compares in time independent of where the texts differ, so response times do not leak how close a guess was.
    private static bool Same(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected.Trim().ToUpperInvariant())),
            SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim().ToUpperInvariant())));

    // Shoppers type "#1042", "1042" or "d10042": the forms an order number may be stored in.
    private static string[] NumberForms(string number)
    {
        var upper = number.ToUpperInvariant();
        return [number, "#" + number, upper, "#" + upper];
    }

    private static string Compact(string postcode) => string.Concat(postcode.Where(char.IsLetterOrDigit));
}

/// <summary>A shopper asked for a sign-in link to an order (shops that require emailed links); email it to the order's address.</summary>
public sealed record PortalLinkRequested(Guid OrderId, string Language, DateTimeOffset At);

using System.Globalization;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Shop;

namespace Retour.Web.Features.Labels;

/// <summary>
/// Everything a return label shows, already in the customer's language: the input of <see cref="ReturnLabel"/>,
/// so rendering is a pure function the API, the portal and emails share.
/// </summary>
public sealed record ReturnLabelContent(
    string Locale,
    string ShopName,
    string AccentColour,
    string OnAccentColour,
    string Heading,
    string ReturnNumber,
    string ToCaption,
    IReadOnlyList<string> ToLines,
    string FromCaption,
    IReadOnlyList<string> FromLines,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> Instructions)
{
    /// <summary>
    /// The label of a return in <paramref name="locale"/> (en, fr or it; anything else is English). The ship-by date
    /// is the merchant's calendar day in <paramref name="timeZone"/>, where the deadline ends.
    /// </summary>
    public static ReturnLabelContent From(ReturnCase returnCase, Order order, ShopOptions shop, string locale, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(timeZone);
        var language = LabelText.Supported(locale) ?? LabelText.Locales[0];
        var culture = CultureInfo.GetCultureInfo(language);
        string T(string key, params object?[] args) => LabelText.Format(key, culture, args);
        DateOnly? shipBy = returnCase.ShipBy is { } deadline ? MerchantCalendar.LocalDate(deadline, timeZone) : null;

        var facts = new List<string> { T("Order", order.Number) };
        if (returnCase.LabelCarrier is { Length: > 0 } carrier && returnCase.TrackingNumber is { Length: > 0 } tracking)
        {
            facts.Add(T("Carrier", carrier, tracking));
        }

        if (shipBy is { } day)
        {
            facts.Add(T("ShipBy", day));
        }

        return new ReturnLabelContent(
            language,
            shop.Name,
            shop.AccentColour,
            shop.OnAccentColour,
            T("Heading"),
            returnCase.Number,
            T("To"),
            shop.ReturnAddressLines,
            T("From"),
            [string.IsNullOrWhiteSpace(order.Customer.Name) ? order.Customer.Email : order.Customer.Name.Trim(), CountryName(order.ShipTo.Country)],
            facts,
            [T("Pack"), T("Attach"), shipBy is { } last ? T("DropOffBy", last) : T("DropOff")]);
    }

    /// <summary>The country's own name for itself (what its post office reads), or the code when it is not a known region.</summary>
    private static string CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).NativeName;
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}

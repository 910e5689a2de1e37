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
    /// <summary>What the QR code encodes: the carrier label's tracking number, else the return number.</summary>
    public string? QrText { get; init; }

    /// <summary>The customs page's heading, when the parcel crosses a customs border (a second page); else null.</summary>
    public string? CustomsHeading { get; init; }

    /// <summary>The customs page's lines: route, reason, one per item (a missing HS code or origin said so), total, signature.</summary>
    public IReadOnlyList<string> CustomsLines { get; init; } = [];

    /// <summary>
    /// The label of a return in <paramref name="locale"/> (en, fr or it; anything else is English). The ship-by date
    /// is the merchant's calendar day in <paramref name="timeZone"/>, where the deadline ends.
    /// </summary>
    public static ReturnLabelContent From(ReturnCase returnCase, Order order, ShopOptions shop, string locale, TimeZoneInfo timeZone) =>
        From(returnCase, order, shop, locale, timeZone, null, null);

    /// <summary>
    /// The label of a return travelling with a carrier's <paramref name="label"/> (null for the return's own label):
    /// its carrier and tracking number, validity and drop-off code among the facts, the tracking number in the QR
    /// code, and a customs page when the label carries a declaration.
    /// </summary>
    public static ReturnLabelContent From(ReturnCase returnCase, Order order, ShopOptions shop, string locale, TimeZoneInfo timeZone, ShippingLabel? label, string? carrierName)
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
        if (label is not null)
        {
            facts.Add(T("Carrier", carrierName ?? label.Carrier, label.TrackingNumber));
            if (label.ExpiresAt is { } expires)
            {
                facts.Add(T("Expires", MerchantCalendar.LocalDate(expires, timeZone)));
            }

            if (label.DropOffCode is { } code)
            {
                facts.Add(T("DropOffCode", code));
            }
        }
        else if (returnCase.LabelCarrier is { Length: > 0 } carrier && returnCase.TrackingNumber is { Length: > 0 } tracking)
        {
            facts.Add(T("Carrier", carrier, tracking));
        }

        if (shipBy is { } day)
        {
            facts.Add(T("ShipBy", day));
        }

        var customs = label?.Customs is { } declaration ? CustomsText(declaration, returnCase.Number, label.TrackingNumber, T) : [];
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
            [T("Pack"), T("Attach"), shipBy is { } last ? T("DropOffBy", last) : T("DropOff")])
        {
            QrText = label?.TrackingNumber,
            CustomsHeading = customs.Count > 0 ? T("CustomsHeading") : null,
            CustomsLines = customs,
        };
    }

    // The declaration as the customs page prints it; what the shop did not send is written as not given, never guessed.
    private static List<string> CustomsText(CustomsDeclaration declaration, string returnNumber, string tracking, Func<string, object?[], string> t)
    {
        var missing = t("CustomsMissing", []);
        var lines = new List<string>
        {
            t("CustomsRoute", [CountryName(declaration.FromCountry), CountryName(declaration.ToCountry), returnNumber, tracking]),
            t("CustomsReason", [declaration.Reason]),
        };
        lines.AddRange(declaration.Items.Select(i => t("CustomsItem", [i.Quantity, i.Description, i.HsCode ?? missing, i.CountryOfOrigin ?? missing, i.Value, i.Currency])));
        lines.Add(t("CustomsTotal", [declaration.TotalValue, declaration.Currency]));
        lines.Add(t("CustomsSign", []));
        return lines;
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

using System.Globalization;
using System.Resources;
using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Portal;

/// <summary>
/// The portal's sentences in the request's language (<c>Resources/PortalText*.resx</c>: en, fr, it), and money and
/// dates written the way that language writes them.
/// </summary>
public static class PortalText
{
    private static readonly ResourceManager Resources = new("Retour.Web.Resources.PortalText", typeof(PortalText).Assembly);

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["EUR"] = "€", ["GBP"] = "£", ["USD"] = "$", ["JPY"] = "¥", ["CHF"] = "CHF",
    };

    /// <summary>The language of this request (en, fr or it).</summary>
    public static CultureInfo Culture => CultureInfo.CurrentUICulture;

    /// <summary>The two-letter language of this request.</summary>
    public static string Language => Culture.TwoLetterISOLanguageName;

    /// <summary>The sentence <paramref name="key"/> in the request's language.</summary>
    public static string Get(string key) =>
        Resources.GetString(key, Culture) ?? throw new InvalidOperationException($"Resources/PortalText.resx has no '{key}'.");

    /// <summary>The sentence with its placeholders filled for the request's language.</summary>
    public static string Format(string key, params object?[] args) => string.Format(Culture, Get(key), args);

    /// <summary>An amount in a currency, written for the request's language (e.g. 24,00 € in French).</summary>
    public static string Money(decimal amount, string currency)
    {
        var format = (NumberFormatInfo)CultureInfo.GetCultureInfo(Culture.Name).NumberFormat.Clone();
        format.CurrencySymbol = Symbols.GetValueOrDefault(currency, currency);
        format.CurrencyDecimalDigits = Domain.Money.Currency.MinorUnits(currency);
        return amount.ToString("C", format);
    }

    /// <summary>A day written in full for the request's language, in the shop's time zone.</summary>
    public static string Day(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("D", Culture);

    /// <summary>A reason's label in the request's language (English, then the code, when missing).</summary>
    public static string Reason(ReasonRule reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Labels.TryGetValue(Language, out var label) || reason.Labels.TryGetValue("en", out label) ? label : reason.Code;
    }

    /// <summary>What a resolution is called; store credit names its bonus.</summary>
    public static string Resolution(Resolution resolution, decimal storeCreditBonusPercent) =>
        resolution == Domain.Returns.Resolution.StoreCredit && storeCreditBonusPercent > 0
            ? Format("Resolution_StoreCreditBonus", storeCreditBonusPercent.ToString("0.##", Culture))
            : Get("Resolution_" + resolution);
}

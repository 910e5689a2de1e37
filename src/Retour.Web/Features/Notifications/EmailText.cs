using System.Globalization;
using System.Resources;
using Retour.Domain.Money;

namespace Retour.Web.Features.Notifications;

/// <summary>The sentences of customer emails, from <c>Resources/EmailText*.resx</c> (en, fr, it).</summary>
internal static class EmailText
{
    /// <summary>The languages emails are written in; the first is the default.</summary>
    public static readonly string[] Languages = ["en", "fr", "it"];

    private static readonly ResourceManager Resources = new("Retour.Web.Resources.EmailText", typeof(EmailText).Assembly);

    /// <summary>The sentence <paramref name="key"/> in the culture (English when missing).</summary>
    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Resources/EmailText.resx has no '{key}'.");

    /// <summary>The sentence with its placeholders filled, numbers and dates written for the culture.</summary>
    public static string Format(string key, CultureInfo culture, params object?[] args) =>
        string.Format(culture, Get(key, culture), args);

    /// <summary>
    /// The culture an email is written in for a customer's locale (e.g. fr-CH): its language when Retour writes it
    /// (English otherwise), with the locale's own way of writing dates and amounts when it is of that language.
    /// </summary>
    public static CultureInfo CultureFor(string? locale)
    {
        var language = (locale ?? string.Empty).Split('-', '_')[0].ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            return CultureInfo.GetCultureInfo(Languages[0]);
        }

        try
        {
            var specific = CultureInfo.GetCultureInfo(locale!.Replace('_', '-'));
            return specific.TwoLetterISOLanguageName == language ? specific : CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo(language);
        }
    }

    /// <summary>An amount in its currency, written the culture's way (e.g. 20,00 € in fr-FR, € 20,00 in it-IT).</summary>
    public static string Money(decimal amount, string currency, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = Symbol(currency, culture);
        format.CurrencyDecimalDigits = Currency.MinorUnits(currency);
        return amount.ToString("C", format);
    }

    private static string Symbol(string currency, CultureInfo culture)
    {
        if (!culture.IsNeutralCulture && new RegionInfo(culture.Name).ISOCurrencySymbol == currency)
        {
            return culture.NumberFormat.CurrencySymbol;
        }

        return currency switch
        {
            "EUR" => "€",
            "GBP" => "£",
            _ => currency,
        };
    }
}

/// <summary>
/// The rejection messages staff pick from instead of writing one, each written in every language customers read;
/// the customer gets it in their own.
/// </summary>
public static class RejectionTemplates
{
    /// <summary>The templates' keys, in the order staff see them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["OutsideWindow", "UsedOrDamaged", "FinalSale", "HygieneSeal", "NotOurs"];

    /// <summary>The template's text in the customer's language (English when it is not one Retour writes).</summary>
    public static string? Text(string? key, string? locale) =>
        key is not null && Keys.Contains(key) ? EmailText.Get("Reject_" + key, EmailText.CultureFor(locale)) : null;
}

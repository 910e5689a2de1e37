using System.Globalization;
using System.Resources;

namespace Retour.Web.Features.Policies;

/// <summary>The sentences of the published policy page, from <c>Resources/PolicyText*.resx</c> (en, fr, it).</summary>
internal static class PolicyText
{
    /// <summary>The languages the page is written in; the first is the default.</summary>
    public static readonly string[] Locales = ["en", "fr", "it"];

    private static readonly ResourceManager Resources = new("Retour.Web.Resources.PolicyText", typeof(PolicyText).Assembly);

    /// <summary>The sentence <paramref name="key"/> in the culture (English when missing).</summary>
    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Resources/PolicyText.resx has no '{key}'.");

    /// <summary>The sentence with its placeholders filled, numbers and dates written for the culture.</summary>
    public static string Format(string key, CultureInfo culture, params object?[] args) =>
        string.Format(culture, Get(key, culture), args);
}

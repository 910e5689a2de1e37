using System.Globalization;
using System.Resources;

namespace Retour.Web.Features.Labels;

/// <summary>The words of the return label, from <c>Resources/LabelText*.resx</c> (en, fr, it).</summary>
internal static class LabelText
{
    /// <summary>The languages a label is written in; the first is the default.</summary>
    public static readonly string[] Locales = ["en", "fr", "it"];

    private static readonly ResourceManager Resources = new("Retour.Web.Resources.LabelText", typeof(LabelText).Assembly);

    /// <summary>The supported language of a locale such as <c>fr-FR</c>, or null when the label is not written in it.</summary>
    public static string? Supported(string? locale)
    {
        var language = locale?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return Locales.FirstOrDefault(l => l == language);
    }

    /// <summary>The text <paramref name="key"/> with its placeholders filled, dates written for the culture.</summary>
    public static string Format(string key, CultureInfo culture, params object?[] args) =>
        string.Format(culture, Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Resources/LabelText.resx has no '{key}'."), args);
}

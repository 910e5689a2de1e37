using System.Diagnostics.CodeAnalysis;
using SkiaSharp;

namespace Retour.Web.Features.Labels;

/// <summary>
/// The sans-serif typefaces labels are set in, found once per process: DejaVu Sans, else Liberation Sans, else the
/// system default, provided it can draw Latin text with accents. Typefaces are immutable and shared across threads.
/// </summary>
public sealed class LabelFonts
{
    /// <summary>The families tried, in order, before the system default.</summary>
    public static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

    private const string LatinSample = "AZaz09 éèàçùôëïÉÀ€·…";

    private static readonly Lazy<LabelFonts> Found = new(Find);

    private LabelFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    /// <summary>The fonts of this machine; throws with what to install when no typeface can draw Latin text.</summary>
    public static LabelFonts Shared => Found.Value;

    /// <summary>Body text.</summary>
    public SKTypeface Regular { get; }

    /// <summary>Headings, the address and the return number.</summary>
    public SKTypeface Bold { get; }

    /// <summary>The width of <paramref name="text"/> at <paramref name="size"/> points.</summary>
    public float Measure(string text, float size, bool bold)
    {
        using var font = Font(size, bold);
        return font.MeasureText(text);
    }

    /// <summary>A font of the typeface at a size, set for print (no hinting, linear metrics).</summary>
    public SKFont Font(float size, bool bold) =>
        new(bold ? Bold : Regular, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };

    private static LabelFonts Find()
    {
        var manager = SKFontManager.Default;
        foreach (var family in Families)
        {
            var regular = manager.MatchFamily(family, SKFontStyle.Normal);
            if (DrawsLatin(regular))
            {
                var bold = manager.MatchFamily(family, SKFontStyle.Bold);
                return new LabelFonts(AsOutlines(regular), AsOutlines(DrawsLatin(bold) ? bold : regular));
            }
        }

        var fallback = SKTypeface.Default;
        if (DrawsLatin(fallback))
        {
            return new LabelFonts(AsOutlines(fallback), AsOutlines(SKTypeface.FromFamilyName(fallback.FamilyName, SKFontStyle.Bold) ?? fallback));
        }

        throw new InvalidOperationException(
            $"Return labels need a sans-serif font that draws Latin text, and none was found (tried {string.Join(", ", Families)} and the system default '{fallback.FamilyName}'). " +
            "Install one, e.g. the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core).");
    }

    /// <summary>
    /// A copy of the typeface whose embedding flag says "restricted licence". SkiaSharp's native PDF backend has no
    /// font subsetter, so it embeds a whole font file in every document (DejaVu Sans regular and bold: 750 KB per
    /// label, 28 labels/s). For a font it may not embed it writes a Type 3 font instead: an outline program for just
    /// the glyphs the label uses, text still selectable, about 100 times smaller. Only the in-memory copy is marked;
    /// a font that is not a plain TrueType/OpenType file is used as it is.
    /// </summary>
    private static SKTypeface AsOutlines(SKTypeface typeface)
    {
        using var stream = typeface.OpenStream(out var index);
        if (stream is null || index != 0 || stream.Length < 12)
        {
            return typeface;
        }

        var bytes = new byte[stream.Length];
        if (stream.Read(bytes, bytes.Length) != bytes.Length || !SfntTables.MarkNotEmbeddable(bytes))
        {
            return typeface;
        }

        using var data = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(data) ?? typeface;
    }

    private static bool DrawsLatin([NotNullWhen(true)] SKTypeface? typeface)
    {
        if (typeface is null)
        {
            return false;
        }

        using var font = new SKFont(typeface);
        return font.ContainsGlyphs(LatinSample);
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Retour.Web.Tests.Labels;

/// <summary>What a printer or a PDF reader sees of a label: its pages, page size and document title.</summary>
public sealed partial record LabelPdf(string Header, int Pages, float Width, float Height, string? Title)
{
    /// <summary>Reads the PDF's structure (objects are written uncompressed; only content streams are deflated).</summary>
    public static LabelPdf Read(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var box = MediaBox().Match(text);
        Assert.True(box.Success, "The PDF has no MediaBox.");
        float At(int group) => float.Parse(box.Groups[group].Value, CultureInfo.InvariantCulture);
        return new LabelPdf(
            text[..5],
            PageObject().Count(text),
            At(3) - At(1),
            At(4) - At(2),
            TitleEntry().Match(text) is { Success: true } title ? title.Groups[1].Value : null);
    }

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/Title\s*\(([^)]*)\)")]
    private static partial Regex TitleEntry();
}

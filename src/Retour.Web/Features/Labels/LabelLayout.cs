using System.Globalization;
using QRCoder;
using SkiaSharp;

namespace Retour.Web.Features.Labels;

/// <summary>A filled rectangle of the label.</summary>
public readonly record struct LabelBox(SKRect Rect, SKColor Colour);

/// <summary>One line of text: its left end at <paramref name="X"/> on the baseline, <paramref name="Width"/> wide.</summary>
public sealed record LabelLine(string Text, float X, float Baseline, float Size, bool Bold, SKColor Colour, float Width);

/// <summary>What a label draws, in PDF points from the top left of the page.</summary>
public sealed record LabelDrawing(
    float Width,
    float Height,
    IReadOnlyList<LabelBox> Boxes,
    IReadOnlyList<LabelLine> Lines,
    SKRect QrArea,
    int QrModulesPerSide,
    IReadOnlyList<SKRect> QrDarkRuns);

/// <summary>
/// Places everything on an A6 portrait page (105 × 148 mm) inside a 5 mm margin, which home and label printers
/// both print: the shop bar, the heading, the address the parcel goes to, the sender, the QR code beside the return
/// number and facts, and the instructions. A pure function of the content and a text measure, so it is tested
/// without drawing.
/// </summary>
public static class LabelLayout
{
    /// <summary>A6 width in points (105 mm).</summary>
    public const float PageWidth = 105f / 25.4f * 72f;

    /// <summary>A6 height in points (148 mm).</summary>
    public const float PageHeight = 148f / 25.4f * 72f;

    /// <summary>The margin kept blank on every side (5 mm).</summary>
    public const float Margin = 5f / 25.4f * 72f;

    private const float QrSide = 104f;
    private const float Ascent = 0.95f;

    private static readonly SKColor Ink = SKColors.Black;
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);

    /// <summary>Lays out the label; <paramref name="measure"/> gives a text's width at a size, bold or not.</summary>
    public static LabelDrawing Arrange(ReturnLabelContent content, Func<string, float, bool, float> measure)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(measure);
        var boxes = new List<LabelBox>();
        var lines = new List<LabelLine>();
        var left = Margin;
        var right = PageWidth - Margin;
        var width = right - left;

        void Text(IReadOnlyList<string> paragraphs, SKRect box, float size, float minSize, bool bold, SKColor colour)
        {
            var fitted = TextFit.Fit(paragraphs, box.Width, box.Height, size, minSize, (t, s) => measure(t, s, bold));
            var top = box.Top;
            foreach (var line in fitted.Lines)
            {
                lines.Add(new LabelLine(line, box.Left, top + (fitted.Size * Ascent), fitted.Size, bold, colour, measure(line, fitted.Size, bold)));
                top += fitted.LineHeight;
            }
        }

        void Caption(string text, float top) =>
            Text([text.ToUpper(CultureInfo.GetCultureInfo(content.Locale))], new SKRect(left, top, right, top + 10), 7.5f, 6f, false, Muted);

        void Rule(float top) => boxes.Add(new LabelBox(new SKRect(left, top, right, top + 0.75f), Ink));

        var bar = new SKRect(left, Margin, right, Margin + 30);
        boxes.Add(new LabelBox(bar, SKColor.Parse(content.AccentColour)));
        Text([content.ShopName], new SKRect(left + 8, bar.Top + 7, right - 8, bar.Bottom - 5), 14, 7, true, SKColor.Parse(content.OnAccentColour));

        Text([content.Heading], new SKRect(left, 52, right, 86), 28, 14, true, Ink);

        Caption(content.ToCaption, 90);
        Text(content.ToLines, new SKRect(left, 101, right, 166), 12, 6, true, Ink);

        Caption(content.FromCaption, 170);
        Text(content.FromLines, new SKRect(left, 181, right, 206), 9, 5.5f, false, Ink);

        Rule(211);

        var qr = new SKRect(left, 216, left + QrSide, 216 + QrSide);
        var (modules, runs) = QrRuns(content.QrText ?? content.ReturnNumber, qr);
        var beside = new SKRect(qr.Right + 6, qr.Top + 8, right, qr.Bottom);
        Text([content.ReturnNumber], new SKRect(beside.Left, beside.Top, right, beside.Top + 30), 24, 10, true, Ink);
        Text(content.Facts, new SKRect(beside.Left, beside.Top + 34, right, beside.Bottom - 4), 9, 5.5f, false, Ink);

        Rule(qr.Bottom + 4);

        var numbered = content.Instructions.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {t}")).ToList();
        Text(numbered, new SKRect(left, qr.Bottom + 10, right, PageHeight - Margin), 8.5f, 5f, false, Ink);

        return new LabelDrawing(PageWidth, PageHeight, boxes, lines, qr, modules, runs);
    }

    /// <summary>
    /// The customs page of a label whose parcel crosses a customs border: the heading, then the declaration's lines
    /// (route, reason, items, total, signature) fitted to the page; null when the label carries no declaration.
    /// </summary>
    public static LabelDrawing? ArrangeCustoms(ReturnLabelContent content, Func<string, float, bool, float> measure)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(measure);
        if (content.CustomsHeading is null)
        {
            return null;
        }

        var lines = new List<LabelLine>();
        var left = Margin;
        var right = PageWidth - Margin;

        void Text(IReadOnlyList<string> paragraphs, SKRect box, float size, float minSize, bool bold)
        {
            var fitted = TextFit.Fit(paragraphs, box.Width, box.Height, size, minSize, (t, s) => measure(t, s, bold));
            var top = box.Top;
            foreach (var line in fitted.Lines)
            {
                lines.Add(new LabelLine(line, box.Left, top + (fitted.Size * Ascent), fitted.Size, bold, Ink, measure(line, fitted.Size, bold)));
                top += fitted.LineHeight;
            }
        }

        Text([content.CustomsHeading], new SKRect(left, Margin, right, Margin + 24), 16, 8, true);
        Text(content.CustomsLines, new SKRect(left, Margin + 30, right, PageHeight - Margin), 9, 4.5f, false);
        return new LabelDrawing(PageWidth, PageHeight, [new LabelBox(new SKRect(left, Margin + 26, right, Margin + 26.75f), Ink)], lines, SKRect.Empty, 0, []);
    }

    /// <summary>
    /// The QR code of <paramref name="text"/> (error correction M, the 4-module quiet zone included) scaled into
    /// <paramref name="area"/>: the dark modules of each row merged into horizontal runs, so the PDF holds few shapes.
    /// </summary>
    public static (int ModulesPerSide, IReadOnlyList<SKRect> DarkRuns) QrRuns(string text, SKRect area)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var side = matrix.Count;
        var module = Math.Min(area.Width, area.Height) / side;
        var runs = new List<SKRect>();
        for (var row = 0; row < side; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < side)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < side && bits[column])
                {
                    column++;
                }

                runs.Add(new SKRect(area.Left + (start * module), area.Top + (row * module), area.Left + (column * module), area.Top + ((row + 1) * module)));
            }
        }

        return (side, runs);
    }
}

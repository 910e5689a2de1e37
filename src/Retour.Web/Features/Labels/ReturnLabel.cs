using SkiaSharp;

namespace Retour.Web.Features.Labels;

/// <summary>
/// The printable return label: an A6 PDF (a second page with the customs declaration when the parcel crosses a customs border) drawn as vectors (text, bars and the QR code's modules), so it
/// prints sharp on a home printer or a thermal label printer. A pure function of its content.
/// </summary>
public static class ReturnLabel
{
    /// <summary>The media type of what <see cref="Render"/> returns.</summary>
    public const string ContentType = "application/pdf";

    /// <summary>Renders the label as PDF bytes; its document title is the return number.</summary>
    public static byte[] Render(ReturnLabelContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var fonts = LabelFonts.Shared;
        var drawing = LabelLayout.Arrange(content, fonts.Measure);
        using var stream = new MemoryStream(24 * 1024);
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = content.ReturnNumber;
        metadata.Creator = "Retour";
        metadata.Producer = "Retour";
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(drawing.Width, drawing.Height);
            Draw(canvas, drawing, fonts);
            document.EndPage();
            if (LabelLayout.ArrangeCustoms(content, fonts.Measure) is { } customs)
            {
                Draw(document.BeginPage(customs.Width, customs.Height), customs, fonts);
                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static void Draw(SKCanvas canvas, LabelDrawing drawing, LabelFonts fonts)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        foreach (var box in drawing.Boxes)
        {
            paint.Color = box.Colour;
            canvas.DrawRect(box.Rect, paint);
        }

        using (var builder = new SKPathBuilder())
        {
            foreach (var run in drawing.QrDarkRuns)
            {
                builder.AddRect(run);
            }

            using var modules = builder.Detach();
            paint.Color = SKColors.Black;
            paint.IsAntialias = false;
            canvas.DrawPath(modules, paint);
            paint.IsAntialias = true;
        }

        foreach (var line in drawing.Lines)
        {
            using var font = fonts.Font(line.Size, line.Bold);
            paint.Color = line.Colour;
            canvas.DrawText(line.Text, line.X, line.Baseline, SKTextAlign.Left, font, paint);
        }
    }
}

using QRCoder;
using Retour.Web.Features.Labels;
using SkiaSharp;

namespace Retour.Web.Tests.Labels;

/// <summary>Where the label puts things: the QR code a scanner reads, and text that stays on the page.</summary>
public sealed class LabelLayoutTests
{
    private static readonly ReturnLabelContent Typical = new(
        "en", "Atelier Demo", "#1f5fa8", "#ffffff", "RETURN", "R-7KQ2MX", "To",
        ["Atelier Demo — Returns", "12 rue des Entrepôts", "69007 Lyon", "France"], "From", ["Camille Dupont", "France"],
        ["Order 1042", "Colissimo · tracking 6A12345678901", "Ship by 7\u00a0December\u00a02026"],
        ["Pack the items.", "Print this label and stick it on the parcel.", "Drop the parcel off by 7\u00a0December\u00a02026."]);

    [Fact]
    public void QrRuns_CoverExactlyTheDarkModulesOfTheReturnNumbersQrCode_WithAFourModuleQuietZone()
    {
        var area = new SKRect(10, 20, 10 + 116, 20 + 116);

        var (side, runs) = LabelLayout.QrRuns("R-7KQ2MX", area);

        using var expected = QRCodeGenerator.GenerateQrCode("R-7KQ2MX", QRCodeGenerator.ECCLevel.M);
        var module = area.Width / side;
        var drawn = new bool[side, side];
        foreach (var run in runs)
        {
            var row = (int)Math.Round((run.Top - area.Top) / module);
            Assert.Equal(module, run.Height, 3);
            for (var column = (int)Math.Round((run.Left - area.Left) / module); column < (int)Math.Round((run.Right - area.Left) / module); column++)
            {
                Assert.False(drawn[row, column], $"Module ({row}, {column}) is drawn twice.");
                drawn[row, column] = true;
            }
        }

        Assert.Equal(expected.ModuleMatrix.Count, side);
        Assert.Equal(21 + 8, side);
        for (var row = 0; row < side; row++)
        {
            for (var column = 0; column < side; column++)
            {
                Assert.Equal(expected.ModuleMatrix[row][column], drawn[row, column]);
                if (row < 4 || column < 4 || row >= side - 4 || column >= side - 4)
                {
                    Assert.False(drawn[row, column], $"The quiet zone has a dark module at ({row}, {column}).");
                }
            }
        }
    }

    [Fact]
    public void Arrange_ATypicalLabel_ShowsEveryPieceInFull()
    {
        var drawing = LabelLayout.Arrange(Typical, LabelFonts.Shared.Measure);

        var texts = drawing.Lines.Select(l => l.Text).ToList();
        Assert.Contains("RETURN", texts);
        Assert.Contains("R-7KQ2MX", texts);
        Assert.All(Typical.ToLines, line => Assert.Contains(line, texts));
        var joined = string.Join(' ', texts);
        Assert.All(Typical.Facts, fact => Assert.Contains(fact, joined, StringComparison.Ordinal));
        Assert.All(Typical.Instructions, instruction => Assert.Contains(instruction, joined, StringComparison.Ordinal));
        Assert.Contains("Camille Dupont", texts);
        var number = drawing.Lines.Single(l => l.Text == "R-7KQ2MX");
        Assert.True(number.Size >= 20, "The return number is the largest text beside the QR code.");
        Assert.True(drawing.QrArea.Width >= 100, "The QR code is at least 35 mm wide.");
    }

    [Fact]
    public void Arrange_WithTextFarTooLongForItsBoxes_StillDrawsNothingOutsideThePageMargins()
    {
        var longWord = new string('W', 120);
        var crowded = Typical with
        {
            ShopName = "The Extraordinarily Long-Named Purveyors of Fine Goods and Sundries " + longWord,
            ToLines = Enumerable.Range(1, 12).Select(i => $"Address line {i} with a street name that goes on and on {longWord}").ToList(),
            FromLines = ["Maximilian Alexander Bartholomew von Hohenzollern-Sigmaringen-Wittelsbach " + longWord, "Deutschland"],
            Facts = ["Order " + longWord, "Carrier " + longWord, "Ship by " + longWord, "More " + longWord],
            Instructions = Enumerable.Range(1, 8).Select(i => $"Instruction {i}: " + string.Join(' ', Enumerable.Repeat("please read carefully", 12))).ToList(),
        };

        var drawing = LabelLayout.Arrange(crowded, LabelFonts.Shared.Measure);

        Assert.All(drawing.Lines, line =>
        {
            Assert.InRange(line.X, LabelLayout.Margin, LabelLayout.PageWidth - LabelLayout.Margin);
            Assert.True(line.X + line.Width <= LabelLayout.PageWidth - LabelLayout.Margin + 0.01f, $"'{line.Text}' ends at {line.X + line.Width}.");
            Assert.True(line.Baseline - line.Size >= LabelLayout.Margin - 0.01f, $"'{line.Text}' starts above the margin.");
            Assert.True(line.Baseline + (0.25f * line.Size) <= LabelLayout.PageHeight - LabelLayout.Margin + 0.01f, $"'{line.Text}' runs below the margin.");
        });
        Assert.Contains(drawing.Lines, l => l.Text == "R-7KQ2MX");
        Assert.Contains(drawing.Lines, l => l.Text.EndsWith('…'));
    }

    [Fact]
    public void Render_ATypicalLabel_IsASmallPdf()
    {
        var pdf = ReturnLabel.Render(Typical);

        var read = LabelPdf.Read(pdf);
        Assert.Equal("R-7KQ2MX", read.Title);
        Assert.InRange(pdf.Length, 1_000, 100_000);
    }
}

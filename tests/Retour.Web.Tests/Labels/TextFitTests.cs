using Retour.Web.Features.Labels;

namespace Retour.Web.Tests.Labels;

/// <summary>Setting text in a box: keep the size when it fits, wrap, shrink, and cut only as the last resort.</summary>
public sealed class TextFitTests
{
    // Every character is half the font size wide: a 10 pt text of 10 characters is 50 pt wide.
    private static float Measure(string text, float size) => text.Length * size * 0.5f;

    [Fact]
    public void Fit_WhenTheTextFits_KeepsTheSizeOnOneLine()
    {
        var fitted = TextFit.Fit(["Lyon"], 100, 20, 10, 5, Measure);

        Assert.Equal(["Lyon"], fitted.Lines);
        Assert.Equal(10, fitted.Size);
    }

    [Fact]
    public void Fit_WhenTooWideButTallEnough_WrapsAtWordsAtTheSameSize()
    {
        var fitted = TextFit.Fit(["aaaa bbbb cccc"], 50, 40, 10, 5, Measure);

        Assert.Equal(["aaaa bbbb", "cccc"], fitted.Lines);
        Assert.Equal(10, fitted.Size);
    }

    [Fact]
    public void Fit_WhenOneLineOfHeight_ShrinksUntilItFits()
    {
        var fitted = TextFit.Fit(["aaaa bbbb cccc"], 50, 12, 10, 5, Measure);

        Assert.Single(fitted.Lines);
        Assert.True(Measure(fitted.Lines[0], fitted.Size) <= 50);
        Assert.True(fitted.Size < 10);
        Assert.True(fitted.Height <= 12);
    }

    [Fact]
    public void Fit_WhenEvenTheSmallestSizeOverflows_CutsTheLastLineWithAnEllipsis()
    {
        var fitted = TextFit.Fit(["one two three four five six seven eight nine ten"], 30, 13, 10, 8, Measure);

        Assert.Equal(8, fitted.Size);
        var line = Assert.Single(fitted.Lines);
        Assert.EndsWith("…", line, StringComparison.Ordinal);
        Assert.True(Measure(line, 8) <= 30);
    }

    [Fact]
    public void Fit_KeepsEachParagraphOnItsOwnLines()
    {
        var fitted = TextFit.Fit(["12 rue", "Lyon"], 200, 100, 10, 5, Measure);

        Assert.Equal(["12 rue", "Lyon"], fitted.Lines);
    }

    [Fact]
    public void Wrap_AWordLongerThanTheLine_IsCutIntoPiecesThatFit()
    {
        var lines = TextFit.Wrap(["abcdefghijklmnopqrst"], 30, 10, Measure);

        Assert.Equal(["abcdef", "ghijkl", "mnopqr", "st"], lines);
    }

    [Fact]
    public void Wrap_KeepsANonBreakingSpaceTogether()
    {
        var lines = TextFit.Wrap(["by 7\u00a0December\u00a02026"], 80, 10, Measure);

        Assert.Equal(["by", "7\u00a0December\u00a02026"], lines);
    }
}

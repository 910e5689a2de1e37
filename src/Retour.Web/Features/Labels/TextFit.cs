namespace Retour.Web.Features.Labels;

/// <summary>Text set in a box: its lines and the size they are drawn at.</summary>
public sealed record FittedText(IReadOnlyList<string> Lines, float Size, float LineHeight)
{
    /// <summary>How tall the lines stand.</summary>
    public float Height => Lines.Count * LineHeight;
}

/// <summary>
/// Sets paragraphs in a box of a given width and height: at the preferred size when they fit, wrapped at word
/// boundaries, then smaller down to a floor; at the floor what still overflows is cut with an ellipsis. Nothing it
/// returns is wider or taller than the box, so a label never draws outside its page.
/// </summary>
public static class TextFit
{
    /// <summary>Line height as a multiple of the font size.</summary>
    public const float Leading = 1.2f;

    private const float Step = 0.5f;
    private const string Ellipsis = "…";

    /// <summary>
    /// Fits <paramref name="paragraphs"/> (each starts on a new line) in <paramref name="width"/> ×
    /// <paramref name="height"/>, from <paramref name="size"/> down to <paramref name="minSize"/>;
    /// <paramref name="measure"/> gives the width of a text at a size.
    /// </summary>
    public static FittedText Fit(IReadOnlyList<string> paragraphs, float width, float height, float size, float minSize, Func<string, float, float> measure)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        ArgumentNullException.ThrowIfNull(measure);
        for (var s = size; s >= minSize; s -= Step)
        {
            var lines = Wrap(paragraphs, width, s, measure);
            if (lines.Count * s * Leading <= height)
            {
                return new FittedText(lines, s, s * Leading);
            }
        }

        var floor = Wrap(paragraphs, width, minSize, measure);
        var room = Math.Max(0, (int)Math.Floor(height / (minSize * Leading)));
        if (room == 0)
        {
            return new FittedText([], minSize, minSize * Leading);
        }

        var kept = floor.Take(room).ToList();
        kept[^1] = Shorten(kept[^1] + Ellipsis, width, minSize, measure);
        return new FittedText(kept, minSize, minSize * Leading);
    }

    /// <summary>Breaks each paragraph into lines no wider than <paramref name="width"/>; a word too long for a line is cut.</summary>
    public static List<string> Wrap(IReadOnlyList<string> paragraphs, float width, float size, Func<string, float, float> measure)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (measure(candidate, size) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (measure(line, size) > width && line.Length > 1)
                {
                    var cut = Longest(line, width, size, measure);
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static int Longest(string text, float width, float size, Func<string, float, float> measure)
    {
        var cut = text.Length - 1;
        while (cut > 1 && measure(text[..cut], size) > width)
        {
            cut--;
        }

        return cut;
    }

    private static string Shorten(string text, float width, float size, Func<string, float, float> measure)
    {
        while (text.Length > Ellipsis.Length && measure(text, size) > width)
        {
            text = text[..^(Ellipsis.Length + 1)].TrimEnd() + Ellipsis;
        }

        return text;
    }
}

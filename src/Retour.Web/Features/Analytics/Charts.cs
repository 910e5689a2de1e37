using System.Globalization;
using ScottPlot;

namespace Retour.Web.Features.Analytics;

/// <summary>One point or bar of a chart: its label and value.</summary>
/// <param name="Label">What it is (a SKU, a month, a reason).</param>
/// <param name="Value">Its value.</param>
public sealed record ChartPoint(string Label, double Value);

/// <summary>
/// The dashboard's charts, drawn on the server as SVG with ScottPlot so pages need no script and print as they show.
/// Every chart has a table beside it with the same figures (the chart is for the eye, the table for reading).
/// </summary>
public static class Charts
{
    /// <summary>Width of a chart in SVG units; the page scales it to its column.</summary>
    public const int Width = 720;

    /// <summary>Height of a chart in SVG units.</summary>
    public const int Height = 320;

    private static readonly Color Ink = Color.FromHex("#1f2933");
    private static readonly Color Accent = Color.FromHex("#1f5fa8");
    private static readonly Color Grid = Color.FromHex("#e4e7eb");

    /// <summary>Horizontal bars, largest first as given (a top-N list); <paramref name="format"/> writes the value at each bar's end.</summary>
    public static string Bars(IReadOnlyList<ChartPoint> points, string axisLabel, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(format);
        var plot = Styled();
        var count = points.Count;
        var bars = new List<Bar>(count);
        for (var i = 0; i < count; i++)
        {
            // The first point at the top: positions count down.
            bars.Add(new Bar { Position = count - 1 - i, Value = points[i].Value, FillColor = Accent, LineWidth = 0, Label = format(points[i].Value) });
        }

        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontSize = 12;
        series.ValueLabelStyle.ForeColor = Ink;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, count).Select(i => (double)(count - 1 - i))], [.. points.Select(p => Shorten(p.Label, 28))]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.Label.Text = axisLabel;
        plot.Axes.Margins(left: 0, right: 0.15, bottom: 0.02, top: 0.02);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        return Svg(plot, Math.Max(Height, 40 + (26 * count)), axisLabel);
    }

    /// <summary>A line over time (months or days) with a dot per point.</summary>
    public static string Line(IReadOnlyList<ChartPoint> points, string axisLabel)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = Styled();
        double[] xs = [.. Enumerable.Range(0, points.Count).Select(i => (double)i)];
        var line = plot.Add.Scatter(xs, [.. points.Select(p => p.Value)]);
        line.Color = Accent;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        var every = Math.Max(1, points.Count / 12);
        plot.Axes.Bottom.SetTicks([.. xs.Where((_, i) => i % every == 0)], [.. points.Where((_, i) => i % every == 0).Select(p => p.Label)]);
        plot.Axes.Left.Label.Text = axisLabel;
        plot.Axes.Margins(bottom: 0);
        return Svg(plot, Height, axisLabel);
    }

    /// <summary>A percentage for axes and labels, e.g. <c>12.5 %</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static Plot Styled()
    {
        var plot = new Plot();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Ink);
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Grid.MajorLineColor = Grid;
        plot.Font.Set("DejaVu Sans");
        return plot;
    }

    private static string Svg(Plot plot, int height, string measure)
    {
        var svg = plot.GetSvgXml(Width, height);

        // Scales to its container: the fixed size of the <svg> element (not of the shapes inside) becomes a viewBox,
        // and the image is named for screen readers, which read the figures from the table beside it.
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var size = $"width=\"{Width}\" height=\"{height}\"";
        var at = svg.IndexOf(size, start, StringComparison.Ordinal);
        var label = System.Net.WebUtility.HtmlEncode($"Chart of {measure}; the table beside it gives the figures");
        return svg[start..at] + $"viewBox=\"0 0 {Width} {height}\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"{label}\" style=\"width:100%;height:auto\"" + svg[(at + size.Length)..];
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

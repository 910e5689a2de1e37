using Retour.Web.Features.Analytics;

namespace Retour.Web.Tests.Analytics;

/// <summary>How a period is cut into month rows and day rows (decision 0024): every day read exactly once.</summary>
public sealed class RateCellPeriodTests
{
    [Theory]
    [InlineData("2026-01-01", "2026-12-31", "2026-01-01", "2027-01-01")]
    [InlineData("2026-01-15", "2026-04-10", "2026-02-01", "2026-04-01")]
    [InlineData("2026-02-01", "2026-02-28", "2026-02-01", "2026-03-01")]
    [InlineData("2024-02-01", "2024-02-28", null, null)]
    [InlineData("2026-03-02", "2026-03-30", null, null)]
    [InlineData("2026-03-31", "2026-04-01", null, null)]
    [InlineData("2026-05-01", "2026-05-01", null, null)]
    public void WholeMonths_AreTheMonthsEntirelyInsideThePeriod(string from, string to, string? first, string? end)
    {
        var f = new AnalyticsFilter(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        var (m1, m2) = RateCells.WholeMonths(f);

        if (first is null)
        {
            Assert.Equal(m1, m2);
        }
        else
        {
            Assert.Equal((first, end), (m1.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), m2.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Every day of the period is covered once: by a whole month, or as a day of its own.
        var covered = new List<DateOnly>();
        for (var month = m1; month < m2; month = month.AddMonths(1))
        {
            for (var d = month; d < month.AddMonths(1); d = d.AddDays(1))
            {
                covered.Add(d);
            }
        }

        for (var d = f.From; d <= f.To; d = d.AddDays(1))
        {
            if (d < m1 || d >= m2)
            {
                covered.Add(d);
            }
        }

        var expected = Enumerable.Range(0, f.To.DayNumber - f.From.DayNumber + 1).Select(i => f.From.AddDays(i));
        Assert.Equal(expected, covered.Order());
    }
}

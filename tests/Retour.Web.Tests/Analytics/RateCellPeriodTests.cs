using Retour.Web.Features.Analytics;

namespace Retour.Web.Tests.Analytics;

/// <summary>How a period is cut into month, week and day rows (decisions 0024 and 0029): every day read exactly once.</summary>
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

    [Fact]
    public void Ranges_CoverEveryDayOnce_WithWeeksOnlyWhereTheyFitWhole()
    {
        // Every period of 1 to 400 days starting on any day of two months (both week alignments, both month lengths).
        var start = new DateOnly(2026, 1, 20);
        for (var offset = 0; offset < 45; offset++)
        {
            var from = start.AddDays(offset);
            for (var length = 1; length <= 400; length += offset % 3 == 0 ? 1 : 7)
            {
                var f = new AnalyticsFilter(from, from.AddDays(length - 1));
                foreach (var weeks in new[] { false, true })
                {
                    var ranges = RateCells.Ranges(f, weeks);
                    var covered = new List<DateOnly>();
                    foreach (var (grain, first, end) in ranges)
                    {
                        Assert.True(first < end);
                        for (var period = first; period < end; period = grain == CellGrain.Month ? period.AddMonths(1) : grain == CellGrain.Week ? period.AddDays(7) : period.AddDays(1))
                        {
                            Assert.Equal(grain == CellGrain.Month ? Rollups.MonthOf(period) : grain == CellGrain.Week ? Rollups.WeekOf(period) : period, period);
                            var days = grain == CellGrain.Month ? DateTime.DaysInMonth(period.Year, period.Month) : grain == CellGrain.Week ? 7 : 1;
                            covered.AddRange(Enumerable.Range(0, days).Select(period.AddDays));
                        }
                    }

                    Assert.Equal(Enumerable.Range(0, length).Select(from.AddDays), covered.Order());
                    if (weeks)
                    {
                        // No run of days read one by one holds a whole week (Monday to Sunday): that week's row is read instead.
                        Assert.All(ranges.Where(r => r.Grain == CellGrain.Day), r => Assert.True(Rollups.WeekOf(r.First) == r.First ? r.End.DayNumber - r.First.DayNumber < 7 : Rollups.WeekOf(r.First).AddDays(14) > r.End));
                    }
                    else
                    {
                        Assert.DoesNotContain(ranges, r => r.Grain == CellGrain.Week);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")]
    [InlineData("2026-11-24", "2026-11-23")]
    [InlineData("2026-11-29", "2026-11-23")]
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2027-01-01", "2026-12-28")]
    public void WeekOf_IsTheMondayOnOrBefore(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), Rollups.WeekOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}

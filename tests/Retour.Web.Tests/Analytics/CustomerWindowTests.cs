using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Analytics;
using Retour.Web.Features.Import;
using Retour.Web.Features.Orders;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Analytics;

/// <summary>
/// The customer windows answer the customer questions over the analytics pages' one-click periods exactly as the
/// source tables do: the running windows over the last 30, 90 and 365 days (decision 0028) and the calendar windows
/// over the month, quarter and year to date and the ones before them (decision 0031), when first summed, after stale
/// days are recomputed, and as the days go by. Each provider's class has a database of its own, so the test moves the
/// clock and reads every customer.
/// </summary>
public abstract class CustomerWindowTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Windows_AnswerEveryOneClickPeriod_AsTheSourceDoes_ThroughChangesAndDays()
    {
        // A: three recent orders and three returns (a serial returner in every window); another buyer returns nothing.
        const string A = "serial-a@example.test";
        var a = new List<OrderResponse>();
        foreach (var days in new[] { 3, 8, 18 })
        {
            a.Add(await ImportAsAsync(A, AnOrder.DeliveredDaysAgo(days, app.Now).WithLine("W-A", 2, 10m)));
        }

        await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("W-A2", 1, 5m));
        var returnsOfA = new List<ReturnResponse>();
        foreach (var order in a)
        {
            returnsOfA.Add(await _steps.RequestAsync(order, 2, "too-small"));
        }

        // B: bought 50 and 120 days ago, returned through the shop's old system 45 and 100 days ago.
        const string B = "serial-b@example.test";
        await HistoricalAsync(await ImportAsAsync(B, AnOrder.DeliveredDaysAgo(48, app.Now).WithLine("W-B", 3, 20m)), 2, daysAgo: 45);
        await HistoricalAsync(await ImportAsAsync(B, AnOrder.DeliveredDaysAgo(118, app.Now).WithLine("W-B", 1, 20m)), 1, daysAgo: 100);

        // C: an order placed exactly 29 days ago (the 30-day window's first day), one unit back today.
        var c = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(27, app.Now).WithLine("W-C", 4, 7m));
        await _steps.RequestAsync(c, 1, "defective");

        // E: bought 40 days ago, returned 29 days ago (the 30-day window's first day): a returner for one more day.
        await HistoricalAsync(await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(38, app.Now).WithLine("W-E", 6, 4m)), 5, daysAgo: 29);

        // D: a year-old buyer who returned 200 days ago.
        var d = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(298, app.Now).WithLine("W-D", 5, 3m));
        await HistoricalAsync(d, 5, daysAgo: 200);

        await AssertWindowsAsync("first sums");

        // A calendar window answers too: C, left with no returns in the month-to-date window by hand, is no longer
        // found over the month to date; a day less is not a calendar period, so it is asked of the customer rows.
        var month = new DateOnly(Today.Year, Today.Month, 1);
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<CustomerWindow>()
            .Where(w => w.Days == CustomerWindows.Calendar(month, Today, Today)!.Value.Days && w.First == month && w.Customer == c.Customer.Email)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Returns, 0)));
        Assert.DoesNotContain((await SerialAsync(month, Today, 1, 0m)).Customers, x => x.Customer == c.Customer.Email);
        Assert.Contains((await SerialAsync(month.AddDays(1), Today, 1, 0m)).Customers, x => x.Customer == c.Customer.Email);

        // The windows answer, not the customer rows of the period: A, left with no returns in a window row changed by
        // hand, is no longer found.
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<CustomerWindow>().Where(w => w.Days == 90 && w.Customer == A).ExecuteUpdateAsync(s => s.SetProperty(w => w.Returns, 0)));
        Assert.DoesNotContain((await SerialAsync(Today.AddDays(-89), Today, 1, 0m)).Customers, x => x.Customer == A);
        Assert.Contains((await SerialAsync(Today.AddDays(-88), Today, 1, 0m)).Customers, x => x.Customer == A);

        // A page of top returners takes how many returned and how many returns from the window's state row.
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<CustomerWindowState>().Where(w => w.Days == 90).ExecuteUpdateAsync(s => s.SetProperty(w => w.Returners, 1001).SetProperty(w => w.Returns, 4242)));
        var tampered = await (await _steps.Api.GetAsync(new Uri($"/api/v1/analytics/return-rates?by=customer&limit=1&from={Today.AddDays(-89):yyyy-MM-dd}&to={Today:yyyy-MM-dd}", UriKind.Relative))).Read<RatesResponse>();
        Assert.Equal((1000, 4242), (tampered.RowsLeftOut, tampered.Total.Returns));
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            await CustomerWindows.ClearAsync(db, CancellationToken.None);
            return 0;
        });
        await AssertWindowsAsync("summed again after being cleared");

        // Stale days: a return cancelled and one added today, a historical return on a past day.
        await _steps.StepAsync(returnsOfA[2], "cancel", new CancelReturnRequest("kept it"));
        await _steps.RequestAsync(c, 2, "changed-mind");
        await HistoricalAsync(c, 1, daysAgo: 10);
        await AssertWindowsAsync("after stale days");

        // One day on: C's order leaves the 30-day window, nothing else moves.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await AssertWindowsAsync("one day on");

        // 61 days on: the 30- and 90-day windows are summed afresh, the year's is moved on by the days in between.
        app.Clock.Advance(TimeSpan.FromDays(60));
        await AssertWindowsAsync("61 days on");
        await app.WithScopeAsync<RetourDbContext, int>(async db =>
        {
            var states = await db.Set<CustomerWindowState>().AsNoTracking().ToListAsync();
            var running = states.Where(s => s.First == CustomerWindows.Running).OrderBy(s => s.Days).ToList();
            Assert.Equal(CustomerWindows.Lengths, running.Select(s => s.Days));
            Assert.All(running, s => Assert.Equal(Today, s.AsOf));

            // Every calendar period asked about has one window, whose last day is the period's.
            Assert.All(states.Except(running), s => Assert.Equal(s.First.AddDays(s.Days - 1), s.AsOf));
            Assert.Contains(states, s => s.First == new DateOnly(2026, 1, 1) && s.Days == 365);
            return 0;
        });

        // A stale day moves the month's window, summed above before anyone returned anything this month.
        await HistoricalAsync(c, 1, daysAgo: 2);
        month = new DateOnly(Today.Year, Today.Month, 1);
        await AssertWindowsAsync("a return this month");

        // The month to date is answered by its window only while nothing is dated after today in the month: C's
        // window row emptied by hand hides C, until A's return dated two days ahead (which the month's window holds,
        // and the month to date does not) sends the question to the customer rows, which find C again.
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<CustomerWindow>()
            .Where(w => w.First == month && w.Customer == c.Customer.Email)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Returns, 0)));
        Assert.DoesNotContain((await SerialAsync(month, Today, 1, 0m)).Customers, x => x.Customer == c.Customer.Email);
        await HistoricalAsync(a[0], 2, daysAgo: -2);
        Assert.Contains((await SerialAsync(month, Today, 1, 0m)).Customers, x => x.Customer == c.Customer.Email);
        await AssertWindowsAsync("a return dated after today");
    }

    private DateOnly Today => DateOnly.FromDateTime(app.Now.UtcDateTime);

    private async Task AssertWindowsAsync(string when)
    {
        foreach (var (period, from, to) in CustomerWindows.Presets(Today))
        {
            var filter = new AnalyticsFilter(from, to);
            var sales = await app.WithScopeAsync<RetourDbContext, List<UnitFact>>(db => RatesQuery.SalesAsync(db, filter, CancellationToken.None));
            var returns = await app.WithScopeAsync<RetourDbContext, List<UnitFact>>(db => RatesQuery.ReturnsAsync(db, filter, CancellationToken.None));
            var source = RatesQuery.Group(filter, RateGrouping.Customer, sales, returns, countReturns: true);

            foreach (var (minReturns, minRate) in new[] { (1, 0m), (2, 0.5m), (3, 0.9m) })
            {
                var expected = source.Rows
                    .Where(r => r.Key != RatesQuery.None && (r.Returns ?? 0) >= minReturns && (r.UnitRate ?? decimal.MaxValue) >= minRate)
                    .OrderByDescending(r => r.Returns).ThenByDescending(r => r.UnitsReturned).ThenBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => $"{r.Key}|{r.Returns}|{r.UnitsSold}|{r.UnitsReturned}|{r.UnitRate}")
                    .ToList();
                var serial = await SerialAsync(filter.From, filter.To, minReturns, minRate);
                var first = await SerialAsync(filter.From, filter.To, minReturns, minRate, limit: 1);
                Assert.True(
                    (string.Concat(expected.Take(1).Select(e => e.Split('|')[0])), Math.Max(0, expected.Count - 1)) == (string.Concat(first.Customers.Select(c => c.Customer)), first.CustomersLeftOut),
                    $"{when}, {period}, serial returners ({minReturns}, {minRate}), limit 1: {first.CustomersLeftOut} left out");
                Assert.True(
                    expected.SequenceEqual(serial.Customers.Select(s => $"{s.Customer}|{s.Returns}|{s.UnitsSold}|{s.UnitsReturned}|{s.UnitRate}")),
                    $"{when}, {period}, serial returners ({minReturns}, {minRate}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", serial.Customers.Select(s => $"{s.Customer}|{s.Returns}|{s.UnitsSold}|{s.UnitsReturned}|{s.UnitRate}"))}]");
            }

            // The top returner and the totals of a one-customer page, the others counted.
            var returners = source.Rows.Where(r => r.UnitsReturned > 0).OrderByDescending(r => r.UnitsReturned).ToList();
            var page = await (await _steps.Api.GetAsync(new Uri($"/api/v1/analytics/return-rates?by=customer&limit=1&from={filter.From:yyyy-MM-dd}&to={filter.To:yyyy-MM-dd}", UriKind.Relative))).Read<RatesResponse>();
            if (returners.Count > 1)
            {
                Assert.True(returners[0].UnitsReturned == page.Rows.Single().UnitsReturned, $"{when}, {period}: the top returner");
                Assert.True((returners.Count - 1, source.Total.Returns) == (page.RowsLeftOut, page.Total.Returns), $"{when}, {period}: returners and returns {returners.Count - 1}/{source.Total.Returns}, got {page.RowsLeftOut}/{page.Total.Returns}");
            }

            Assert.Equal((source.Total.UnitsSold, source.Total.UnitsReturned), (page.Total.UnitsSold, page.Total.UnitsReturned));
        }
    }

    private async Task<OrderResponse> ImportAsAsync(string email, AnOrder order)
    {
        var request = order.Build();
        var response = await _steps.Api.Post("/api/v1/orders", request with { Customer = request.Customer with { Email = email } });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Read<OrderResponse>();
    }

    private async Task<SerialReturnersResponse> SerialAsync(DateOnly from, DateOnly to, int minReturns, decimal minRate, int limit = 100_000) =>
        await (await _steps.Api.GetAsync(new Uri(
            $"/api/v1/analytics/serial-returners?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&minReturns={minReturns}&minRate={minRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}&limit={limit}",
            UriKind.Relative))).Read<SerialReturnersResponse>();

    // A return recorded by the shop's previous system, of the order's first line, dated days ago.
    private Task<int> HistoricalAsync(OrderResponse order, int units, int daysAgo) =>
        app.WithScopeAsync<RetourDbContext, int>(db =>
        {
            var line = order.Lines[0];
            var made = new HistoricalReturn(Guid.NewGuid(), $"C{Guid.NewGuid():N}"[..12], order.Customer.Email, order.ShipTo.Country, order.Currency, app.Now.AddDays(-daysAgo), "test", app.Now);
            made.Add(new HistoricalReturnLine(Guid.NewGuid(), 0, "1", line.Sku, line.Title, units, line.UnitPricePaid, order.Id, line.Id, units));
            db.Add(made);
            return db.SaveChangesAsync();
        });
}

public sealed class CustomerWindowTests_Sqlite(SqliteApp app) : CustomerWindowTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerWindowTests_Postgres(PostgresApp app) : CustomerWindowTests(app), IClassFixture<PostgresApp>;

/// <summary>Which periods a calendar window answers, and the one-click periods offered (decision 0031).</summary>
public sealed class CalendarWindowTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("2026-10-01", "2026-10-31", 31, "2026-10-01")] // a month
    [InlineData("2026-02-01", "2026-02-28", 28, "2026-02-01")]
    [InlineData("2026-07-01", "2026-09-30", 92, "2026-07-01")] // a quarter
    [InlineData("2025-01-01", "2025-12-31", 365, "2025-01-01")] // a year
    [InlineData("2024-01-01", "2024-12-31", 366, "2024-01-01")]
    [InlineData("2026-11-01", "2026-11-23", 30, "2026-11-01")] // the month to date
    [InlineData("2026-10-01", "2026-11-23", 92, "2026-10-01")] // the quarter to date
    [InlineData("2026-01-01", "2026-11-23", 365, "2026-01-01")] // the year to date
    [InlineData("2026-11-01", "2026-11-30", 30, "2026-11-01")] // this whole month, days to come included
    public void Calendar_NamesTheMonthQuarterOrYearThePeriodIs(string from, string to, int days, string first) =>
        Assert.Equal(new WindowKey(days, DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture)), CustomerWindows.Calendar(Day(from), Day(to), Today));

    [Theory]
    [InlineData("2026-10-02", "2026-10-31")] // not from the 1st
    [InlineData("2026-11-01", "2026-11-22")] // a month cut short, not up to today
    [InlineData("2026-02-01", "2026-04-30")] // three months that are not a quarter
    [InlineData("2026-10-01", "2026-11-30")] // two months
    [InlineData("2025-01-01", "2026-11-23")] // more than a year up to today
    public void Calendar_IsNothingForAnyOtherPeriod(string from, string to) =>
        Assert.Null(CustomerWindows.Calendar(Day(from), Day(to), Today));

    [Fact]
    public void Presets_AreTheRunningWindowsThenEachCalendarPeriodToDateAndTheOneBefore_EachPeriodOnce()
    {
        Assert.Equal(
            ["Last 30 days 2026-10-25 2026-11-23", "Last 90 days 2026-08-26 2026-11-23", "Last 365 days 2025-11-24 2026-11-23",
             "Month to date 2026-11-01 2026-11-23", "Last month 2026-10-01 2026-10-31", "Quarter to date 2026-10-01 2026-11-23",
             "Last quarter 2026-07-01 2026-09-30", "Year to date 2026-01-01 2026-11-23", "Last year 2025-01-01 2025-12-31"],
            CustomerWindows.Presets(Today).Select(Text));

        // On 23 January the quarter and the year to date are the month to date: offered once, under its name.
        Assert.Equal(
            ["Month to date 2027-01-01 2027-01-23", "Last month 2026-12-01 2026-12-31", "Last quarter 2026-10-01 2026-12-31", "Last year 2026-01-01 2026-12-31"],
            CustomerWindows.Presets(new DateOnly(2027, 1, 23)).Skip(3).Select(Text));
    }

    private static DateOnly Day(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static string Text((string Name, DateOnly From, DateOnly To) p) => $"{p.Name} {p.From:yyyy-MM-dd} {p.To:yyyy-MM-dd}";
}

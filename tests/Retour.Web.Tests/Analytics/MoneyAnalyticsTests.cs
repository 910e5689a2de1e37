using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Analytics;
using Retour.Web.Features.ApiKeys;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Exchanges;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Analytics;

/// <summary>Cost, speed, retention and feedback analytics (issue #8) over hand-made returns, on both databases.</summary>
public abstract class MoneyAnalyticsTests(RetourApp fixture)
{
    [Fact]
    public async Task RefundSpeed_MeasuresHoursFromRequestAndReceipt_AndTheShareWithinTheDeadline()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);

        // In time: requested, received 10 h later, refunded 2 h after that.
        var first = await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 20m)));
        app.Clock.Advance(TimeSpan.FromHours(10));
        first = await steps.ApproveReceiveInspectAsync(first);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await ResolveAsync(steps, first);

        // Late: received at once but refunded 20 days after the request, past the 14 days of C. consom. L221-24.
        var late = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-L", 1, 30m))));
        app.Clock.Advance(TimeSpan.FromDays(20));
        await ResolveAsync(steps, late);

        var speed = await GetAsync<RefundSpeedResponse>(steps, "/api/v1/analytics/refund-speed");
        Assert.Equal(new HourPercentiles(2, 12, 480, 480), speed.RequestToRefund);
        Assert.Equal(new HourPercentiles(2, 2, 480, 480), speed.ReceiptToRefund);
        Assert.Equal((2, 1, 0.5), (speed.WithDeadline, speed.InTime, speed.InTimeShare));
        Assert.Equal(1, speed.ByDay[0].Count);
        Assert.Equal(1, speed.ByDay[20].Count);

        var elsewhere = await GetAsync<RefundSpeedResponse>(steps, "/api/v1/analytics/refund-speed?country=DE");
        Assert.Equal(0, elsewhere.RequestToRefund.Count);
        Assert.Null(elsewhere.InTimeShare);

        var csv = await steps.Api.GetAsync(new Uri("/api/v1/analytics/refund-speed?format=csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("request_to_refund,2,12,480,480", text, StringComparison.Ordinal);
        Assert.Contains("receipt_to_refund,2,2,480,480", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CostsAndRetention_ArePerCurrency_AndCountReplacementsAsKept_AndARebuildGivesTheSameFacts()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var catalog = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new { variants = new[] { ExchangeStockProbe.Variant("BOOT-40", "BOOT", "shoes", 149m, 1) } });
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);

        // A refund in euros with the order's shipping, a refund in pounds, and a replacement in euros.
        await ResolveAsync(steps, await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 20m).WithShipping(5m, 5m)))));
        await ResolveAsync(steps, await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("GB", "GBP").WithLine("TEE-M", 1, 30m)))));
        var boots = await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine("BOOT-40", 1, 149m)), reason: "defective"));
        var replaced = await steps.StepAsync(boots, "resolve", new ResolveReturnRequest(Resolution.Replacement));
        Assert.Equal(SettlementKind.Replacement, Assert.Single(replaced.Settlements!).Kind);

        var costs = await GetAsync<CostsResponse>(steps, "/api/v1/analytics/costs");
        Assert.Equal(["EUR", "GBP"], costs.Currencies.Select(c => c.Currency).Order(StringComparer.Ordinal));
        var eur = costs.Currencies.Single(c => c.Currency == "EUR");
        Assert.Equal((2, 25m, 5m, 169m, 169m), (eur.Returns, eur.Refunds, eur.OutboundShipping, eur.ReturnedValue, eur.Recovered.Restock));
        var gbp = costs.Currencies.Single(c => c.Currency == "GBP");
        Assert.Equal((1, 30m, 0m), (gbp.Returns, gbp.Refunds, gbp.OutboundShipping));

        var retention = await GetAsync<RetentionResponse>(steps, "/api/v1/analytics/retention");
        var kept = retention.Currencies.Single(c => c.Currency == "EUR");
        Assert.Equal((25m, 149m), (kept.Refunded, kept.Exchange));
        Assert.Equal(149d / 174d, kept.RetainedShare!.Value, 6);
        Assert.Equal(0d, retention.Currencies.Single(c => c.Currency == "GBP").RetainedShare);
        var onlyPounds = await GetAsync<RetentionResponse>(steps, "/api/v1/analytics/retention?currency=gbp");
        Assert.Equal("GBP", Assert.Single(onlyPounds.Currencies).Currency);

        var csv = await steps.Api.GetStringAsync(new Uri("/api/v1/analytics/costs?format=csv&currency=EUR", UriKind.Relative));
        Assert.StartsWith("currency,returns,outbound_shipping,return_shipping,refunds,", csv, StringComparison.Ordinal);
        Assert.Contains("\nEUR,2,5,0,25,0,0,0,169,169,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("GBP", csv, StringComparison.Ordinal);

        // The facts kept up to date change by change are those a rebuild from scratch computes.
        var incremental = await FactsAsync(app);
        Assert.Equal(3, incremental.Count);
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Set<ReturnFacts>().ExecuteDeleteAsync());
        var (exit, output) = await RetourCli.RunAsync(app, "rebuild-return-facts");
        Assert.True(exit == 0, output);
        Assert.Contains("Return facts rebuilt: 3 returns.", output, StringComparison.Ordinal);
        Assert.Equal(incremental, await FactsAsync(app));
    }

    [Fact]
    public async Task Costs_AddLabelsAndFeesPerCurrency_AndFeedback_GivesTheDistributionAndMonths()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var now = app.Now;
        await app.WithScopeAsync<RetourDbContext, int>(db =>
        {
            db.Set<ReturnFacts>().AddRange(
                Facts(now.AddDays(-40), "EUR", f => { f.LabelCost = ReturnFacts.Store(4.90m); f.LabelCurrency = "EUR"; f.RestockingFee = ReturnFacts.Store(2m); f.ReturnShippingFee = ReturnFacts.Store(3.5m); f.Refunded = ReturnFacts.Store(14.5m); f.FeedbackRating = 5; }),
                Facts(now.AddDays(-40), "EUR", f => { f.StoreCredit = ReturnFacts.Store(20m); f.Disposed = ReturnFacts.Store(20m); f.FeedbackRating = 2; }),
                Facts(now.AddDays(-2), "SEK", f => { f.LabelCost = ReturnFacts.Store(4.90m); f.LabelCurrency = "EUR"; f.Refunded = ReturnFacts.Store(300m); f.FeedbackRating = 4; }),
                Facts(now.AddDays(-400), "EUR", f => f.FeedbackRating = 1));
            return db.SaveChangesAsync();
        });

        var costs = await GetAsync<CostsResponse>(steps, "/api/v1/analytics/costs");
        var eur = costs.Currencies.Single(c => c.Currency == "EUR");
        Assert.Equal((2, 9.80m, 14.5m, 5.5m, 2m, 3.5m, 20m), (eur.Returns, eur.ReturnShipping, eur.Refunds, eur.FeesCharged, eur.RestockingFees, eur.ReturnShippingFees, eur.Recovered.Dispose));
        Assert.Equal((1, 300m, 0m), costs.Currencies.Single(c => c.Currency == "SEK") is var sek ? (sek.Returns, sek.Refunds, sek.ReturnShipping) : default);
        var retention = await GetAsync<RetentionResponse>(steps, "/api/v1/analytics/retention?currency=EUR");
        Assert.Equal(20d / 34.5d, Assert.Single(retention.Currencies).RetainedShare!.Value, 6);

        var feedback = await GetAsync<FeedbackScoresResponse>(steps, "/api/v1/analytics/feedback");
        Assert.Equal((3, 3.67m), (feedback.Count, feedback.Average));
        Assert.Equal([0, 1, 0, 1, 1], feedback.Ratings);
        Assert.Equal([Month(now.AddDays(-40)), Month(now.AddDays(-2))], feedback.ByMonth.Select(m => m.Month));
        Assert.Equal([3.5m, 4m], feedback.ByMonth.Select(m => m.Average));
        var year = await GetAsync<FeedbackScoresResponse>(steps, $"/api/v1/analytics/feedback?from={now.AddDays(-500):yyyy-MM-dd}");
        Assert.Equal(4, year.Count);
        var csv = await steps.Api.GetStringAsync(new Uri("/api/v1/analytics/feedback?format=csv", UriKind.Relative));
        Assert.Contains("rating,count\n1,0\n2,1\n3,0\n4,1\n5,1\n", csv, StringComparison.Ordinal);

        var bad = await steps.Api.GetAsync(new Uri("/api/v1/analytics/costs?from=yesterday&format=xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["format", "from"], (await bad.Read<Problem>()).Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ShowsChartsAndTablesToAManager_AndIsRefusedToAnAgent()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        await ResolveAsync(steps, await steps.ApproveReceiveInspectAsync(await steps.RequestAsync(await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 20m)))));

        using var manager = await StaffSession.AsAsync(app, "manager@shop.test", StaffRoles.Manager);
        var page = await manager.GetAsync(new Uri("/backoffice/analytics/money?currency=EUR", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<table", html, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\"", html, StringComparison.Ordinal);

        // The CSV links are served by the page itself, under the staff session (the API takes keys only).
        Assert.Contains("/backoffice/analytics/money?handler=csv&amp;measure=costs&amp;from=", html, StringComparison.Ordinal);
        var csv = await manager.GetAsync(new Uri("/backoffice/analytics/money?handler=csv&measure=costs&currency=EUR", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("currency,returns,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var agent = await StaffSession.AsAsync(app, "agent@shop.test", StaffRoles.Agent);
        var refused = await agent.GetAsync(new Uri("/backoffice/analytics/money", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/backoffice/denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_IsDescribedInTheOpenApiDocument_AndNeedsTheAnalyticsScope()
    {
        using var app = new RetourApp(fixture.Provider);
        var document = await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        foreach (var route in new[] { "refund-speed", "costs", "retention", "feedback" })
        {
            Assert.Contains($"\"/api/v1/analytics/{route}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("Scope: `analytics:read`", document, StringComparison.Ordinal);
        using var reader = KeyClient(app, await KeyAsync(app, "bi", ApiScopes.AnalyticsRead));
        using var other = KeyClient(app, await KeyAsync(app, "shop", ApiScopes.ReturnsRead));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/api/v1/analytics/costs", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(new Uri("/api/v1/analytics/costs", UriKind.Relative))).StatusCode);
    }

    private static async Task<string> KeyAsync(RetourApp app, string name, params string[] scopes)
    {
        var (key, secret, errors) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, Retour.Web.Infrastructure.FieldErrors)>(a => a.CreateAsync(name, scopes, null, null, null, "test", CancellationToken.None));
        Assert.True(key is not null, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        return secret!;
    }

    private static HttpClient KeyClient(RetourApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task ResolveAsync(Lifecycle steps, ReturnResponse r)
    {
        await steps.StepAsync(r, "resolve", new ResolveReturnRequest());
        await steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");
    }

    private static async Task<T> GetAsync<T>(Lifecycle steps, string url)
    {
        var response = await steps.Api.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Read<T>();
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static ReturnFacts Facts(DateTimeOffset requested, string currency, Action<ReturnFacts> set)
    {
        var facts = new ReturnFacts
        {
            ReturnCaseId = Guid.CreateVersion7(),
            RequestedAt = requested,
            RequestedMonth = (requested.UtcDateTime.Year * 100) + requested.UtcDateTime.Month,
            Status = ReturnStatus.Resolved,
            Channel = "web",
            Country = "FR",
            Currency = currency,
            UpdatedAt = requested,
        };
        set(facts);
        return facts;
    }

    // Every stored fact but when it was computed and its version, one string per return, in return order.
    private static Task<List<string>> FactsAsync(RetourApp app) =>
        app.WithScopeAsync<RetourDbContext, List<string>>(async db => (await db.Set<ReturnFacts>().AsNoTracking().ToListAsync())
            .OrderBy(f => f.ReturnCaseId)
            .Select(f => string.Join('|', typeof(ReturnFacts).GetProperties().Where(p => p.Name is not (nameof(ReturnFacts.UpdatedAt) or nameof(ReturnFacts.Version))).Select(p => Convert.ToString(p.GetValue(f), CultureInfo.InvariantCulture))))
            .ToList());
}

public sealed class MoneyAnalyticsTests_Sqlite(SqliteApp app) : MoneyAnalyticsTests(app), IClassFixture<SqliteApp>;

public sealed class MoneyAnalyticsTests_Postgres(PostgresApp app) : MoneyAnalyticsTests(app), IClassFixture<PostgresApp>;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Demo;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>The what-if simulation replays past orders and returns under a draft and the policy in force.</summary>
public abstract class PolicySimulationTests(RetourApp fixture)
{
    [Fact]
    public async Task Simulate_AStricterDraft_ShowsTheReturnItWouldRefuseAndTheRefundItWouldNotPay()
    {
        using var app = new RetourApp(fixture.Provider);
        var (steps, policies) = (new Lifecycle(app), new PolicySteps(app.Api()));
        await policies.PublishAsync(APolicy.WithWindow(30));
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(20, app.Now).ShippedTo("US", "USD").WithLine("TEE-M", 1, 20m));
        await steps.RequestAsync(order, reason: "changed-mind");
        var (draft, _) = await policies.DraftAsync(APolicy.WithWindow(10, "US", "AU"));

        var response = await app.Api().Post($"/api/v1/policies/{draft.Number}/simulate?days=90", new { });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.Equal(1, root.GetProperty("returnLines").GetInt32());
        Assert.Equal(1, root.GetProperty("returnLinesChanged").GetInt32());
        Assert.Equal(1, root.GetProperty("transitions").GetProperty("Eligible → NotEligible").GetInt32());
        Assert.Equal(1, root.GetProperty("orderLinesWithShorterDeadline").GetInt32());
        var usd = Assert.Single(root.GetProperty("money").EnumerateArray());
        Assert.Equal("USD", usd.GetProperty("currency").GetString());
        Assert.Equal(20m, usd.GetProperty("refundsBefore").GetDecimal());
        Assert.Equal(0m, usd.GetProperty("refundsAfter").GetDecimal());
        Assert.Equal(-20m, usd.GetProperty("refundImpact").GetDecimal());
        Assert.Equal($"v{draft.Number}", root.GetProperty("draftVersion").GetString());
    }

    [Fact]
    public async Task Simulate_OnTheDemoShop_ReplaysEveryLineOfThePeriodAndThePrintableReportShowsTheSameFigures()
    {
        using var app = new RetourApp(fixture.Provider);
        var seeded = await app.WithScopeAsync<DemoShop, DemoSeed?>(shop => shop.SeedAsync(CancellationToken.None));
        Assert.NotNull(seeded);
        var policies = new PolicySteps(app.Api());
        var current = await (await app.Api().GetAsync(new Uri("/api/v1/policies/current", UriKind.Relative))).Read<PolicyVersionResponse>();
        var twiceAsLong = current.Document with { Windows = [.. current.Document.Windows.Select(w => w with { Days = w.Days * 2 })] };
        var (draft, _) = await policies.DraftAsync(twiceAsLong, "Twice as long to return");
        var since = app.Now.AddDays(-90);
        var (orderLines, returnLines) = await app.WithScopeAsync<RetourDbContext, (int, int)>(async db => (
            await db.Orders.Where(o => o.PlacedAt >= since).SelectMany(o => o.Lines).CountAsync(),
            await db.Returns.Where(r => r.RequestedAt >= since).SelectMany(r => r.Lines).CountAsync()));

        var json = await app.Api().Post($"/api/v1/policies/{draft.Number}/simulate?days=90", new { });
        using var html = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/policies/{draft.Number}/simulate?days=90", UriKind.Relative));
        html.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var page = await app.Api().SendAsync(html);

        Assert.True(json.StatusCode == HttpStatusCode.OK, await json.Content.ReadAsStringAsync());
        using var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var root = report.RootElement;
        Assert.True(orderLines > 100 && returnLines > 10, $"the demo shop has {orderLines} order lines and {returnLines} returned lines in 90 days");
        Assert.Equal(orderLines, root.GetProperty("orderLines").GetInt32());
        Assert.Equal(returnLines, root.GetProperty("returnLines").GetInt32());
        Assert.Equal(0, root.GetProperty("orderLinesBecomingNonReturnable").GetInt32());
        Assert.Equal(0, root.GetProperty("orderLinesWithShorterDeadline").GetInt32());
        Assert.True(root.GetProperty("orderLinesWithLongerDeadline").GetInt32() > 0);
        Assert.Equal(since, root.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains($"What publishing v{draft.Number} would change", text, StringComparison.Ordinal);
        foreach (var figure in new[] { "orderLines", "returnLines", "orderLinesWithLongerDeadline", "returnLinesChanged", "orderLinesBecomingNonReturnable" })
        {
            var value = root.GetProperty(figure).GetInt32().ToString("N0", CultureInfo.InvariantCulture);
            Assert.Contains($"data-figure=\"{figure}\"><b", text, StringComparison.Ordinal);
            Assert.Matches($"data-figure=\"{figure}\"><b[^>]*>{value}</b>", text);
        }

        foreach (var money in root.GetProperty("money").EnumerateArray())
        {
            Assert.Contains($"data-currency=\"{money.GetProperty("currency").GetString()}\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cli_GenerateOrdersThenSimulatePolicy_WritesThePrintableReport()
    {
        using var app = new RetourApp(fixture.Provider);
        using var client = app.Api();
        var output = Path.Combine(Path.GetTempPath(), $"retour-simulation-{Guid.NewGuid():N}.html");

        var (generated, generateOut) = await RetourCli.RunAsync(app, "generate-orders", "--orders", "150", "--days", "60", "--return-share", "0.3");
        var current = await (await client.GetAsync(new Uri("/api/v1/policies/current", UriKind.Relative))).Read<PolicyVersionResponse>();
        var (draft, _) = await new PolicySteps(client).DraftAsync(current.Document with { Windows = [.. current.Document.Windows.Select(w => w with { Days = w.Days + 15 })] });
        var (simulated, simulateOut) = await RetourCli.RunAsync(app, "simulate-policy", draft.Number.ToString(CultureInfo.InvariantCulture), "--days", "90", "--out", output);
        var (refused, _) = await RetourCli.RunAsync(app, "generate-orders", "--orders", "lots");

        try
        {
            Assert.True(generated == 0, generateOut);
            Assert.Contains("Generated 150 orders", generateOut, StringComparison.Ordinal);
            Assert.True(simulated == 0, simulateOut);
            Assert.Contains($"v{draft.Number} against {current.PolicyVersion}", simulateOut, StringComparison.Ordinal);
            var report = await File.ReadAllTextAsync(output);
            Assert.Contains($"What publishing v{draft.Number} would change", report, StringComparison.Ordinal);
            var lines = System.Text.RegularExpressions.Regex.Match(simulateOut, @"order lines ([\d,]+):").Groups[1].Value;
            Assert.Matches($"data-figure=\"orderLines\"><b[^>]*>{lines}</b>", report);
            Assert.NotEqual("0", lines);
            Assert.Equal(2, refused);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Simulate_WhenTheVersionIsUnknownOrTheSpanInvalid_SaysWhich()
    {
        using var app = new RetourApp(fixture.Provider);
        var policies = new PolicySteps(app.Api());
        var (draft, _) = await policies.DraftAsync(APolicy.WithWindow(30));

        var unknown = await app.Api().Post("/api/v1/policies/999/simulate", new { });
        var badSpan = await app.Api().Post($"/api/v1/policies/{draft.Number}/simulate?days=0", new { });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSpan.StatusCode);
        Assert.Contains("days", await badSpan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class PolicySimulationTests_Sqlite(SqliteApp app) : PolicySimulationTests(app), IClassFixture<SqliteApp>;

public sealed class PolicySimulationTests_Postgres(PostgresApp app) : PolicySimulationTests(app), IClassFixture<PostgresApp>;

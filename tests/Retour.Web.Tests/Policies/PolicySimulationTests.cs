using System.Net;
using System.Text.Json;
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

using System.Net;
using System.Text.Json;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Operations;

public abstract class OperationsTests(RetourApp app)
{
    [Fact]
    public async Task Health_WhenDatabaseMigrated_IsLiveAndReady()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_WithoutKeyOrWithAWrongKey_Is401()
    {
        using var anonymous = app.CreateClient();
        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/returns", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/v1/returns", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryRouteWithItsResponses()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var paths = document.RootElement.GetProperty("paths");
        string[] expected =
        [
            "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/orders/by-number/{number}",
            "/api/v1/returns", "/api/v1/returns/{id}", "/api/v1/returns/by-number/{number}",
            "/api/v1/returns/{id}/approve", "/api/v1/returns/{id}/reject", "/api/v1/returns/{id}/cancel",
            "/api/v1/returns/{id}/label", "/api/v1/returns/{id}/carrier-events", "/api/v1/returns/{id}/receipts",
            "/api/v1/returns/{id}/inspections", "/api/v1/returns/{id}/resolve",
            "/api/v1/refunds/{id}", "/api/v1/refunds/{id}/confirm",
            "/api/v1/returns/eligibility", "/api/v1/policies", "/api/v1/policies/current", "/api/v1/policies/baselines",
            "/api/v1/policies/{number}", "/api/v1/policies/{number}/validate", "/api/v1/policies/{number}/simulate", "/api/v1/policies/{number}/publish",
            "/api/v1/policies/{number}/rollback",
        ];
        Assert.All(expected, p => Assert.True(paths.TryGetProperty(p, out _), $"{p} is missing from the OpenAPI document."));
        var create = paths.GetProperty("/api/v1/returns").GetProperty("post");
        Assert.True(create.GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(create.TryGetProperty("requestBody", out _));
        Assert.True(document.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("ReturnResponse", out _));
    }

    [Fact]
    public async Task ApiReference_IsServedWithoutAnyExternalScript()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync(new Uri("/scalar/", UriKind.Relative));

        Assert.Contains("Retour API", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterAReturn_CountIt()
    {
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).WithLine("TEE-M", 1, 20m));
        await steps.RequestAsync(order);

        var text = await app.Api().GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("retour_returns_created", text, StringComparison.Ordinal);
        Assert.Contains("retour_returns_events", text, StringComparison.Ordinal);
    }
}

public sealed class OperationsTests_Sqlite(SqliteApp app) : OperationsTests(app), IClassFixture<SqliteApp>;

public sealed class OperationsTests_Postgres(PostgresApp app) : OperationsTests(app), IClassFixture<PostgresApp>;

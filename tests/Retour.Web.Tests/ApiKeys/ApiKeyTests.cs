using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Web.Features.ApiKeys;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using static Retour.Web.Tests.Infrastructure.StaffSession;

namespace Retour.Web.Tests.ApiKeys;

/// <summary>API keys made by administrators: shown once, stored hashed, scoped, revocable, last use recorded, limited per key.</summary>
public abstract partial class ApiKeyTests(RetourApp fixture)
{
    [Fact]
    public async Task Admin_MakesAKeyInTheBackOffice_ShownOnceAndKeptOnlyAsAHash()
    {
        using var app = new RetourApp(fixture.Provider);
        using var admin = await AsAsync(app, "root@shop.test", StaffRoles.Admin);
        using var agent = await AsAsync(app, "desk@shop.test", StaffRoles.Agent);

        var made = await PostFormAsync(admin, "/backoffice/api-keys", new() { ["Name"] = "Zendesk", ["Scopes"] = ApiScopes.ReturnsRead });
        var page = await made.Content.ReadAsStringAsync();
        var key = Secret().Match(page).Groups[1].Value;
        var later = await admin.GetStringAsync(new Uri("/backoffice/api-keys", UriKind.Relative));
        var stored = await app.WithScopeAsync<RetourDbContext, ApiKey>(db => db.ApiKeys.AsNoTracking().SingleAsync());
        var denied = await agent.GetAsync(new Uri("/backoffice/api-keys", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.StartsWith(stored.Prefix + "_", key, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{stored.Prefix}\"", later, StringComparison.Ordinal);
        Assert.DoesNotContain(key, later, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), stored.Hash);
        Assert.Equal(ApiScopes.ReturnsRead, stored.Scopes);
        Assert.Equal("root@shop.test", stored.CreatedBy);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.Contains(await AuditAsync(app), a => a.Action == "apiKey.created" && a.Target == stored.Prefix && a.Actor == "root@shop.test");
        Assert.DoesNotContain(await AuditAsync(app), a => (a.Details ?? string.Empty).Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scopes_OpenOnlyTheirRoutes_AndARefusalNamesTheMissingScope()
    {
        using var app = new RetourApp(fixture.Provider);
        using var helpdesk = Client(app, await MakeAsync(app, "Helpdesk", ApiScopes.ReturnsRead));
        using var shop = Client(app, await MakeAsync(app, "Shop", ApiScopes.OrdersWrite, ApiScopes.ReturnsWrite));
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m));

        var read = await helpdesk.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var write = await helpdesk.Post("/api/v1/orders", AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m).Build());
        var problem = await write.Content.ReadAsStringAsync();
        var orderIn = await shop.Post("/api/v1/orders", AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-L", 1, 24m).Build());
        var shopReads = await shop.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var created = await shop.Post("/api/v1/returns", new RequestReturnRequest(order.Id, [new RequestReturnLine(order.Lines[0].Id, 1, "too-small")]), idempotencyKey: "scoped-create");
        var feedback = await shop.GetAsync(new Uri("/api/v1/feedback", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("orders:write", problem, StringComparison.Ordinal);
        Assert.True(orderIn.IsSuccessStatusCode, await orderIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, shopReads.StatusCode);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, feedback.StatusCode);
    }

    [Fact]
    public async Task Revoked_StopsAtOnce_AndExpired_StopsOnItsDay()
    {
        using var app = new RetourApp(fixture.Provider);
        var secret = await MakeAsync(app, "Old ERP", ApiScopes.ReturnsRead);
        var (expiring, expiringSecret, _) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync("Trial", [ApiScopes.ReturnsRead], null, null, app.Now.AddDays(1), "test", CancellationToken.None));
        using var client = Client(app, secret);
        using var trial = Client(app, expiringSecret!);

        var before = await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var id = await app.WithScopeAsync<RetourDbContext, Guid>(db => db.ApiKeys.Where(k => k.Name == "Old ERP").Select(k => k.Id).SingleAsync());
        var revoked = await app.WithScopeAsync<ApiKeyAdmin, bool>(a => a.RevokeAsync(id, "test", CancellationToken.None));
        var after = await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var again = await app.WithScopeAsync<ApiKeyAdmin, bool>(a => a.RevokeAsync(id, "test", CancellationToken.None));
        var trialToday = await trial.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        app.Clock.Advance(TimeSpan.FromDays(1) + ApiKeyLookup.CacheFor);
        var trialLater = await trial.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        using var forged = Client(app, secret[..^2] + "xx");
        var wrong = await forged.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));

        Assert.NotNull(expiring);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(again);
        Assert.Equal(HttpStatusCode.OK, trialToday.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, trialLater.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task LastUse_IsRecorded_AtMostOnceAMinute()
    {
        using var app = new RetourApp(fixture.Provider);
        using var client = Client(app, await MakeAsync(app, "Warehouse", ApiScopes.ReturnsRead));
        Task<DateTimeOffset?> LastUsed() => app.WithScopeAsync<RetourDbContext, DateTimeOffset?>(db => db.ApiKeys.Select(k => k.LastUsedAt).SingleAsync());

        var never = await LastUsed();
        await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var first = await LastUsed();
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var soon = await LastUsed();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));
        var later = await LastUsed();

        Assert.Null(never);
        Assert.Equal(RetourApp.Start, first);
        Assert.Equal(first, soon);
        Assert.Equal(RetourApp.Start.AddSeconds(20).AddMinutes(1), later);
    }

    [Fact]
    public async Task RateLimit_IsPerKey_WithTheKeysOwnLimit()
    {
        using var app = new RetourApp(fixture.Provider);
        var (_, slowSecret, _) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync("Scanner", [ApiScopes.ReturnsRead], null, 3, null, "test", CancellationToken.None));
        using var slow = Client(app, slowSecret!);
        using var other = Client(app, await MakeAsync(app, "Helpdesk", ApiScopes.ReturnsRead));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await slow.GetAsync(new Uri("/api/v1/returns", UriKind.Relative))).StatusCode);
        }

        var unaffected = await other.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
    }

    [Fact]
    public async Task Making_RefusesUnknownScopesRolesAndLimits_NamingTheField()
    {
        using var app = new RetourApp(fixture.Provider);

        var (key, secret, errors) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync(" ", ["returns:delete"], "Boss", 0, app.Now.AddDays(-1), "test", CancellationToken.None));
        var (none, _, noScope) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync("Shop", [], null, null, null, "test", CancellationToken.None));
        var fields = errors.ToDictionary();

        Assert.Null(key);
        Assert.Null(secret);
        Assert.Null(none);
        Assert.Equal(["expiresAt", "name", "perMinute", "role", "scopes"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("returns:delete", fields["scopes"][0], StringComparison.Ordinal);
        Assert.Contains("scopes", noScope.ToDictionary().Keys);
        Assert.Equal(0, await app.WithScopeAsync<RetourDbContext, int>(db => db.ApiKeys.CountAsync()));
    }

    [Fact]
    public async Task ARoleLimitedKey_KeepsTheStaffRules()
    {
        using var app = new RetourApp(fixture.Provider);
        var (_, secret, _) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync("Dock scanner", [ApiScopes.ReturnsWrite, ApiScopes.ReturnsRead], StaffRoles.Warehouse, null, null, "test", CancellationToken.None));
        using var dock = Client(app, secret!);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m));
        var requested = await steps.RequestAsync(order, reason: "too-small");

        var approve = await dock.Post($"/api/v1/returns/{requested.Id}/approve", new { message = "ok" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
    }

    [Fact]
    public async Task CommandLine_MakesAKeyAndPrintsItOnce()
    {
        using var app = new RetourApp(fixture.Provider);
        _ = app.Services;

        var (code, output) = await RetourCli.RunAsync(app, ["create-api-key", "--name", "Shopify", "--scopes", "orders:write,returns:read"]);
        var (bad, badOutput) = await RetourCli.RunAsync(app, ["create-api-key", "--name", "Shopify", "--scopes", "orders:everything"]);
        var key = Regex.Match(output, "rtr_[a-z0-9]{8}_[A-Za-z0-9_-]{40}").Value;
        using var client = Client(app, key);
        var works = await client.GetAsync(new Uri("/api/v1/returns", UriKind.Relative));

        Assert.True(code == 0, output);
        Assert.NotEmpty(key);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        Assert.Equal(1, bad);
        Assert.Contains("orders:everything", badOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryApiRoute_NeedsANamedScope_AndTheOpenApiSaysWhich()
    {
        using var app = new RetourApp(fixture.Provider);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        var unscoped = routes.Where(r => ApiScopes.Required(r.Method, r.Pattern) == ApiScopes.FullAccess).Select(r => $"{r.Method} {r.Pattern}").ToList();

        Assert.True(routes.Count > 50, $"{routes.Count} routes found");
        Assert.Empty(unscoped);
        Assert.Equal(ApiScopes.RefundsWrite, ApiScopes.Required("POST", "/api/v1/returns/{id:guid}/resolve"));
        Assert.Equal(ApiScopes.ReturnsWrite, ApiScopes.Required("POST", "/api/v1/returns/{id:guid}/approve"));
        Assert.Equal(ApiScopes.ReturnsRead, ApiScopes.Required("GET", "/api/v1/returns/{id:guid}"));
        Assert.Equal(ApiScopes.OrdersWrite, ApiScopes.Required("POST", "/api/v1/orders"));
        Assert.Equal(ApiScopes.AnalyticsRead, ApiScopes.Required("GET", "/api/v1/feedback"));
    }

    [Fact]
    public async Task OpenApi_NamesTheScopeOfEachOperation()
    {
        using var app = new RetourApp(fixture.Provider);
        var document = await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("Scope: `orders:write`", document, StringComparison.Ordinal);
        Assert.Contains("Scope: `refunds:write`", document, StringComparison.Ordinal);
        Assert.Contains("/backoffice/api-keys", document, StringComparison.Ordinal);
    }

    private static async Task<string> MakeAsync(RetourApp app, string name, params string[] scopes)
    {
        var (key, secret, errors) = await app.WithScopeAsync<ApiKeyAdmin, (ApiKey?, string?, FieldErrors)>(a => a.CreateAsync(name, scopes, null, null, null, "test", CancellationToken.None));
        Assert.True(key is not null, string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        return secret!;
    }

    private static HttpClient Client(RetourApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [GeneratedRegex("data-secret>[^<]*<code class=\"secret\">(rtr_[^<]+)</code>")]
    private static partial Regex Secret();
}

public sealed class ApiKeyTests_Sqlite(SqliteApp app) : ApiKeyTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeyTests_Postgres(PostgresApp app) : ApiKeyTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Retour.Domain.Policies;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence.Configurations;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Policies;

/// <summary>Policy versions: drafts, validation, publication, roll-back. Each test runs on a database of its own, since the policy in force is shared by everything on it.</summary>
public abstract class PolicyVersionTests(RetourApp fixture)
{
    [Fact]
    public async Task Publish_WhenDocumentIsInvalid_Is422NamingEachFieldAndRule()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new PolicySteps(app.Api());
        var standard = DefaultPolicies.Standard();
        var invalid = standard with
        {
            Windows =
            [
                new WindowRule("window.default", RuleScope.All, 10),
                new WindowRule("window.sale", new RuleScope(Tag: "sale"), 20),
                new WindowRule("window.sale-long", new RuleScope(Tag: "sale"), 40),
            ],
            Fees = new FeeRules(
                [new ShippingFeeRule("fee.negative", null, null, -2m), new ShippingFeeRule("fee.unknown", "nope", null, 3m)],
                []),
        };
        var (draft, _) = await steps.DraftAsync(invalid);

        var response = await app.Api().Post($"/api/v1/policies/{draft.Number}/publish", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        var errors = problem.Errors!.Select(e => (e.Code, e.Target)).ToList();
        Assert.Contains(("policy.fee.negative", "fees.returnShipping[0].amount"), errors);
        Assert.Contains(("policy.reason.unknown", "fees.returnShipping[1].reasonCode"), errors);
        Assert.Contains(("policy.window.contradictory", "windows[2]"), errors);
        Assert.Contains(("policy.window.undercutsLaw", "windows[0].days"), errors);
        Assert.Contains(problem.Errors!, e => e.Code == "policy.window.undercutsLaw" && e.Message.Contains("C. consom. L221-18", StringComparison.Ordinal));
        var still = await (await app.Api().GetAsync(new Uri($"/api/v1/policies/{draft.Number}", UriKind.Relative))).Read<PolicyVersionResponse>();
        Assert.Equal(PolicyStatus.Draft, still.Status);
    }

    [Fact]
    public async Task Validate_AnswersErrorsAndWarningsWithoutPublishing()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new PolicySteps(app.Api());
        var (draft, _) = await steps.DraftAsync(APolicy.WithWindow(7));

        var response = await app.Api().Post($"/api/v1/policies/{draft.Number}/validate", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.Read<PolicyValidationResponse>();
        Assert.False(check.Valid);
        Assert.Contains(check.Errors, e => e.Code == "policy.window.undercutsLaw" && e.Target == "windows[0].days");
        Assert.Contains(check.Warnings, w => w.Code == "policy.exclusion.overriddenByLaw");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Api().GetAsync(new Uri("/api/v1/policies/current", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Publish_SupersedesThePreviousVersion_AndRollBackPublishesACopyAsANewVersion()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new PolicySteps(app.Api());
        var v1 = await steps.PublishAsync(APolicy.WithWindow(30));
        var v2 = await steps.PublishAsync(APolicy.WithWindow(60));

        var response = await app.Api().Post($"/api/v1/policies/{v1.Number}/rollback", new RollBackPolicyRequest("v2 was too generous"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var v3 = await response.Read<PolicyVersionResponse>();
        Assert.Equal(v2.Number + 1, v3.Number);
        Assert.Equal($"v{v3.Number}", v3.PolicyVersion);
        Assert.Equal(PolicyStatus.Published, v3.Status);
        Assert.Equal(v1.Number, v3.CopiedFrom);
        Assert.Equal(30, Assert.Single(v3.Document.Windows).Days);
        var current = await (await app.Api().GetAsync(new Uri("/api/v1/policies/current", UriKind.Relative))).Read<PolicyVersionResponse>();
        Assert.Equal(v3.Number, current.Number);
        var list = await (await app.Api().GetAsync(new Uri("/api/v1/policies", UriKind.Relative))).Read<PolicyVersionPage>();
        Assert.Equal([v3.Number, v2.Number, v1.Number], list.Items.Select(i => i.Number));
        Assert.Equal([PolicyStatus.Published, PolicyStatus.Superseded, PolicyStatus.Superseded], list.Items.Select(i => i.Status));
        var first = await (await app.Api().GetAsync(new Uri($"/api/v1/policies/{v1.Number}", UriKind.Relative))).Read<PolicyVersionResponse>();
        Assert.Equal(v1.PublishedAt, first.PublishedAt);
        Assert.Equal(30, first.Document.Windows[0].Days);
    }

    [Fact]
    public async Task RollBack_ToTheVersionInForce_Is422()
    {
        using var app = new RetourApp(fixture.Provider);
        var v1 = await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30));

        var response = await app.Api().Post($"/api/v1/policies/{v1.Number}/rollback", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("policy.rollback.notSuperseded", (await response.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task Edit_WithAStaleIfMatch_Is409_AndAPublishedVersionCannotBeEdited()
    {
        using var app = new RetourApp(fixture.Provider);
        var api = app.Api();
        var (draft, etag) = await new PolicySteps(api).DraftAsync(APolicy.WithWindow(30), "first try");

        var edited = await Put(api, draft.Number, new EditPolicyRequest(APolicy.WithWindow(45), "longer"), etag);
        var stale = await Put(api, draft.Number, new EditPolicyRequest(APolicy.WithWindow(50)), etag);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.NotEqual(etag, edited.Headers.ETag!.Tag);
        Assert.Equal(45, (await edited.Read<PolicyVersionResponse>()).Document.Windows[0].Days);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Post($"/api/v1/policies/{draft.Number}/publish", new { }, ifMatch: edited.Headers.ETag!.Tag)).StatusCode);
        var afterPublish = await Put(api, draft.Number, new EditPolicyRequest(APolicy.WithWindow(50)), null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, afterPublish.StatusCode);
        Assert.Equal("policy.notDraft", (await afterPublish.Read<RuleProblem>()).Code);
    }

    [Fact]
    public async Task Create_CopyFrom_StartsADraftFromThatVersion_AndAnUnknownOneIs404()
    {
        using var app = new RetourApp(fixture.Provider);
        var v1 = await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(40));

        var copy = await app.Api().Post("/api/v1/policies", new CreatePolicyRequest(null, v1.Number, "copy"));
        var unknown = await app.Api().Post("/api/v1/policies", new CreatePolicyRequest(null, 99));

        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        var draft = await copy.Read<PolicyVersionResponse>();
        Assert.Equal(PolicyStatus.Draft, draft.Status);
        Assert.Equal(40, draft.Document.Windows[0].Days);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Document_RoundTripsThroughStorageWithLabelsListsAndEnums()
    {
        var document = DefaultPolicies.Standard() with
        {
            SeasonalExtensions = [new SeasonalExtension("season.holidays", "11-15", "12-31", "01-31")],
            Fees = new FeeRules([new ShippingFeeRule("fee.dropOff", "changed-mind", ReturnMethod.DropOff, 3.5m)], [new RestockingRule("fee.shoes", "shoes", 10m)]),
            Automation = new AutomationRules(AutoApprove: true, ReviewReturnRateAbove: 0.5m, KeepItem: new KeepItemRule("keep.cheap", 5m, true)),
            Reasons = [.. DefaultPolicies.Standard().Reasons.Select(r => r.Code == "defective" ? r with { PhotoRequired = true, Resolutions = [Domain.Returns.Resolution.Repair] } : r)],
        };

        var text = JsonSerializer.Serialize(document, PolicyDocumentJson.Options);
        var back = JsonSerializer.Deserialize<ReturnPolicy>(text, PolicyDocumentJson.Options)!;

        Assert.Equal(text, JsonSerializer.Serialize(back, PolicyDocumentJson.Options));
        Assert.Contains("\"dropOff\"", text, StringComparison.Ordinal);
        Assert.Equal("Défectueux ou cassé", back.Reasons.Single(r => r.Code == "defective").Labels["fr"]);
        Assert.True(PolicyValidation.Validate(back).IsValid);
        using var app = new RetourApp(fixture.Provider);
        var published = await new PolicySteps(app.Api()).PublishAsync(document);
        Assert.Equal(text, JsonSerializer.Serialize(published.Document, PolicyDocumentJson.Options));
    }

    [Fact]
    public async Task Api_WithoutAKey_Is401()
    {
        using var anonymous = fixture.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/v1/policies", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/returns/eligibility", new { orderId = Guid.NewGuid() })).StatusCode);
    }

    private static Task<HttpResponseMessage> Put(HttpClient api, int number, EditPolicyRequest body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/policies/{number}") { Content = JsonContent.Create(body, options: RetourApp.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return api.SendAsync(request);
    }
}

public sealed class PolicyVersionTests_Sqlite(SqliteApp app) : PolicyVersionTests(app), IClassFixture<SqliteApp>;

public sealed class PolicyVersionTests_Postgres(PostgresApp app) : PolicyVersionTests(app), IClassFixture<PostgresApp>;

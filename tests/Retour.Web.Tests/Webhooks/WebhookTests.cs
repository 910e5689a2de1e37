using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Webhooks;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Webhooks;

public abstract class WebhookTests(RetourApp app)
{
    private readonly HttpClient _api = app.Api();

    [Fact]
    public void Signature_VerifiesAGoodOne_AndRefusesABadOrReplayedOne()
    {
        const string secret = "whsec_test-secret";
        const string body = "{\"id\":\"1\",\"type\":\"return.approved\"}";
        var sentAt = RetourApp.Start;
        var header = WebhookSignature.Sign(secret, sentAt, body);

        Assert.Matches("^t=\\d+,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(secret, header, body, sentAt.AddSeconds(30), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_other", header, body, sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, header, body + " ", sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, header.Replace("v1=", "v1=0", StringComparison.Ordinal), body, sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, header, body, sentAt.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, null, body, sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, "v1=abc", body, sentAt, TimeSpan.FromMinutes(5)));

        // A rotated secret: any v1 may match; the timestamp is part of what is signed.
        var other = WebhookSignature.Sign("whsec_old", sentAt, body);
        Assert.True(WebhookSignature.Verify(secret, other + "," + header[header.IndexOf("v1", StringComparison.Ordinal)..], body, sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, header.Replace($"t={sentAt.ToUnixTimeSeconds()}", $"t={sentAt.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal), body, sentAt, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Targets_InProduction_RefuseHttpAndPrivateNetworks()
    {
        var production = new WebhookTargets(Options.Create(new WebhookOptions()), new HostingEnvironment { EnvironmentName = "Production" });

        Assert.Null(production.Refusal("https://hooks.example.com/retour"));
        Assert.NotNull(production.Refusal("http://hooks.example.com/retour"));
        Assert.NotNull(production.Refusal("http://127.0.0.1:8080/hook"));
        Assert.NotNull(production.Refusal("https://10.1.2.3/hook"));
        Assert.NotNull(production.Refusal("https://192.168.1.10/hook"));
        Assert.NotNull(production.Refusal("https://169.254.169.254/latest/meta-data"));
        Assert.NotNull(production.Refusal("https://[::1]/hook"));
        Assert.NotNull(production.Refusal("https://user:pass@hooks.example.com/"));
        Assert.NotNull(production.Refusal("ftp://hooks.example.com/"));
        Assert.False(production.MayConnect(IPAddress.Parse("172.16.0.5"), "hooks.example.com"));
        Assert.True(production.MayConnect(IPAddress.Parse("93.184.216.34"), "hooks.example.com"));

        var tests = new WebhookTargets(Options.Create(new WebhookOptions { AllowPrivateNetworks = false }), new HostingEnvironment { EnvironmentName = "Testing" });
        Assert.Null(tests.Refusal("http://127.0.0.1:8080/hook"));
        Assert.True(tests.MayConnect(IPAddress.Loopback, "127.0.0.1"));
        Assert.False(tests.MayConnect(IPAddress.Loopback, "rebound.example.com"));
    }

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndRefusesBadUrlsAndEvents()
    {
        var bad = await _api.Post("/api/v1/webhooks/subscriptions", new CreateWebhookSubscriptionRequest("ftp://example.com/x", ["return.nope"]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"url\"", problem, StringComparison.Ordinal);
        Assert.Contains("return.nope", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Post("/api/v1/webhooks/subscriptions", new CreateWebhookSubscriptionRequest("http://example.com/hook", ["*"]))).StatusCode);
        var keyed = await _api.Post("/api/v1/webhooks/subscriptions", new CreateWebhookSubscriptionRequest("https://hooks.example.com/keyed", ["*"]), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, keyed.StatusCode);
        Assert.Contains("Idempotency-Key", await keyed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await _api.Post("/api/v1/webhooks/subscriptions", new CreateWebhookSubscriptionRequest("https://hooks.example.com/retour", ["refund.succeeded", "return.created", "refund.succeeded"], "ERP"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Read<CreatedWebhookSubscriptionResponse>();
        Assert.StartsWith("whsec_", answer.Secret, StringComparison.Ordinal);
        Assert.Equal(["refund.succeeded", "return.created"], answer.Subscription.Events);
        Assert.Equal(answer.Secret[^4..], answer.Subscription.SecretHint);

        var read = await _api.GetStringAsync(new Uri($"/api/v1/webhooks/subscriptions/{answer.Subscription.Id}", UriKind.Relative));
        Assert.DoesNotContain(answer.Secret, read, StringComparison.Ordinal);
        var stored = await app.WithScopeAsync<RetourDbContext, WebhookSubscription>(db => Task.FromResult(db.WebhookSubscriptions.Single(s => s.Id == answer.Subscription.Id)));
        Assert.DoesNotContain(answer.Secret, stored.ProtectedSecret, StringComparison.Ordinal);
        var openApi = await _api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("/api/v1/webhooks/deliveries/{id}/resend", openApi, StringComparison.Ordinal);
        var events = await _api.GetStringAsync(new Uri("/api/v1/webhooks/events", UriKind.Relative));
        Assert.Contains("inventory.restocked", events, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync(new Uri($"/api/v1/webhooks/subscriptions/{answer.Subscription.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AReturnRequested_ReachesTheReceiver_Signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (subscription, secret) = await SubscribeAsync(receiver.BaseUrl + "/created", "return.created");
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));

        var r = await steps.RequestAsync(order);

        await WaitAsync(() => receiver.At("/created").Count > 0, "the delivery");
        var got = receiver.At("/created")[0];
        Assert.True(WebhookSignature.Verify(secret, got.Signature, got.Body, app.Now, TimeSpan.FromMinutes(5)), got.Signature);
        Assert.Equal("return.created", got.Event);
        using var json = JsonDocument.Parse(got.Body);
        Assert.Equal(got.EventId, json.RootElement.GetProperty("id").GetString());
        Assert.Equal("return.created", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(r.Number, json.RootElement.GetProperty("data").GetProperty("number").GetString());
        var delivery = Assert.Single(await DeliveriesAsync(subscription, d => d.Status == WebhookDeliveryStatus.Succeeded));
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Equal(1, delivery.Attempts);
        await DeleteAsync(subscription);
    }

    [Fact]
    public async Task ARotatedSecret_SignsBesideTheOldOneForTheOverlap_ThenAlone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (subscription, old) = await SubscribeAsync(receiver.BaseUrl + "/rotated", "return.approved");

        var keyed = await _api.Post($"/api/v1/webhooks/subscriptions/{subscription}/rotate-secret", new RotateWebhookSecretRequest(24), Guid.NewGuid().ToString());
        var tooLong = await _api.Post($"/api/v1/webhooks/subscriptions/{subscription}/rotate-secret", new RotateWebhookSecretRequest(200));
        var unknown = await _api.Post($"/api/v1/webhooks/subscriptions/{Guid.NewGuid()}/rotate-secret", new RotateWebhookSecretRequest());
        var rotated = await _api.Post($"/api/v1/webhooks/subscriptions/{subscription}/rotate-secret", new RotateWebhookSecretRequest(24));
        var answer = await rotated.Read<CreatedWebhookSubscriptionResponse>();
        await PublishAsync(new ReturnApproved(Guid.NewGuid(), "R-ROTA1", app.Now, app.Now.AddDays(14)));
        await WaitAsync(() => receiver.At("/rotated").Count > 0, "the delivery during the overlap");
        var during = receiver.At("/rotated")[0];
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await PublishAsync(new ReturnApproved(Guid.NewGuid(), "R-ROTA2", app.Now, app.Now.AddDays(14)));
        await WaitAsync(() => receiver.At("/rotated").Count > 1, "the delivery after the overlap");
        var after = receiver.At("/rotated")[1];

        Assert.Equal(HttpStatusCode.BadRequest, keyed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("overlapHours", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(old, answer.Secret);
        Assert.Equal(app.Now.AddSeconds(-1), answer.Subscription.PreviousSecretUntil);
        Assert.True(WebhookSignature.Verify(answer.Secret, during.Signature, during.Body, app.Now.AddHours(-24), TimeSpan.FromMinutes(5)), during.Signature);
        Assert.True(WebhookSignature.Verify(old, during.Signature, during.Body, app.Now.AddHours(-24), TimeSpan.FromMinutes(5)), during.Signature);
        Assert.True(WebhookSignature.Verify(answer.Secret, after.Signature, after.Body, app.Now, TimeSpan.FromMinutes(5)), after.Signature);
        Assert.False(WebhookSignature.Verify(old, after.Signature, after.Body, app.Now, TimeSpan.FromMinutes(5)), after.Signature);
        Assert.Contains(await StaffSession.AuditAsync(app), a => a.Action == "webhook.secretRotated" && a.Target == subscription.ToString());
        await DeleteAsync(subscription);
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedWithBackoff_UntilItRecovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour["/flaky"] = n => Task.FromResult(n <= 2 ? 500 : 204);
        var (subscription, secret) = await SubscribeAsync(receiver.BaseUrl + "/flaky", "return.approved");

        await PublishAsync(new ReturnApproved(Guid.NewGuid(), "R-FLAKY", app.Now, app.Now.AddDays(14)));

        var first = Assert.Single(await DeliveriesAsync(subscription, d => d.Attempts == 1));
        Assert.Equal(WebhookDeliveryStatus.Pending, first.Status);
        Assert.Equal(500, first.LastStatusCode);
        Assert.Equal(first.LastAttemptAt!.Value.AddSeconds(10), first.NextAttemptAt);
        await Task.Delay(300);
        Assert.Single(receiver.At("/flaky"));

        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await DeliveriesAsync(subscription, d => d.Attempts == 2));
        Assert.Equal(second.LastAttemptAt!.Value.AddSeconds(20), second.NextAttemptAt);
        app.Clock.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(300);
        Assert.Equal(2, receiver.At("/flaky").Count);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = Assert.Single(await DeliveriesAsync(subscription, d => d.Status == WebhookDeliveryStatus.Succeeded));
        Assert.Equal(3, done.Attempts);
        Assert.Equal(204, done.LastStatusCode);
        Assert.Null(done.LastError);
        var got = receiver.At("/flaky");
        Assert.Equal(3, got.Count);
        Assert.Single(got.Select(g => g.EventId).Distinct());
        Assert.All(got, g => Assert.True(WebhookSignature.Verify(secret, g.Signature, g.Body, app.Now, TimeSpan.FromMinutes(5))));
        await DeleteAsync(subscription);
    }

    [Fact]
    public async Task ADeadReceiver_FailsAfterTheRetryWindow_AndAResendDeliversIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        receiver.Behaviour["/down"] = _ => Task.FromResult(down ? 503 : 200);
        var (subscription, _) = await SubscribeAsync(receiver.BaseUrl + "/down", "refund.failed");

        await PublishAsync(new RefundFailed(Guid.NewGuid(), "R-DOWN", app.Now, Guid.NewGuid(), "declined"));
        await DeliveriesAsync(subscription, d => d.Attempts == 1);
        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(5));
        var failed = Assert.Single(await DeliveriesAsync(subscription, d => d.Status == WebhookDeliveryStatus.Failed));
        Assert.Equal(2, failed.Attempts);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal("HTTP 503 Service Unavailable", failed.LastError);

        down = false;
        var resent = await _api.Post($"/api/v1/webhooks/deliveries/{failed.Id}/resend", null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);

        var delivered = Assert.Single(await DeliveriesAsync(subscription, d => d.Status == WebhookDeliveryStatus.Succeeded));
        Assert.Equal(3, delivered.Attempts);
        Assert.Equal(3, receiver.At("/down").Count);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Post("/api/v1/webhooks/deliveries/999999999/resend", null)).StatusCode);
        await DeleteAsync(subscription);
    }

    [Fact]
    public async Task ASlowReceiver_DoesNotDelayAnotherSubscription()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Behaviour["/slow"] = async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return 200;
        };
        var (slow, _) = await SubscribeAsync(receiver.BaseUrl + "/slow", "return.rejected");
        var (fast, _) = await SubscribeAsync(receiver.BaseUrl + "/fast", "return.rejected");
        var watch = Stopwatch.StartNew();

        await PublishAsync([.. Enumerable.Range(0, 40).Select(i => new ReturnRejected(Guid.NewGuid(), $"R-SLOW-{i}", app.Now, "no"))]);

        await WaitAsync(() => receiver.At("/fast").Count == 40, "the fast receiver's 40 deliveries", seconds: 20);
        var fastDone = watch.Elapsed;
        Assert.True(fastDone < TimeSpan.FromSeconds(5), $"The fast receiver waited for the slow one: {fastDone}.");
        Assert.InRange(receiver.At("/slow").Count, 1, 16);
        await DeleteAsync(slow);
        await DeleteAsync(fast);
    }

    [Fact]
    public async Task APausedSubscription_GetsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (paused, _) = await SubscribeAsync(receiver.BaseUrl + "/paused", "return.cancelled");
        var (active, _) = await SubscribeAsync(receiver.BaseUrl + "/active", "*");
        var patch = await _api.PatchAsJsonAsync(new Uri($"/api/v1/webhooks/subscriptions/{paused}", UriKind.Relative), new UpdateWebhookSubscriptionRequest(Paused: true), RetourApp.Json);
        Assert.True((await patch.Read<WebhookSubscriptionResponse>()).Paused);

        await PublishAsync(new ReturnCancelled(Guid.NewGuid(), "R-PAUSED", app.Now));

        await WaitAsync(() => receiver.At("/active").Count > 0, "the active subscription's delivery");
        await Task.Delay(200);
        Assert.Empty(receiver.At("/paused"));
        Assert.Empty((await (await _api.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{paused}/deliveries", UriKind.Relative))).Read<WebhookDeliveryPage>()).Items);
        await DeleteAsync(paused);
        await DeleteAsync(active);
    }

    [Fact]
    public async Task BackOffice_AnAdminSubscribesSeesDeliveriesAndResends_OthersCannot()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var agent = await StaffSession.AsAsync(app, $"agent-{Guid.NewGuid():N}@shop.test", "Agent");
        var denied = await agent.GetAsync(new Uri("/backoffice/webhooks", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);

        var admin = await StaffSession.AsAsync(app, $"admin-{Guid.NewGuid():N}@shop.test", "Admin");
        var created = await StaffSession.PostFormAsync(admin, "/backoffice/webhooks", new() { ["TargetUrl"] = receiver.BaseUrl + "/page", ["Events"] = "return.closed", ["Description"] = "Helpdesk" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var page = await created.Content.ReadAsStringAsync();
        Assert.Contains("whsec_", page, StringComparison.Ordinal);
        var id = (await (await _api.GetAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative))).Read<List<WebhookSubscriptionResponse>>()).Single(s => s.Url.EndsWith("/page", StringComparison.Ordinal)).Id;
        Assert.DoesNotContain("whsec_", await admin.GetStringAsync(new Uri("/backoffice/webhooks", UriKind.Relative)), StringComparison.Ordinal);

        await PublishAsync(new ReturnClosed(Guid.NewGuid(), "R-PAGE", app.Now));
        var delivery = Assert.Single(await DeliveriesAsync(id, d => d.Status == WebhookDeliveryStatus.Succeeded));
        var detail = await admin.GetStringAsync(new Uri($"/backoffice/webhooks/{id}", UriKind.Relative));
        Assert.Contains("return.closed", detail, StringComparison.Ordinal);
        Assert.Contains($"data-delivery=\"{delivery.Id}\"", detail, StringComparison.Ordinal);

        var resent = await StaffSession.PostFormAsync(admin, $"/backoffice/webhooks/{id}", new() { ["deliveryId"] = delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/backoffice/webhooks/{id}?handler=Resend");
        Assert.True(resent.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, resent.StatusCode.ToString());
        await WaitAsync(() => receiver.At("/page").Count == 2, "the re-sent delivery");

        var rotated = await StaffSession.PostFormAsync(admin, $"/backoffice/webhooks/{id}", new() { ["id"] = id.ToString(), ["overlapHours"] = "0" }, $"/backoffice/webhooks/{id}?handler=Rotate");
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Matches("data-secret>New signing secret: <code class=\"secret\">whsec_", await rotated.Content.ReadAsStringAsync());
        Assert.Null((await (await _api.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative))).Read<WebhookSubscriptionResponse>()).PreviousSecretUntil);

        var pause = await StaffSession.PostFormAsync(admin, "/backoffice/webhooks", new() { ["id"] = id.ToString(), ["paused"] = "true" }, "/backoffice/webhooks?handler=Pause");
        Assert.True(pause.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, pause.StatusCode.ToString());
        Assert.True((await (await _api.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative))).Read<WebhookSubscriptionResponse>()).Paused);
        var delete = await StaffSession.PostFormAsync(admin, "/backoffice/webhooks", new() { ["id"] = id.ToString() }, "/backoffice/webhooks?handler=Delete");
        Assert.True(delete.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, delete.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative))).StatusCode);
    }

    private async Task<(Guid Id, string Secret)> SubscribeAsync(string url, params string[] events)
    {
        var response = await _api.Post("/api/v1/webhooks/subscriptions", new CreateWebhookSubscriptionRequest(url, events));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Read<CreatedWebhookSubscriptionResponse>();
        return (created.Subscription.Id, created.Secret);
    }

    private async Task DeleteAsync(Guid id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative))).StatusCode);

    private async Task PublishAsync(params ReturnEvent[] events) =>
        await app.WithScopeAsync<RetourDbContext, int>(db =>
        {
            foreach (var e in events)
            {
                db.OutboxMessages.Add(OutboxMessage.From(e));
            }

            return db.SaveChangesAsync();
        });

    // Polls the delivery log until every delivery of the subscription matches (and there is one), for at most 30 s: a
    // retry goes through the dispatcher's lease, the receiver and the outcome writer, which a CI machine running the
    // other test classes beside it has taken more than 10 s to get through.
    private async Task<List<WebhookDeliveryResponse>> DeliveriesAsync(Guid subscription, Func<WebhookDeliveryResponse, bool> condition)
    {
        List<WebhookDeliveryResponse> items = [];
        await WaitAsync(
            async () =>
            {
                items = [.. (await (await _api.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{subscription}/deliveries?limit=200", UriKind.Relative))).Read<WebhookDeliveryPage>()).Items];
                return items.Count > 0 && items.All(condition);
            },
            "the deliveries",
            seconds: 30);
        return items;
    }

    private static Task WaitAsync(Func<bool> condition, string what, int seconds = 10) => WaitAsync(() => Task.FromResult(condition()), what, seconds);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {seconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}

/// <summary>A host whose webhook dispatcher polls often.</summary>
public sealed class WebhookSqliteApp : RetourApp
{
    /// <summary>Creates it.</summary>
    public WebhookSqliteApp()
        : base(Provider.Sqlite) => Settings["Webhooks:PollInterval"] = "00:00:00.050";
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class WebhookPostgresApp : RetourApp
{
    /// <summary>Creates it.</summary>
    public WebhookPostgresApp()
        : base(Provider.Postgres) => Settings["Webhooks:PollInterval"] = "00:00:00.050";
}

public sealed class WebhookTests_Sqlite(WebhookSqliteApp app) : WebhookTests(app), IClassFixture<WebhookSqliteApp>;

public sealed class WebhookTests_Postgres(WebhookPostgresApp app) : WebhookTests(app), IClassFixture<WebhookPostgresApp>;

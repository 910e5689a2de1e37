using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Workers;
using Stripe;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// The Stripe adapter against a real local Stripe-compatible server (npm's stripe-stateful-mock, started by the test
/// command, RETOUR_TEST_STRIPE): charges are made on it with Stripe.net, refunded by Retour's worker, and read back.
/// </summary>
public abstract class StripeRefundTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Refund_ThroughStripe_RefundsTheChargeOnceWithStripesReference()
    {
        var charge = await StripeMock.ChargeAsync(44.90m);
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m).PaidWithTransaction("stripe", charge.Id, 44.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());

        var resolved = await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved");

        var refund = Assert.Single(resolved.Refunds);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.StartsWith("re_", refund.ProviderReference, StringComparison.Ordinal);
        var onStripe = Assert.Single(await StripeMock.RefundsOfAsync(charge.Id));
        Assert.Equal(refund.ProviderReference, onStripe.Id);
        Assert.Equal(StripePaymentProvider.ToMinorUnits(refund.Amount, "EUR"), onStripe.Amount);
        Assert.Equal(refund.Id.ToString(), onStripe.Metadata[StripePaymentProvider.RefundIdMetadata]);
    }

    [Fact]
    public async Task Refund_DeliveredTwiceOrAskedAgainWithItsKey_RefundsTheChargeOnce()
    {
        var charge = await StripeMock.ChargeAsync(24.90m);
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWithTransaction("stripe", charge.Id, 24.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        var refund = Assert.Single((await _steps.WaitForAsync(r.Id, x => x.Status == ReturnStatus.Resolved, "resolved")).Refunds);

        // The outbox delivers the same message again (a crash before it was marked processed)...
        await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages
            .Where(m => m.Type == nameof(RefundRecorded) && m.Payload.Contains(refund.Id.ToString()))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTimeOffset?)null).SetProperty(m => m.LeasedUntil, (DateTimeOffset?)null)));
        await WaitForOutboxAsync();

        // ...and Stripe is asked again with the refund's key (a crash after Stripe paid, before Retour recorded it).
        var again = await app.Services.GetRequiredService<StripePaymentProvider>().RefundAsync(
            new RefundInstruction(refund.Id, charge.Id, refund.Amount, "EUR", $"retour-refund-{refund.Id:N}"), CancellationToken.None);

        Assert.Equal(RefundOutcomeKind.Succeeded, again.Kind);
        Assert.Equal(refund.ProviderReference, again.Reference);
        Assert.Single(await StripeMock.RefundsOfAsync(charge.Id));
        Assert.Single((await _steps.GetAsync(r.Id)).Timeline, t => t.Event == nameof(RefundSucceeded));
    }

    [Fact]
    public async Task Refund_PartlyThenTheRest_RefundsEachPartOnTheSameCharge()
    {
        var charge = await StripeMock.ChargeAsync(44.90m);
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 2, 20m).PaidWithTransaction("stripe", charge.Id, 44.90m));

        var first = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        first = await _steps.WaitForAsync(first.Id, x => x.Status == ReturnStatus.Resolved, "first resolved");
        var second = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        second = await _steps.WaitForAsync(second.Id, x => x.Status == ReturnStatus.Resolved, "second resolved");

        var onStripe = await StripeMock.RefundsOfAsync(charge.Id);
        Assert.Equal(2, onStripe.Count);
        var inRetour = first.Refunds.Concat(second.Refunds).ToList();
        Assert.Equal(inRetour.Select(x => x.ProviderReference).Order(StringComparer.Ordinal), onStripe.Select(x => x.Id).Order(StringComparer.Ordinal));
        Assert.Equal(StripePaymentProvider.ToMinorUnits(inRetour.Sum(x => x.Amount), "EUR"), onStripe.Sum(x => x.Amount));
    }

    [Fact]
    public async Task Refund_AboveWhatTheChargeHasLeft_IsDeclinedWithStripesReasonAndNotRetried()
    {
        // Stripe holds 10.00 on the charge, the shop told Retour 24.90 were captured: Stripe refuses 20.00 for good.
        var charge = await StripeMock.ChargeAsync(10.00m);
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWithTransaction("stripe", charge.Id, 24.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());

        var failed = await _steps.WaitForAsync(r.Id, x => x.Refunds.All(f => f.Status == RefundStatus.Failed), "refund declined");

        var refund = Assert.Single(failed.Refunds);
        Assert.Equal(1, refund.Attempts);
        Assert.Contains("greater than unrefunded amount", refund.FailureReason, StringComparison.Ordinal);
        Assert.Equal(ReturnStatus.Inspected, failed.Status);
        Assert.Empty(await StripeMock.RefundsOfAsync(charge.Id));
        await WaitForOutboxAsync();
    }

    [Fact]
    public async Task Webhook_WithAGoodSignature_ConfirmsAPendingRefund()
    {
        var (r, reference) = await PendingRefundAsync();

        var response = await PostWebhookAsync(await StripeMock.EventAsync("refund.updated", reference), app.Now.ToUnixTimeSeconds(), StripeMock.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var resolved = await _steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Equal(RefundStatus.Succeeded, resolved.Refunds[0].Status);
        Assert.Equal(reference, resolved.Refunds[0].ProviderReference);
    }

    [Fact]
    public async Task Webhook_DeliveredTwice_ConfirmsOnce()
    {
        var (r, reference) = await PendingRefundAsync();
        var body = await StripeMock.EventAsync("charge.refund.updated", reference);

        var first = await PostWebhookAsync(body, app.Now.ToUnixTimeSeconds(), StripeMock.WebhookSecret);
        var second = await PostWebhookAsync(body, app.Now.ToUnixTimeSeconds(), StripeMock.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var after = await _steps.GetAsync(r.Id);
        Assert.Single(after.Timeline, t => t.Event == nameof(RefundSucceeded));
        Assert.Single(after.Timeline, t => t.Event == nameof(ReturnResolved));
    }

    [Fact]
    public async Task Webhook_WithABadSignature_Is400NamingTheHeaderAndChangesNothing()
    {
        var (r, reference) = await PendingRefundAsync();

        var response = await PostWebhookAsync(await StripeMock.EventAsync("refund.updated", reference), app.Now.ToUnixTimeSeconds(), "whsec_someone_else");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(StripeWebhook.SignatureHeader, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RefundStatus.Pending, (await _steps.GetAsync(r.Id)).Refunds[0].Status);
    }

    [Fact]
    public async Task Webhook_ReplayedAfterTheTolerance_Is400()
    {
        var (r, reference) = await PendingRefundAsync();

        var response = await PostWebhookAsync(await StripeMock.EventAsync("refund.updated", reference), app.Now.ToUnixTimeSeconds() - StripeWebhook.ToleranceSeconds - 1, StripeMock.WebhookSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(RefundStatus.Pending, (await _steps.GetAsync(r.Id)).Refunds[0].Status);
    }

    [Fact]
    public async Task Webhook_ForARefundRetourDidNotMake_IsAcknowledged()
    {
        var charge = await StripeMock.ChargeAsync(5m);
        var elsewhere = await new RefundService(StripeMock.Client).CreateAsync(new RefundCreateOptions { Charge = charge.Id });

        var response = await PostWebhookAsync(await StripeMock.EventAsync("refund.updated", elsewhere.Id), app.Now.ToUnixTimeSeconds(), StripeMock.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"handled\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PendingRefund_WhoseWebhookNeverCame_IsSettledByAskingStripe()
    {
        var (r, _) = await PendingRefundAsync();

        var early = await app.WithScopeAsync<PendingRefunds, int>(p => p.RunOnceAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var late = await app.WithScopeAsync<PendingRefunds, int>(p => p.RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, early);
        Assert.True(late >= 1);
        Assert.Equal(ReturnStatus.Resolved, (await _steps.GetAsync(r.Id)).Status);
    }

    // A refund Stripe accepted as pending (as it does for some payment methods): the test provider reports the real
    // Stripe refund as pending for charges listed in StripeMock.PendingCharges.
    private async Task<(ReturnResponse Return, string Reference)> PendingRefundAsync()
    {
        var charge = await StripeMock.ChargeAsync(24.90m);
        StripeMock.PendingCharges[charge.Id] = true;
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m).PaidWithTransaction("stripe", charge.Id, 24.90m));
        var r = await _steps.StepAsync(await _steps.ApproveReceiveInspectAsync(await _steps.RequestAsync(order)), "resolve", new ResolveReturnRequest());
        var pending = await _steps.WaitForAsync(r.Id, x => x.Refunds.Count > 0 && x.Refunds.All(f => f.Status == RefundStatus.Pending), "refund pending");
        Assert.StartsWith("re_", pending.Refunds[0].ProviderReference, StringComparison.Ordinal);
        return (pending, pending.Refunds[0].ProviderReference!);
    }

    private async Task<HttpResponseMessage> PostWebhookAsync(string body, long timestamp, string secret)
    {
        using var anonymous = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(StripeWebhook.SignatureHeader, StripeMock.Sign(body, timestamp, secret));
        return await anonymous.SendAsync(request);
    }

    private async Task WaitForOutboxAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await app.WithScopeAsync<RetourDbContext, bool>(db => db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not drained in 10 s.");
            await Task.Delay(50);
        }
    }
}

/// <summary>The local Stripe-compatible server the test command starts, and what the tests do on it.</summary>
public static class StripeMock
{
    /// <summary>Any key starting sk_test_ is accepted by the mock.</summary>
    public const string SecretKey = "sk_test_retour_tests";

    /// <summary>The webhook signing secret the test hosts are configured with.</summary>
    public const string WebhookSecret = "whsec_retour_tests";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Charges whose refunds the test hosts report as pending (to exercise the webhook and the poller).</summary>
    public static ConcurrentDictionary<string, bool> PendingCharges { get; } = new(StringComparer.Ordinal);

    /// <summary>The server's base URL; the tests fail (never skip) without it.</summary>
    public static string ApiBase => Environment.GetEnvironmentVariable("RETOUR_TEST_STRIPE")
        ?? throw new InvalidOperationException("The Stripe tests need stripe-stateful-mock: set RETOUR_TEST_STRIPE (./test.sh starts one with scripts/stripe-mock.sh and sets it).");

    /// <summary>A Stripe.net client on the mock.</summary>
    public static StripeClient Client => new(SecretKey, apiBase: ApiBase);

    /// <summary>Configures a test host to refund through the mock.</summary>
    public static void Configure(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["Payments:Stripe:SecretKey"] = SecretKey;
        app.Settings["Payments:Stripe:ApiBase"] = ApiBase;
        app.Settings["Payments:Stripe:WebhookSecret"] = WebhookSecret;
        app.Settings["Payments:PendingPoll:Interval"] = "01:00:00";
        app.Settings["Payments:PendingPoll:MinAge"] = "00:05:00";
    }

    /// <summary>Replaces the real Stripe provider in the worker's list by one that reports refunds of <see cref="PendingCharges"/> as pending.</summary>
    public static void AnswerPendingForListedCharges(IServiceCollection services)
    {
        services.RemoveAll<IPaymentProvider>();
        services.AddSingleton<IPaymentProvider, ManualPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatorPaymentProvider>());
        services.AddSingleton<IPaymentProvider>(sp => new PendingForListedCharges(sp.GetRequiredService<StripePaymentProvider>()));
    }

    /// <summary>A captured card charge paid with Stripe's test token tok_visa.</summary>
    public static Task<Charge> ChargeAsync(decimal amount) =>
        new ChargeService(Client).CreateAsync(new ChargeCreateOptions { Amount = StripePaymentProvider.ToMinorUnits(amount, "EUR"), Currency = "eur", Source = "tok_visa" });

    /// <summary>The refunds the mock holds on a charge.</summary>
    public static async Task<IReadOnlyList<Stripe.Refund>> RefundsOfAsync(string chargeId) =>
        (await new RefundService(Client).ListAsync(new RefundListOptions { Charge = chargeId, Limit = 100 })).Data;

    /// <summary>An event as Stripe sends it to a webhook, carrying the refund as the mock holds it now.</summary>
    public static async Task<string> EventAsync(string type, string refundId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiBase}/v1/refunds/{refundId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var refund = await response.Content.ReadAsStringAsync();
        return string.Create(CultureInfo.InvariantCulture, $$"""{"id":"evt_{{Guid.NewGuid():N}}","object":"event","api_version":"2020-08-27","created":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"{{type}}","data":{"object":""") + refund + "}}";
    }

    /// <summary>
    /// The Stripe-Signature header for a body, made as Stripe documents it (https://docs.stripe.com/webhooks#verify-manually):
    /// <c>t=TIMESTAMP,v1=HEX(HMAC-SHA256(secret, "TIMESTAMP.BODY"))</c>.
    /// </summary>
    public static string Sign(string body, long timestamp, string secret)
    {
        var signed = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}")));
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(signed)}");
    }

    private sealed class PendingForListedCharges(StripePaymentProvider stripe) : IPaymentProvider
    {
        public string Name => stripe.Name;

        public async Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct)
        {
            var outcome = await stripe.RefundAsync(instruction, ct);
            return outcome.Kind == RefundOutcomeKind.Succeeded && PendingCharges.ContainsKey(instruction.TransactionId) ? RefundOutcome.Pending(outcome.Reference) : outcome;
        }
    }
}

/// <summary>A SQLite host refunding through the local Stripe mock.</summary>
public sealed class StripeSqliteApp : RetourApp
{
    /// <summary>Creates it.</summary>
    public StripeSqliteApp()
        : base(Provider.Sqlite)
    {
        StripeMock.Configure(this);
        ExtraServices = StripeMock.AnswerPendingForListedCharges;
    }
}

/// <summary>A PostgreSQL host refunding through the local Stripe mock.</summary>
public sealed class StripePostgresApp : RetourApp
{
    /// <summary>Creates it.</summary>
    public StripePostgresApp()
        : base(Provider.Postgres)
    {
        StripeMock.Configure(this);
        ExtraServices = StripeMock.AnswerPendingForListedCharges;
    }
}

public sealed class StripeRefundTests_Sqlite(StripeSqliteApp app) : StripeRefundTests(app), IClassFixture<StripeSqliteApp>;

public sealed class StripeRefundTests_Postgres(StripePostgresApp app) : StripeRefundTests(app), IClassFixture<StripePostgresApp>;

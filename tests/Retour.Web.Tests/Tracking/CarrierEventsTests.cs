using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Features.Tracking;
using Retour.Web.Features.Webhooks;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Web.Tests.Tracking;

/// <summary>Carrier tracking events in: signed, once per event, matched to the return, moving it forward only (decision 0020).</summary>
public abstract class CarrierEventsTests(RetourApp fixture)
{
    private readonly Lifecycle _steps = new(CarrierEventsApps.WithSenders(fixture));

    [Fact]
    public async Task FirstScan_SignedByTheCarrier_MovesTheReturnInTransit()
    {
        var r = await LabelledAsync(fixture, _steps);

        var response = await SendAsync(fixture, Event("e1", r.Label!.TrackingNumber, "first_scan", fixture.Now, location: "Lyon 3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Read<CarrierEventResult>();
        Assert.Equal((CarrierEventReceiver.Applied, false, r.Number), (result.Outcome, result.Duplicate, result.ReturnNumber));
        var after = await _steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.InTransit, after.Status);
        Assert.Contains(after.Timeline, t => t.Event == nameof(ParcelInTransit) && t.Note!.Contains("Lyon 3", StringComparison.Ordinal) && t.Actor.Name == CarrierEventsApps.Carrier);
    }

    [Fact]
    public async Task Signatures_Bad_Missing_Expired_Foreign_OrForAnotherCarrier_AreRefusedAndChangeNothing()
    {
        var r = await LabelledAsync(fixture, _steps);
        var body = Event("sig-1", r.Label!.TrackingNumber, "first_scan", fixture.Now);
        var client = fixture.CreateClient();

        var bad = await PostRawAsync(client, body, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, body).Replace("v1=", "v1=00", StringComparison.Ordinal));
        var missing = await PostRawAsync(client, body, null);
        var expired = await PostRawAsync(client, body, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now.AddMinutes(-6), body));
        var future = await PostRawAsync(client, body, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now.AddMinutes(6), body));
        var unknown = await PostRawAsync(client, body, WebhookSignature.Sign("whsec_not-a-configured-secret-0123456789abcdef", fixture.Now, body));
        var tampered = await PostRawAsync(client, body.Replace("first_scan", "delivered", StringComparison.Ordinal), WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, body));
        var otherCarrierBody = Event("sig-2", r.Label.TrackingNumber, "first_scan", fixture.Now, carrier: "dhl");
        var otherCarrier = await PostRawAsync(client, otherCarrierBody, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, otherCarrierBody));

        foreach (var response in new[] { bad, missing, expired, future, unknown, tampered, otherCarrier })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(ReturnStatus.AwaitingShipment, (await _steps.GetAsync(r.Id)).Status);
        Assert.Equal(0, await ReceiptsAsync(fixture, "sig-1") + await ReceiptsAsync(fixture, "sig-2"));
    }

    [Fact]
    public async Task ReplayedRequest_And_RepeatedEventId_AnswerDuplicate_AndApplyOnce()
    {
        var r = await LabelledAsync(fixture, _steps);
        var body = Event("dup-1", r.Label!.TrackingNumber, "first_scan", fixture.Now);
        var header = WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, body);
        var client = fixture.CreateClient();

        var first = await PostRawAsync(client, body, header);
        var replayed = await PostRawAsync(client, body, header);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var resent = await SendAsync(fixture, Event("dup-1", r.Label.TrackingNumber, "first_scan", fixture.Now.AddMinutes(-1), detail: "sent again with other words"));

        Assert.False((await first.Read<CarrierEventResult>()).Duplicate);
        foreach (var again in new[] { replayed, resent })
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var result = await again.Read<CarrierEventResult>();
            Assert.True(result.Duplicate);
            Assert.Equal((CarrierEventReceiver.Duplicate, r.Number), (result.Outcome, result.ReturnNumber));
        }

        Assert.Single((await _steps.GetAsync(r.Id)).Timeline, t => t.Event == nameof(ParcelInTransit));
    }

    [Fact]
    public async Task ConcurrentDeliveries_OfOneEvent_ApplyOnce()
    {
        var r = await LabelledAsync(fixture, _steps);
        var body = Event("race-1", r.Label!.TrackingNumber, "first_scan", fixture.Now);
        var header = WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, body);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostRawAsync(fixture.CreateClient(), body, header)));

        Assert.All(responses, x => Assert.Equal(HttpStatusCode.OK, x.StatusCode));
        var results = await Task.WhenAll(responses.Select(x => x.Read<CarrierEventResult>()));
        Assert.Single(results, x => !x.Duplicate);
        Assert.Equal(1, await ReceiptsAsync(fixture, "race-1"));
        Assert.Single((await _steps.GetAsync(r.Id)).Timeline, t => t.Event == nameof(ParcelInTransit));
    }

    [Fact]
    public async Task Batch_AppliesEachEventInOrder_AndAFieldErrorNamesTheEvent()
    {
        var r = await LabelledAsync(fixture, _steps);
        var tracking = r.Label!.TrackingNumber;
        var batch = JsonSerializer.Serialize(new
        {
            events = new object[]
            {
                EventObject("b-1", tracking, "label_created", fixture.Now.AddHours(-3)),
                EventObject("b-2", tracking, "first_scan", fixture.Now.AddHours(-2)),
                EventObject("b-3", tracking, "in_transit", fixture.Now.AddHours(-1), location: "Hub Paris Nord"),
            },
        });
        var invalid = JsonSerializer.Serialize(new { events = new object[] { EventObject("b-4", tracking, "in_transit", fixture.Now), EventObject("b-5", tracking, "teleported", fixture.Now) } });

        var response = await PostRawAsync(fixture.CreateClient(), batch, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, batch));
        var refused = await PostRawAsync(fixture.CreateClient(), invalid, WebhookSignature.Sign(CarrierEventsApps.Secret, fixture.Now, invalid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Read<CarrierEventBatchResult>()).Events;
        Assert.Equal(["b-1", "b-2", "b-3"], results.Select(x => x.EventId));
        Assert.All(results, x => Assert.Equal(CarrierEventReceiver.Applied, x.Outcome));
        var after = await _steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.InTransit, after.Status);
        Assert.Single(after.Timeline, t => t.Event == ReturnCase.CarrierLabelEvent);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("events[1].type", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ReceiptsAsync(fixture, "b-4"));
    }

    [Fact]
    public async Task OutOfOrder_AnOlderScanNeverMovesBack_AndDeliveredAfterReceiptOnlyWritesTheTimeline()
    {
        var r = await LabelledAsync(fixture, _steps);
        var tracking = r.Label!.TrackingNumber;

        // Delivered arrives first (it happened at 10:00), the first scan (08:00) after it.
        await SendAsync(fixture, Event("o-2", tracking, "delivered", fixture.Now.AddHours(-1)));
        var scanLate = await SendAsync(fixture, Event("o-1", tracking, "first_scan", fixture.Now.AddHours(-3)));
        var inTransit = await _steps.GetAsync(r.Id);
        var received = await _steps.StepAsync(inTransit, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        var deliveredAgain = await SendAsync(fixture, Event("o-3", tracking, "delivered", fixture.Now));
        var old = await SendAsync(fixture, Event("o-4", tracking, "exception", fixture.Now.AddHours(-2), detail: "Address label damaged"));

        Assert.Equal(HttpStatusCode.OK, scanLate.StatusCode);
        Assert.Equal(ReturnStatus.InTransit, inTransit.Status);
        Assert.Contains(inTransit.Timeline, t => t.Event == nameof(ParcelInTransit) && t.Note!.Contains("older than the last event", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, deliveredAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var after = await _steps.GetAsync(r.Id);
        Assert.Equal(ReturnStatus.Received, after.Status);
        Assert.Equal(received.Timeline.Count + 2, after.Timeline.Count);
        Assert.Null(after.Attention);
    }

    [Fact]
    public async Task UnknownTrackingNumber_IsKeptUnmatched_ListedForStaff_AndAnswered202()
    {
        var tracking = $"ZZ{Guid.NewGuid():N}"[..20];

        var response = await SendAsync(fixture, Event("u-1", tracking, "in_transit", fixture.Now));
        var again = await SendAsync(fixture, Event("u-1", tracking, "in_transit", fixture.Now));
        var list = await _steps.Api.GetFromJsonAsync<List<UnmatchedCarrierEvent>>(new Uri("/api/v1/carrier-events/unmatched?limit=500", UriKind.Relative), RetourApp.Json);
        var anonymous = await fixture.CreateClient().GetAsync(new Uri("/api/v1/carrier-events/unmatched", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(CarrierEventReceiver.Unmatched, (await response.Read<CarrierEventResult>()).Outcome);
        Assert.True((await again.Read<CarrierEventResult>()).Duplicate);
        var kept = Assert.Single(list!, x => x.TrackingNumber == tracking);
        Assert.Equal(("u-1", "in_transit", CarrierEventsApps.Carrier), (kept.EventId, kept.Type, kept.Carrier));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Exception_PutsTheReturnOnTheAttentionQueue_EmailsTheCustomer_AndALaterScanClearsIt()
    {
        using var app = Maildev.SendingTo(CarrierEventsApps.WithSenders(new RetourApp(fixture.Provider)));
        var steps = new Lifecycle(app);
        var r = await LabelledAsync(app, steps);
        var email = (await steps.Api.GetFromJsonAsync<Features.Orders.OrderResponse>(new Uri($"/api/v1/orders/{r.OrderId}", UriKind.Relative), RetourApp.Json))!.Customer.Email;

        await SendAsync(app, Event("x-1", r.Label!.TrackingNumber, "first_scan", app.Now.AddHours(-2)));
        var response = await SendAsync(app, Event("x-2", r.Label.TrackingNumber, "exception", app.Now.AddHours(-1), detail: "Parcel damaged at the depot"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var flagged = await steps.GetAsync(r.Id);
        Assert.Equal((ReturnStatus.InTransit, ReturnAttention.CarrierException), (flagged.Status, flagged.Attention));
        var queue = await steps.Api.GetFromJsonAsync<ReturnPage>(new Uri("/api/v1/returns?queue=attention", UriKind.Relative), RetourApp.Json);
        Assert.Contains(queue!.Items, x => x.Id == r.Id);
        await Maildev.WaitForAsync(email, mails => mails.Any(m => m.Subject == $"Un problème avec le colis de votre retour {r.Number}"), "the parcel problem email");

        await SendAsync(app, Event("x-3", r.Label.TrackingNumber, "in_transit", app.Now));
        var cleared = await steps.GetAsync(r.Id);
        Assert.Null(cleared.Attention);
        var queueAfter = await steps.Api.GetFromJsonAsync<ReturnPage>(new Uri("/api/v1/returns?queue=attention", UriKind.Relative), RetourApp.Json);
        Assert.DoesNotContain(queueAfter!.Items, x => x.Id == r.Id);
    }

    [Fact]
    public async Task ReturnedToSender_FlagsTheReturn_TellsTheCustomerItIsComingBack_AndStaffClearIt()
    {
        using var app = Maildev.SendingTo(CarrierEventsApps.WithSenders(new RetourApp(fixture.Provider)));
        var steps = new Lifecycle(app);
        var r = await LabelledAsync(app, steps);
        var email = (await steps.Api.GetFromJsonAsync<Features.Orders.OrderResponse>(new Uri($"/api/v1/orders/{r.OrderId}", UriKind.Relative), RetourApp.Json))!.Customer.Email;

        await SendAsync(app, Event("rts-1", r.Label!.TrackingNumber, "first_scan", app.Now.AddHours(-2)));
        await SendAsync(app, Event("rts-2", r.Label.TrackingNumber, "returned_to_sender", app.Now.AddHours(-1), detail: "Refused by the warehouse"));

        var flagged = await steps.GetAsync(r.Id);
        Assert.Equal(ReturnAttention.ReturnedToSender, flagged.Attention);
        await Maildev.WaitForAsync(email, mails => mails.Any(m => m.Subject == $"Votre colis pour le retour {r.Number} vous est renvoyé"), "the returned-to-sender email");

        using (var agent = await StaffSession.AsAsync(app, "agent@shop.test", StaffRoles.Agent))
        {
            var queue = await agent.GetStringAsync(new Uri("/backoffice/returns?queue=attention", UriKind.Relative));
            var page = await agent.GetStringAsync(new Uri($"/backoffice/returns/{r.Number}", UriKind.Relative));
            Assert.Contains(r.Number, queue, StringComparison.Ordinal);
            Assert.Contains("data-attention=\"ReturnedToSender\"", page, StringComparison.Ordinal);
        }

        var noNote = await steps.Api.Post($"/api/v1/returns/{r.Id}/attention/clear", new ClearAttentionRequest(""));
        var cleared = await steps.StepAsync(flagged, "attention/clear", new ClearAttentionRequest("Customer will send it again with a new label"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noNote.StatusCode);
        Assert.Null(cleared.Attention);
        Assert.Contains(cleared.Timeline, t => t.Event == ReturnCase.AttentionClearedEvent && t.Note!.StartsWith("ReturnedToSender:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnFirstScan_TheScanRefundsOnce_AndTheSettlementDoesNotRefundAgain()
    {
        using var app = CarrierEventsApps.WithSenders(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30) with { RefundTiming = RefundTiming.OnFirstScan });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var r = await LabelledAsync(app, steps, price: 40m);

        await SendAsync(app, Event("f-1", r.Label!.TrackingNumber, "first_scan", app.Now));
        await SendAsync(app, Event("f-2", r.Label.TrackingNumber, "in_transit", app.Now.AddMinutes(1)));
        await SendAsync(app, Event("f-3", r.Label.TrackingNumber, "delivered", app.Now.AddMinutes(2)));
        var advanced = await steps.WaitForAsync(r.Id, x => x.Refunds.Count == 1 && x.Refunds[0].Status == RefundStatus.Succeeded, "the advance refund paid");
        var advance = advanced.Refunds[0];
        Assert.Equal((RefundPurpose.Advance, 40m), (advance.Purpose, advance.Amount));
        Assert.Single(advanced.Timeline, t => t.Event == ReturnCase.AdvanceRefundEvent);

        var inspected = await steps.StepAsync(await steps.StepAsync(advanced, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)])), "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));
        var resolved = await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());

        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Equal(advance.Id, Assert.Single(resolved.Refunds).Id);
        Assert.Null(resolved.Attention);
        Assert.Equal(1, resolved.Lines[0].RefundedQuantity);
        var simulator = app.Services.GetRequiredService<SimulatorPaymentProvider>();
        Assert.Single(simulator.Ledger, e => e.Value.Instruction.RefundId == advance.Id);
        Assert.Single(simulator.Ledger.Values, e => e.Instruction.TransactionId == advance.TransactionId);
    }

    [Theory]
    [InlineData(RefundTiming.OnApproval)]
    [InlineData(RefundTiming.OnReceipt)]
    public async Task OtherTimings_RefundAtTheirMoment_Once(RefundTiming timing)
    {
        using var app = CarrierEventsApps.WithSenders(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30) with { RefundTiming = timing });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var r = await LabelledAsync(app, steps, price: 20m);

        await SendAsync(app, Event("t-1", r.Label!.TrackingNumber, "first_scan", app.Now));
        var scanned = await steps.GetAsync(r.Id);
        if (timing == RefundTiming.OnReceipt)
        {
            await Task.Delay(300);
            Assert.Empty((await steps.GetAsync(r.Id)).Refunds);
            scanned = await steps.StepAsync(scanned, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        }

        var advanced = await steps.WaitForAsync(r.Id, x => x.Refunds.Count == 1 && x.Refunds[0].Status == RefundStatus.Succeeded, $"the {timing} refund paid");
        if (timing == RefundTiming.OnApproval)
        {
            advanced = await steps.StepAsync(advanced, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        }

        var inspected = await steps.StepAsync(advanced, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.New, Disposition.Restock)]));
        var resolved = await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());

        Assert.Equal((RefundPurpose.Advance, 20m), (advanced.Refunds[0].Purpose, advanced.Refunds[0].Amount));
        Assert.Contains($"({timing})", Assert.Single(advanced.Timeline, t => t.Event == ReturnCase.AdvanceRefundEvent).Note, StringComparison.Ordinal);
        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Single(resolved.Refunds);
    }

    [Fact]
    public async Task OnFirstScan_WhenInspectionFindsLessValue_NothingIsClawedBack_AndStaffAreTold()
    {
        using var app = CarrierEventsApps.WithSenders(new RetourApp(fixture.Provider));
        var steps = new Lifecycle(app);
        await new PolicySteps(app.Api()).PublishAsync(APolicy.WithWindow(30) with { RefundTiming = RefundTiming.OnFirstScan });
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var r = await LabelledAsync(app, steps, price: 40m);

        await SendAsync(app, Event("m-1", r.Label!.TrackingNumber, "first_scan", app.Now));
        var advanced = await steps.WaitForAsync(r.Id, x => x.Refunds.Count == 1 && x.Refunds[0].Status == RefundStatus.Succeeded, "the advance refund paid");
        var received = await steps.StepAsync(advanced, "receipts", new ReceiveItemsRequest([new ReceivedLine(r.Lines[0].Id, 1)]));
        var inspected = await steps.StepAsync(received, "inspections", new InspectUnitsRequest([new InspectedLine(r.Lines[0].Id, ConditionGrade.Used, Disposition.Restock, HandledBeyondNecessary: true, Deduction: 15m, Notes: "Worn several times")]));
        var resolved = await steps.StepAsync(inspected, "resolve", new ResolveReturnRequest());

        Assert.Equal(40m, advanced.Refunds[0].Amount);
        Assert.Single(resolved.Refunds);
        Assert.Equal(ReturnStatus.Resolved, resolved.Status);
        Assert.Equal(ReturnAttention.AdvanceRefundExceeded, resolved.Attention);
        Assert.Contains(resolved.Timeline, t => t.Event == ReturnCase.AdvanceExceededEvent && t.Note!.StartsWith("15.00 EUR", StringComparison.Ordinal));
    }

    private static async Task<ReturnResponse> LabelledAsync(RetourApp app, Lifecycle steps, decimal price = 30m, int units = 1)
    {
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", units, price));
        var r = await steps.StepAsync(await steps.RequestAsync(order, units), "approve");
        return await steps.StepAsync(r, "label", new IssueLabelRequest(CarrierEventsApps.Carrier, $"6A{Guid.NewGuid():N}"[..18].ToUpperInvariant()));
    }

    private static string Event(string id, string tracking, string type, DateTimeOffset at, string? location = null, string? detail = null, string carrier = CarrierEventsApps.Carrier) =>
        JsonSerializer.Serialize(EventObject(id, tracking, type, at, location, detail, carrier));

    private static object EventObject(string id, string tracking, string type, DateTimeOffset at, string? location = null, string? detail = null, string carrier = CarrierEventsApps.Carrier) =>
        new { eventId = id, carrier, trackingNumber = tracking, type, occurredAt = at, location, detail };

    private static Task<HttpResponseMessage> SendAsync(RetourApp app, string body) =>
        PostRawAsync(app.CreateClient(), body, WebhookSignature.Sign(CarrierEventsApps.Secret, app.Now, body));

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/carrier-events", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, signature);
        }

        return await client.SendAsync(request);
    }

    private static Task<int> ReceiptsAsync(RetourApp app, string eventId) =>
        app.WithScopeAsync<RetourDbContext, int>(db => db.Set<CarrierEventReceipt>().CountAsync(x => x.EventId == eventId));
}

/// <summary>Hosts that know one carrier and its secret.</summary>
public static class CarrierEventsApps
{
    /// <summary>The carrier the tests sign as.</summary>
    public const string Carrier = "colissimo";

    /// <summary>Its secret (test only).</summary>
    public const string Secret = "whsec_test-carrier-secret-0123456789abcdef";

    /// <summary>Configures the sender on <paramref name="app"/> (before it starts).</summary>
    public static RetourApp WithSenders(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["CarrierEvents:Senders:0:Carrier"] = Carrier;
        app.Settings["CarrierEvents:Senders:0:Secret"] = Secret;
        return app;
    }
}

public sealed class CarrierEventsTests_Sqlite(SqliteApp app) : CarrierEventsTests(app), IClassFixture<SqliteApp>;

public sealed class CarrierEventsTests_Postgres(PostgresApp app) : CarrierEventsTests(app), IClassFixture<PostgresApp>;

/// <summary>The worked example of docs/carrier-events.md is what Retour computes.</summary>
public sealed class CarrierSignatureExampleTests
{
    [Fact]
    public void TheDocumentedExample_Verifies()
    {
        const string secret = "whsec_example-carrier-secret-0123456789abcdef";
        const string body = """{"eventId":"EV-0001","carrier":"colissimo","trackingNumber":"6A12345678901","type":"first_scan","occurredAt":"2026-11-23T09:00:00+01:00","location":"Lyon 3"}""";
        var at = DateTimeOffset.FromUnixTimeSeconds(1795510800);

        Assert.Equal("t=1795510800,v1=a1b49427cf8b39081acef4881a08b67167f8f5573ee5f4fb9a5622cc8edffbee", WebhookSignature.Sign(secret, at, body));
        Assert.True(WebhookSignature.Verify(secret, WebhookSignature.Sign(secret, at, body), body, at.AddMinutes(4), TimeSpan.FromMinutes(5)));
    }
}

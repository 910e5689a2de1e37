using System.Net;
using System.Text;
using System.Text.Json;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Tracking;
using Retour.Web.Features.Webhooks;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Carriers;

/// <summary>
/// The two halves of a carrier joined: a label made through the own-account carrier is then moved by that carrier's
/// signed tracking events, matched on the label's carrier code and tracking number.
/// </summary>
public abstract class CarrierTrackingTests(Provider provider)
{
    private const string Secret = "whsec_own-carrier-events-secret-0123456789";

    [Fact]
    public async Task AnOwnCarrierLabel_IsMovedByTheCarriersSignedScans_UntilDelivered()
    {
        using var app = new CarrierApp(provider);
        app.Settings["CarrierEvents:Senders:0:Carrier"] = "own";
        app.Settings["CarrierEvents:Senders:0:Secret"] = Secret;
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 30m));
        var approved = await steps.StepAsync(await steps.RequestAsync(order), "approve");

        var made = await steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest(), Guid.NewGuid().ToString());
        var label = await made.Read<CarrierLabelResponse>();
        var scanned = await SendAsync(app, "own-1", label.TrackingNumber, "first_scan", app.Now.AddHours(-2));
        var inTransit = await steps.GetAsync(approved.Id);
        var delivered = await SendAsync(app, "own-2", label.TrackingNumber, "delivered", app.Now.AddHours(-1));
        var after = await steps.GetAsync(approved.Id);
        var unknown = await SendAsync(app, "own-3", "RR999999999FR", "first_scan", app.Now);

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal("own", label.Carrier);
        Assert.Equal(CarrierEventReceiver.Applied, (await scanned.Read<CarrierEventResult>()).Outcome);
        Assert.Equal(ReturnStatus.InTransit, inTransit.Status);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Contains(after.Timeline, t => t.Event == nameof(ParcelDelivered));
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
    }

    [Fact]
    public async Task ACancelledReturn_HasItsLabelVoided()
    {
        using var app = new CarrierApp(provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 30m));
        var approved = await steps.StepAsync(await steps.RequestAsync(order), "approve");
        var made = await (await steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest(), Guid.NewGuid().ToString())).Read<CarrierLabelResponse>();

        var cancelled = await steps.StepAsync(await steps.GetAsync(approved.Id), "cancel", new Retour.Web.Features.Returns.CancelReturnRequest("changed my mind"));
        var labels = await (await steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/labels", UriKind.Relative))).Read<List<CarrierLabelResponse>>();

        Assert.Equal(LabelState.Live, made.State);
        Assert.Equal(ReturnStatus.Cancelled, cancelled.Status);
        Assert.Equal(LabelState.Voided, Assert.Single(labels).State);
        Assert.Contains(cancelled.Timeline, t => t.Event == ReturnCase.LabelVoidedEvent);
    }

    private static async Task<HttpResponseMessage> SendAsync(RetourApp app, string id, string tracking, string type, DateTimeOffset at)
    {
        var body = JsonSerializer.Serialize(new { eventId = id, carrier = "own", trackingNumber = tracking, type, occurredAt = at });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/carrier-events", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(Secret, app.Now, body));
        return await app.CreateClient().SendAsync(request);
    }
}

public sealed class CarrierTrackingTests_Sqlite() : CarrierTrackingTests(Provider.Sqlite);

public sealed class CarrierTrackingTests_Postgres() : CarrierTrackingTests(Provider.Postgres);

using System.Text;
using System.Text.Json;

namespace Retour.Web.Features.Webhooks;

/// <summary>One event an integrator can subscribe to.</summary>
/// <param name="Name">Its public name, e.g. <c>return.approved</c>.</param>
/// <param name="OutboxType">The outbox message type it is published from.</param>
/// <param name="Description">What happened, for people.</param>
public sealed record WebhookEvent(string Name, string OutboxType, string Description);

/// <summary>
/// The events Retour publishes to webhooks, each from one outbox message type. Messages that carry secrets or are
/// internal (a gift card's sealed code, a portal link request) are never published.
/// </summary>
public static class WebhookEvents
{
    /// <summary>Subscribes to every event.</summary>
    public const string All = "*";

    /// <summary>Every published event, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<WebhookEvent> Published =
    [
        new("return.created", "ReturnRequested", "A return was requested (portal, staff, API or store)."),
        new("return.review_requested", "ReturnSentToReview", "A return needs a person's decision."),
        new("return.approved", "ReturnApproved", "A return was approved; shipBy is the send-back deadline."),
        new("return.rejected", "ReturnRejected", "A return was rejected, with the message to the customer."),
        new("return.cancelled", "ReturnCancelled", "The customer or staff cancelled a return."),
        new("return.expired", "ReturnExpired", "An approved return was not sent back in time."),
        new("label.created", "LabelIssued", "A return label was issued (carrier, tracking number)."),
        new("parcel.in_transit", "ParcelInTransit", "The carrier scanned the parcel."),
        new("parcel.delivered", "ParcelDelivered", "The parcel reached the warehouse or store."),
        new("parcel.exception", "ParcelProblem", "The carrier reported a problem with the parcel; the return waits for a person."),
        new("parcel.returned_to_sender", "ParcelReturnedToSender", "The carrier is taking the parcel back to the customer; the return waits for a person."),
        new("return.received", "ItemsReceived", "Units were received (complete tells whether all arrived)."),
        new("return.discrepancies_found", "DiscrepanciesFound", "What arrived differs from what was announced."),
        new("return.inspected", "UnitsInspected", "Received units were graded and given a disposition."),
        new("refund.created", "RefundRecorded", "A refund was decided; it is executed next."),
        new("refund.succeeded", "RefundSucceeded", "The payment provider paid a refund."),
        new("refund.failed", "RefundFailed", "A refund failed and waits for a person."),
        new("store_credit.granted", "StoreCreditGranted", "A return was settled in store credit."),
        new("store_credit.issued", "StoreCreditIssued", "Store credit was added to a customer's account."),
        new("store_credit.reversed", "StoreCreditReversed", "Store credit given for a return was taken back."),
        new("gift_card.granted", "GiftCardGranted", "A return was settled with a gift card."),
        new("gift_card.issued", "GiftCardIssued", "A gift card was issued (never its code: its last four symbols)."),
        new("exchange.created", "ExchangeCreated", "An exchange or replacement item is to be sent."),
        new("exchange.fulfilled", "ExchangeFulfilled", "The exchange item was shipped."),
        new("exchange.delivered", "ExchangeDelivered", "The exchange item reached the customer."),
        new("charge.requested", "ChargeRequested", "The customer's card is to be charged (e.g. a dearer exchange)."),
        new("charge.captured", "ChargeCaptured", "A charge on the customer's card was captured."),
        new("charge.released", "ChargeReleased", "A held charge was released."),
        new("charge.failed", "ChargeFailed", "A charge on the customer's card failed."),
        new("inventory.restocked", "InventoryRestocked", "Returned units went back into sellable stock."),
        new("return.resolved", "ReturnResolved", "Everything owed for a return was settled."),
        new("return.closed", "ReturnClosed", "A return was closed."),
        new("return.message_sent", "CustomerMessaged", "Staff wrote to the customer about a return."),
        new("return.policy_overridden", "PolicyOverridden", "Staff overrode the return policy for a line."),
        new("withdrawal.received", "WithdrawalReceived", "A consumer's withdrawal statement was received."),
    ];

    private static readonly Dictionary<string, WebhookEvent> ByType = Published.ToDictionary(e => e.OutboxType, StringComparer.Ordinal);
    private static readonly HashSet<string> Names = [.. Published.Select(e => e.Name)];

    /// <summary>The event published for an outbox message type, or null for one that is not published.</summary>
    public static WebhookEvent? ForOutboxType(string type) => ByType.GetValueOrDefault(type);

    /// <summary>True for a published name or <c>*</c>.</summary>
    public static bool IsKnown(string name) => name == All || Names.Contains(name);

    /// <summary>
    /// The body of a delivery: <c>{"id","type","createdAt","data"}</c>, where data is the event's JSON as the outbox
    /// holds it (camelCase).
    /// </summary>
    public static string Body(Guid eventId, string name, DateTimeOffset createdAt, string payload)
    {
        using var data = JsonDocument.Parse(payload);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", eventId);
            json.WriteString("type", name);
            json.WriteString("createdAt", createdAt.ToUniversalTime());
            json.WritePropertyName("data");
            data.RootElement.WriteTo(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

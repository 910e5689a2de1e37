using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Webhooks;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Tracking;

/// <summary>One tracking event as a carrier sends it (docs/carrier-events.md).</summary>
/// <param name="EventId">The carrier's id of the event, unique per carrier: the same id again is a duplicate.</param>
/// <param name="Carrier">The sending carrier, as configured and as the return's label carries it.</param>
/// <param name="TrackingNumber">The parcel's tracking number.</param>
/// <param name="Type">label_created, first_scan, in_transit, delivered, exception or returned_to_sender.</param>
/// <param name="OccurredAt">When it happened (ISO 8601 with offset).</param>
/// <param name="Location">Where (a depot, a parcel point), optional.</param>
/// <param name="Detail">The carrier's words, optional.</param>
public sealed record CarrierEventIn(string? EventId, string? Carrier, string? TrackingNumber, string? Type, DateTimeOffset? OccurredAt, string? Location = null, string? Detail = null);

/// <summary>What Retour did with one event.</summary>
/// <param name="EventId">The carrier's id of the event.</param>
/// <param name="Outcome">applied, duplicate, unmatched or refused.</param>
/// <param name="Duplicate">True when the event was already received: nothing changed.</param>
/// <param name="ReturnNumber">The return it belongs to, when matched.</param>
/// <param name="Detail">Why it was refused (the return's state did not allow it), or null.</param>
public sealed record CarrierEventResult(string EventId, string Outcome, bool Duplicate, string? ReturnNumber, string? Detail = null);

/// <summary>The answer to a batch: one result per event, in the order sent.</summary>
/// <param name="Events">The results.</param>
public sealed record CarrierEventBatchResult(IReadOnlyList<CarrierEventResult> Events);

/// <summary>An event no return matched, for staff.</summary>
/// <param name="Id">Retour's id of the receipt.</param>
/// <param name="Carrier">The carrier.</param>
/// <param name="EventId">The carrier's event id.</param>
/// <param name="TrackingNumber">The tracking number no return has.</param>
/// <param name="Type">What happened.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Location">Where.</param>
/// <param name="Detail">The carrier's words.</param>
/// <param name="ReceivedAt">When Retour received it.</param>
public sealed record UnmatchedCarrierEvent(Guid Id, string Carrier, string EventId, string TrackingNumber, string Type, DateTimeOffset OccurredAt, string? Location, string? Detail, DateTimeOffset ReceivedAt);

/// <summary>How staff dealt with a return on the attention queue.</summary>
/// <param name="Note">What was done (at most 1,000 characters), for the timeline.</param>
public sealed record ClearAttentionRequest(string Note);

/// <summary>
/// <c>POST /api/v1/carrier-events</c>: tracking events from carriers, signed with the carrier's shared secret the way
/// Retour signs its own webhooks (decision 0018), and <c>GET /api/v1/carrier-events/unmatched</c> for staff.
/// </summary>
public static partial class CarrierEventsApi
{
    /// <summary>The event types, as carriers write them.</summary>
    public static readonly IReadOnlyDictionary<string, CarrierEventKind> Types = new Dictionary<string, CarrierEventKind>(StringComparer.Ordinal)
    {
        ["label_created"] = CarrierEventKind.LabelCreated,
        ["first_scan"] = CarrierEventKind.FirstScan,
        ["in_transit"] = CarrierEventKind.InTransit,
        ["delivered"] = CarrierEventKind.Delivered,
        ["exception"] = CarrierEventKind.Exception,
        ["returned_to_sender"] = CarrierEventKind.ReturnedToSender,
    };

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapCarrierEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/carrier-events").WithTags("Tracking");
        group.MapPost("/", ReceiveAsync)
            .AllowAnonymous()
            .WithName("ReceiveCarrierEvents")
            .WithSummary("Tracking events from a carrier (signed)")
            .WithDescription("Called by carriers, not by integrations: one event, or {\"events\": [...]} (at most CarrierEvents:MaxBatch). Retour-Signature: t=UNIX,v1=hex(HMAC-SHA256(carrier secret, t + \".\" + body)), at most 5 minutes from Retour's clock; otherwise 401. Each event applies once per (carrier, eventId): a repeat answers duplicate: true. An event whose tracking number matches no return is kept for staff and answered 202. See docs/carrier-events.md.")
            .Accepts<CarrierEventIn>("application/json")
            .Produces<CarrierEventResult>()
            .Produces<CarrierEventResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/unmatched", async (RetourDbContext db, int? limit, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 500);
            var rows = await db.Set<CarrierEventReceipt>().AsNoTracking().Where(r => r.ReturnCaseId == null)
                .OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id).Take(take).ToListAsync(ct);
            return Results.Ok(rows.Select(r => new UnmatchedCarrierEvent(r.Id, r.Carrier, r.EventId, r.TrackingNumber, TypeName(r.Kind), r.OccurredAt, r.Location, r.Detail, r.ReceivedAt)).ToList());
        })
            .WithName("ListUnmatchedCarrierEvents")
            .WithSummary("Carrier events whose tracking number matched no return, oldest first")
            .Produces<IReadOnlyList<UnmatchedCarrierEvent>>();

        app.MapPost("/api/v1/returns/{id:guid}/attention/clear", (Guid id, ClearAttentionRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            ReturnCommand.RunAsync(id, http, db, r => r.ClearAttention(Actors.Of(http.User), body?.Note ?? string.Empty, clock.GetUtcNow()), ct))
            .WithTags("Returns")
            .WithName("ClearReturnAttention")
            .WithSummary("Take a return off the attention queue (parcel exception, returned to sender, advance refund beyond the settlement), saying what was done")
            .Produces<ReturnResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The carrier's word for a kind of event.</summary>
    public static string TypeName(CarrierEventKind kind) => Types.First(t => t.Value == kind).Key;

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOptions<CarrierEventsOptions> options, RetourDbContext db, TimeProvider clock, ILogger<CarrierEventReceiver> logger, CancellationToken ct)
    {
        var settings = options.Value;
        if (http.Request.ContentLength > settings.MaxBodyBytes)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = [$"At most {settings.MaxBodyBytes} bytes."] });
        }

        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            var buffer = new char[settings.MaxBodyBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            if (read > settings.MaxBodyBytes)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = [$"At most {settings.MaxBodyBytes} bytes."] });
            }

            body = new string(buffer, 0, read);
        }

        // The signature says who sent it: the one sender whose secret verifies the body within the tolerance.
        var header = http.Request.Headers[WebhookSignature.Header].ToString();
        var now = clock.GetUtcNow();
        CarrierEventSender? sender = null;
        foreach (var candidate in settings.Senders)
        {
            if (candidate.Secret.Length > 0 && candidate.Carrier.Length > 0 && WebhookSignature.Verify(candidate.Secret, header, body, now, settings.Tolerance))
            {
                sender = candidate;
                break;
            }
        }

        if (sender is null)
        {
            LogRefused(logger, header.Length == 0 ? "missing signature" : "signature did not verify");
            return Unauthorized(header.Length == 0
                ? $"The {WebhookSignature.Header} header is missing."
                : $"The {WebhookSignature.Header} header does not verify with any configured carrier's secret, or its timestamp is more than {settings.Tolerance.TotalMinutes:0} minutes from Retour's clock.");
        }

        var (events, single, errors) = Parse(body, settings.MaxBatch);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // A carrier speaks for itself only: an event naming another carrier is not authenticated by this signature.
        if (events.FindIndex(e => !string.Equals(e.Carrier, sender.Carrier, StringComparison.OrdinalIgnoreCase)) is var other and >= 0)
        {
            return Unauthorized($"Event {other} names carrier '{events[other].Carrier}', but the request is signed by '{sender.Carrier}'.");
        }

        var results = new List<CarrierEventResult>(events.Count);
        foreach (var e in events)
        {
            results.Add(await CarrierEventReceiver.ApplyAsync(db, sender.Carrier, e, clock, ct));
        }

        var duplicates = results.Count(r => r.Duplicate);
        var unmatched = results.Count(r => r.Outcome == CarrierEventReceiver.Unmatched);
        LogReceived(logger, sender.Carrier, results.Count, duplicates, unmatched);
        var status = unmatched > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        return single ? Results.Json(results[0], statusCode: status) : Results.Json(new CarrierEventBatchResult(results), statusCode: status);
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The request is not signed by a known carrier.", detail: detail, type: "urn:retour:problem:unauthorized");

    private static (List<CarrierEventIn> Events, bool Single, FieldErrors Errors) Parse(string body, int maxBatch)
    {
        var errors = new FieldErrors();
        var events = new List<CarrierEventIn>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            errors.Check(false, "body", "Not valid JSON.");
            return (events, true, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            var single = !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out _));
            var items = new List<JsonElement>();
            if (single)
            {
                items.Add(root);
            }
            else
            {
                var list = root.GetProperty("events");
                if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0 || list.GetArrayLength() > maxBatch)
                {
                    errors.Check(false, "events", $"An array of 1 to {maxBatch} events.");
                    return (events, single, errors);
                }

                items.AddRange(list.EnumerateArray());
            }

            for (var i = 0; i < items.Count; i++)
            {
                var prefix = single ? string.Empty : $"events[{i}].";
                CarrierEventIn? e = null;
                try
                {
                    e = items[i].ValueKind == JsonValueKind.Object ? items[i].Deserialize<CarrierEventIn>(JsonSerializerOptions.Web) : null;
                }
                catch (JsonException)
                {
                    e = null;
                }

                if (e is null)
                {
                    errors.Check(false, single ? "body" : $"events[{i}]", "An event object with eventId, carrier, trackingNumber, type and occurredAt (ISO 8601).");
                    continue;
                }

                errors.Text(e.EventId, prefix + "eventId", CarrierEventReceipt.MaxEventId)
                    .Text(e.Carrier, prefix + "carrier", 100)
                    .Text(e.TrackingNumber, prefix + "trackingNumber", 100)
                    .Check(e.Type is not null && Types.ContainsKey(e.Type), prefix + "type", $"One of {string.Join(", ", Types.Keys)}.")
                    .Check(e.OccurredAt is { } at && at != default, prefix + "occurredAt", "Required (ISO 8601 with offset).")
                    .Text(e.Location, prefix + "location", 200, required: false)
                    .Text(e.Detail, prefix + "detail", 500, required: false);
                events.Add(e with { EventId = e.EventId?.Trim(), TrackingNumber = e.TrackingNumber?.Trim(), Carrier = e.Carrier?.Trim() });
            }

            if (!single)
            {
                var repeated = events.GroupBy(e => e.EventId, StringComparer.Ordinal).FirstOrDefault(g => g.Key is not null && g.Count() > 1);
                errors.Check(repeated is null, "events", $"Event id '{repeated?.Key}' appears more than once in the batch.");
            }

            return (events, single, errors);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Carrier events refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Carrier {Carrier} sent {Count} event(s): {Duplicates} duplicate(s), {Unmatched} unmatched")]
    private static partial void LogReceived(ILogger logger, string carrier, int count, int duplicates, int unmatched);
}

using Microsoft.EntityFrameworkCore;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Webhooks;

/// <summary>Subscribing a URL to events.</summary>
/// <param name="Url">Where to POST deliveries: https (docs/webhooks.md, "Allowed URLs").</param>
/// <param name="Events">Public event names (GET /api/v1/webhooks/events), or <c>["*"]</c> for all.</param>
/// <param name="Description">What it is for.</param>
public sealed record CreateWebhookSubscriptionRequest(string Url, IReadOnlyList<string> Events, string? Description = null);

/// <summary>Changing a subscription: only what is given changes.</summary>
/// <param name="Url">A new URL.</param>
/// <param name="Events">New events.</param>
/// <param name="Description">A new description (empty to clear it).</param>
/// <param name="Paused">True pauses (no new deliveries are recorded; pending ones wait), false resumes.</param>
public sealed record UpdateWebhookSubscriptionRequest(string? Url = null, IReadOnlyList<string>? Events = null, string? Description = null, bool? Paused = null);

/// <summary>A subscription (never its secret: its last four characters).</summary>
/// <param name="Id">The subscription.</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">The events it receives.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Paused">True while paused.</param>
/// <param name="SecretHint">The secret's last four characters.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="UpdatedAt">When last changed.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="PreviousSecretUntil">After a rotation, until when the old secret still signs beside the new one.</param>
public sealed record WebhookSubscriptionResponse(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Paused, string SecretHint, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy, DateTimeOffset? PreviousSecretUntil = null)
{
    /// <summary>The response of a subscription.</summary>
    public static WebhookSubscriptionResponse From(WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Url, s.EventList, s.Description, s.Paused, s.SecretHint, s.CreatedAt, s.UpdatedAt, s.CreatedBy, s.PreviousSecretUntil);
    }
}

/// <summary>A new signing secret for a subscription.</summary>
/// <param name="OverlapHours">How long the old secret keeps signing beside the new one (0–168; default 24; 0 when it leaked).</param>
public sealed record RotateWebhookSecretRequest(double? OverlapHours = null);

/// <summary>A subscription just created, with its signing secret — shown this once.</summary>
/// <param name="Subscription">The subscription.</param>
/// <param name="Secret">The secret to verify <c>Retour-Signature</c> with (docs/webhooks.md).</param>
public sealed record CreatedWebhookSubscriptionResponse(WebhookSubscriptionResponse Subscription, string Secret);

/// <summary>One delivery in the log.</summary>
/// <param name="Id">The delivery (sent as <c>Retour-Delivery-Id</c>).</param>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="EventId">The event (sent as <c>Retour-Event-Id</c>; the same on every attempt and re-send).</param>
/// <param name="Event">The event's name.</param>
/// <param name="Status">Pending, Succeeded or Failed.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="CreatedAt">When recorded.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while pending.</param>
/// <param name="RetryUntil">Retried until then, then failed.</param>
/// <param name="LastAttemptAt">When last tried.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status, if it answered.</param>
/// <param name="LastDurationMs">How long the last attempt took.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="DeliveredAt">When a 2xx came back.</param>
/// <param name="Body">The JSON body sent (only when one delivery is read).</param>
public sealed record WebhookDeliveryResponse(long Id, Guid SubscriptionId, Guid EventId, string Event, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset RetryUntil, DateTimeOffset? LastAttemptAt, int? LastStatusCode, int? LastDurationMs, string? LastError, DateTimeOffset? DeliveredAt, string? Body = null)
{
    /// <summary>The response of a delivery, with its body when <paramref name="withBody"/>.</summary>
    public static WebhookDeliveryResponse From(WebhookDelivery d, bool withBody = false)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.SubscriptionId, d.EventId, d.Event, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.RetryUntil, d.LastAttemptAt, d.LastStatusCode, d.LastDurationMs, d.LastError, d.DeliveredAt, withBody ? d.Body : null);
    }
}

/// <summary>A page of deliveries, newest first.</summary>
/// <param name="Items">The deliveries.</param>
/// <param name="Next">Pass as <c>before</c> for the next page; null on the last.</param>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryResponse> Items, long? Next);

/// <summary>Routes for webhooks (<c>/api/v1/webhooks</c>), administrators only.</summary>
public static class WebhooksApi
{
    /// <summary>Maps <c>/api/v1/webhooks</c>.</summary>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(WebhookPolicies.ManageApi);

        group.MapGet("/events", () => Results.Ok(WebhookEvents.Published.Select(e => new { e.Name, e.Description })))
            .WithName("ListWebhookEvents")
            .WithSummary("The events a subscription can name");

        group.MapPost("/subscriptions", async (CreateWebhookSubscriptionRequest body, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        {
            if (SecretInAnswer(http, "After a lost answer, list the subscriptions, delete the one whose secret you did not get, and subscribe again.") is { } refused)
            {
                return refused;
            }

            var (subscription, secret, errors) = await subscriptions.CreateAsync(body.Url, body.Events, body.Description, Actor(http), ct);
            return subscription is null
                ? errors.ToProblem()
                : Results.Created($"/api/v1/webhooks/subscriptions/{subscription.Id}", new CreatedWebhookSubscriptionResponse(WebhookSubscriptionResponse.From(subscription), secret!));
        })
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribe a URL to events")
            .WithDescription("Answers the signing secret once; keep it where the receiver can read it. Audited. An Idempotency-Key is refused (400): a replayed answer would have to keep the secret.")
            .Produces<CreatedWebhookSubscriptionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group.MapPost("/subscriptions/{id:guid}/rotate-secret", async (Guid id, RotateWebhookSecretRequest? body, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        {
            if (SecretInAnswer(http, "After a lost answer, rotate again.") is { } refused)
            {
                return refused;
            }

            var (subscription, secret, errors) = await subscriptions.RotateSecretAsync(id, TimeSpan.FromHours(body?.OverlapHours ?? 24), Actor(http), ct);
            return !errors.IsEmpty ? errors.ToProblem()
                : subscription is null ? Infrastructure.Problems.NotFound("webhook subscription", id)
                : Results.Ok(new CreatedWebhookSubscriptionResponse(WebhookSubscriptionResponse.From(subscription), secret!));
        })
            .WithName("RotateWebhookSecret")
            .WithSummary("Give a subscription a new signing secret")
            .WithDescription("Answers the new secret once. For `overlapHours` (default 24, at most 168) every delivery carries two `v1` signatures, the new secret's and the old one's, so the receiver can switch without missing one; `0` drops the old secret at once (it leaked). Audited. An Idempotency-Key is refused (400).")
            .Produces<CreatedWebhookSubscriptionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/subscriptions", async (RetourDbContext db, CancellationToken ct) =>
            Results.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct)).Select(WebhookSubscriptionResponse.From)))
            .WithName("ListWebhookSubscriptions")
            .WithSummary("Every subscription")
            .Produces<IReadOnlyList<WebhookSubscriptionResponse>>();

        group.MapGet("/subscriptions/{id:guid}", async (Guid id, RetourDbContext db, CancellationToken ct) =>
            await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
                ? Results.Ok(WebhookSubscriptionResponse.From(s))
                : Problems.NotFound("webhook subscription", id))
            .WithName("GetWebhookSubscription")
            .WithSummary("One subscription")
            .Produces<WebhookSubscriptionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/subscriptions/{id:guid}", async (Guid id, UpdateWebhookSubscriptionRequest body, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        {
            var (subscription, errors) = await subscriptions.UpdateAsync(id, body.Url, body.Events, body.Description, body.Paused, Actor(http), ct);
            return subscription is null ? Problems.NotFound("webhook subscription", id)
                : !errors.IsEmpty ? errors.ToProblem()
                : Results.Ok(WebhookSubscriptionResponse.From(subscription));
        })
            .WithName("UpdateWebhookSubscription")
            .WithSummary("Change, pause or resume a subscription")
            .WithDescription("Only the fields given change. A paused subscription records no deliveries for new events, and its pending ones wait until it is resumed. Audited.")
            .Produces<WebhookSubscriptionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/subscriptions/{id:guid}", async (Guid id, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            await subscriptions.DeleteAsync(id, Actor(http), ct) ? Results.NoContent() : Problems.NotFound("webhook subscription", id))
            .WithName("DeleteWebhookSubscription")
            .WithSummary("Remove a subscription and its delivery log")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/subscriptions/{id:guid}/deliveries", async (Guid id, long? before, int? limit, RetourDbContext db, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        {
            if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
            {
                return Problems.NotFound("webhook subscription", id);
            }

            var errors = new FieldErrors().Check(limit is null or (>= 1 and <= WebhookSubscriptions.MaxPage), "limit", $"Between 1 and {WebhookSubscriptions.MaxPage}.");
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            var (items, next) = await subscriptions.DeliveriesAsync(id, before, limit ?? 50, ct);
            return Results.Ok(new WebhookDeliveryPage([.. items.Select(d => WebhookDeliveryResponse.From(d))], next));
        })
            .WithName("ListWebhookDeliveries")
            .WithSummary("A subscription's delivery log, newest first")
            .WithDescription("limit (1–200, default 50); before: the next value of the previous page.")
            .Produces<WebhookDeliveryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/deliveries/{id:long}", async (long id, RetourDbContext db, CancellationToken ct) =>
            await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is { } d
                ? Results.Ok(WebhookDeliveryResponse.From(d, withBody: true))
                : Problems.NotFound("webhook delivery", id))
            .WithName("GetWebhookDelivery")
            .WithSummary("One delivery, with the body sent")
            .Produces<WebhookDeliveryResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/deliveries/{id:long}/resend", async (long id, HttpContext http, WebhookSubscriptions subscriptions, CancellationToken ct) =>
            await subscriptions.ResendAsync(id, Actor(http), ct) is { } d
                ? Results.Accepted($"/api/v1/webhooks/deliveries/{d.Id}", WebhookDeliveryResponse.From(d))
                : Problems.NotFound("webhook delivery", id))
            .WithName("ResendWebhookDelivery")
            .WithSummary("Send a delivery again now")
            .WithDescription("Same event id and body (receivers deduplicate on Retour-Event-Id), a fresh signature and a new 24-hour retry window, whatever the delivery came to. Audited.")
            .Produces<WebhookDeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    // A kept answer would hold the secret in clear for a day: the key is refused rather than honoured.
    private static IResult? SecretInAnswer(HttpContext http, string afterALostAnswer) =>
        http.Request.Headers.ContainsKey(Infrastructure.IdempotencyMiddleware.Header)
            ? Infrastructure.Problems.Invalid(new Dictionary<string, string[]>
            {
                [Infrastructure.IdempotencyMiddleware.Header] = [$"Not accepted here: the answer carries the signing secret, which Retour never keeps in clear. {afterALostAnswer}"],
            })
            : null;

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "api";
}

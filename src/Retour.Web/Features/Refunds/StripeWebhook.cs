using System.Text;
using Microsoft.Extensions.Options;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;
using Stripe;

namespace Retour.Web.Features.Refunds;

/// <summary>
/// <c>POST /api/v1/webhooks/stripe</c>: Stripe tells Retour that a refund it had accepted as pending succeeded or
/// failed. Stripe holds no API key of ours, so the route is anonymous (and rate-limited per address like every
/// anonymous route); it believes only a request whose <c>Stripe-Signature</c> header is a valid HMAC of the body with
/// the endpoint's signing secret, made less than 5 minutes ago (https://docs.stripe.com/webhooks#verify-events), so a
/// forged or replayed notification is refused. Stripe delivers an event at least once: a repeated event changes nothing.
/// </summary>
public static partial class StripeWebhook
{
    /// <summary>The header that carries Stripe's signature.</summary>
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Oldest signature accepted, in seconds: Stripe's libraries' default tolerance.</summary>
    public const long ToleranceSeconds = 300;

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webhooks/stripe", HandleAsync)
            .AllowAnonymous()
            .WithTags("Refunds")
            .WithName("StripeWebhook")
            .WithSummary("Stripe's refund notifications (signed)")
            .WithDescription("Called by Stripe, not by integrations: refund.updated, refund.failed and charge.refund.updated complete or fail the Retour refund whose Stripe refund it is. The Stripe-Signature header must verify against Payments:Stripe:WebhookSecret and be at most 300 s old.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<StripeOptions> options, RetourDbContext db, TimeProvider clock, ILogger<StripeWebhookEndpoint> logger, CancellationToken ct)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Stripe webhooks are not configured.", detail: "Set Payments:Stripe:WebhookSecret to receive Stripe's notifications.", type: "urn:retour:problem:notFound");
        }

        string json;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            json = await reader.ReadToEndAsync(ct);
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, http.Request.Headers[SignatureHeader].ToString(), secret, ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                [SignatureHeader] = [$"The {SignatureHeader} header does not verify against the endpoint's signing secret, or is older than {ToleranceSeconds} s: {e.Message}"],
            });
        }

        if (stripeEvent.Type is not ("refund.updated" or "refund.failed" or "charge.refund.updated") || stripeEvent.Data?.Object is not Stripe.Refund refund)
        {
            return Results.Ok(new { received = true, handled = false });
        }

        Guid? refundId = refund.Metadata is { } metadata && metadata.TryGetValue(StripePaymentProvider.RefundIdMetadata, out var value) && Guid.TryParse(value, out var id) ? id : null;
        var found = await ProviderRefundUpdates.ApplyAsync(db, StripePaymentProvider.ProviderName, refundId, refund.Id, StripePaymentProvider.Outcome(refund), clock, ct);
        LogEvent(logger, stripeEvent.Type, stripeEvent.Id, refund.Status, found);
        return Results.Ok(new { received = true, handled = found });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {Type} {EventId}: refund {Status}, known to Retour: {Found}")]
    private static partial void LogEvent(ILogger logger, string type, string eventId, string status, bool found);
}

/// <summary>The category of the webhook's log lines.</summary>
public sealed class StripeWebhookEndpoint;

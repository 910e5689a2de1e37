using System.Net;
using Microsoft.Extensions.Options;
using Retour.Domain.Money;
using Stripe;

namespace Retour.Web.Features.Refunds;

/// <summary>Stripe settings (<c>Payments:Stripe</c>); the provider is registered only when a secret key is set.</summary>
public sealed class StripeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Payments:Stripe";

    /// <summary>The secret API key (<c>sk_live_…</c> or <c>sk_test_…</c>); from the environment, never from a file in the repository.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Another API address than Stripe's: only for a local Stripe-compatible test server.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_…</c>), shown by Stripe when the endpoint is created.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>
/// Refunds card payments through Stripe's Refunds API (https://docs.stripe.com/api/refunds/create) with Stripe.net:
/// against the charge (<c>ch_…</c>, <c>py_…</c>) or the PaymentIntent (<c>pi_…</c>) the order was paid with, in the
/// currency's minor units, with the refund's idempotency key, so a repeated call returns the first refund instead of
/// paying again. A refund Stripe cannot make (already refunded, more than is left, unknown payment) is declined with
/// Stripe's message and goes to a person; rate limits, Stripe's own errors and network failures are exceptions, and
/// the outbox tries again later with the same key.
/// </summary>
/// <para>
/// It also charges the card the customer paid with, without them present (<see cref="IChargeProvider"/>): for a charge
/// (<c>ch_…</c>) a new charge on the same saved card (the charge's customer and card; for a charge without a customer,
/// the default card of the payment's <c>customerReference</c>), authorised only for a hold (<c>capture=false</c>), captured with
/// <c>POST /v1/charges/{id}/capture</c> and released by refunding the uncaptured charge
/// (https://docs.stripe.com/api/charges/create, /capture, https://docs.stripe.com/refunds#uncaptured-payments); for a
/// PaymentIntent (<c>pi_…</c>) an off-session PaymentIntent on the same customer and payment method, with
/// <c>capture_method=manual</c> for a hold, captured or cancelled (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method).
/// </para>
public sealed class StripePaymentProvider : IPaymentProvider, IRefundStatusSource, IChargeProvider
{
    /// <summary>The provider name tenders carry.</summary>
    public const string ProviderName = "stripe";

    /// <summary>The metadata key that carries Retour's refund id to Stripe (and back in webhooks).</summary>
    public const string RefundIdMetadata = "retour_refund_id";

    /// <summary>The metadata key that carries Retour's charge id to Stripe.</summary>
    public const string ChargeIdMetadata = "retour_charge_id";

    private readonly RefundService _refunds;
    private readonly ChargeService _charges;
    private readonly PaymentIntentService _intents;

    /// <summary>Creates the provider with the configured key and, for tests, API address.</summary>
    public StripePaymentProvider(IOptions<StripeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        var client = new StripeClient(o.SecretKey ?? throw new InvalidOperationException("Payments:Stripe:SecretKey is not set."), apiBase: string.IsNullOrWhiteSpace(o.ApiBase) ? null : o.ApiBase);
        _refunds = new RefundService(client);
        _charges = new ChargeService(client);
        _intents = new PaymentIntentService(client);
    }

    /// <inheritdoc cref="IPaymentProvider.Name" />
    public string Name => ProviderName;

    /// <inheritdoc />
    public async Task<RefundOutcome> RefundAsync(RefundInstruction instruction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var create = new RefundCreateOptions
        {
            Amount = ToMinorUnits(instruction.Amount, instruction.Currency),
            Metadata = new Dictionary<string, string> { [RefundIdMetadata] = instruction.RefundId.ToString() },
        };
        if (instruction.TransactionId.StartsWith("pi_", StringComparison.Ordinal))
        {
            create.PaymentIntent = instruction.TransactionId;
        }
        else
        {
            create.Charge = instruction.TransactionId;
        }

        try
        {
            var refund = await _refunds.CreateAsync(create, new RequestOptions { IdempotencyKey = instruction.IdempotencyKey }, ct);
            return Outcome(refund);
        }
        catch (StripeException e) when (IsPermanent(e))
        {
            return RefundOutcome.Declined(Refused("refund", e));
        }
    }

    /// <inheritdoc />
    public async Task<RefundOutcome> GetStatusAsync(string reference, CancellationToken ct)
    {
        try
        {
            return Outcome(await _refunds.GetAsync(reference, cancellationToken: ct));
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return RefundOutcome.Declined($"Stripe has no refund {reference}: {e.StripeError?.Message ?? e.Message}");
        }
    }

    /// <inheritdoc />
    public async Task<ChargeOutcome> ChargeAsync(ChargeInstruction instruction, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var key = new RequestOptions { IdempotencyKey = instruction.IdempotencyKey };
        var metadata = new Dictionary<string, string> { [ChargeIdMetadata] = instruction.ChargeId.ToString() };
        var amount = ToMinorUnits(instruction.Amount, instruction.Currency);
        try
        {
            if (instruction.TransactionId.StartsWith("pi_", StringComparison.Ordinal))
            {
                var paid = await _intents.GetAsync(instruction.TransactionId, cancellationToken: ct);
                var intent = await _intents.CreateAsync(
                    new PaymentIntentCreateOptions
                    {
                        Amount = amount,
                        Currency = instruction.Currency.ToLowerInvariant(),
                        Customer = paid.CustomerId ?? instruction.CustomerReference,
                        PaymentMethod = paid.PaymentMethodId,
                        OffSession = true,
                        Confirm = true,
                        CaptureMethod = instruction.Capture ? "automatic" : "manual",
                        Metadata = metadata,
                    },
                    key,
                    ct);
                return intent.Status switch
                {
                    "succeeded" => ChargeOutcome.Captured(intent.Id),
                    "requires_capture" => ChargeOutcome.Authorised(intent.Id),
                    _ => ChargeOutcome.Declined($"Stripe left PaymentIntent {intent.Id} {intent.Status}: the customer would have to act."),
                };
            }

            // The card of the original charge when Stripe says whose it is; otherwise the default card of the customer
            // the shop named (a charge made before the card was saved carries no customer).
            var original = await _charges.GetAsync(instruction.TransactionId, cancellationToken: ct);
            var customer = original.CustomerId ?? instruction.CustomerReference;
            var card = original.CustomerId is null ? null : original.PaymentMethod ?? original.Source?.Id;
            if (customer is null)
            {
                return ChargeOutcome.Declined($"Charge {original.Id} has no saved card to charge again (no customer on it; send the payment's customerReference).");
            }

            var charge = await _charges.CreateAsync(
                new ChargeCreateOptions { Amount = amount, Currency = instruction.Currency.ToLowerInvariant(), Customer = customer, Source = card, Capture = instruction.Capture, Metadata = metadata },
                key,
                ct);
            return charge.Status == "failed"
                ? ChargeOutcome.Declined($"Stripe charge {charge.Id} failed: {charge.FailureMessage}")
                : charge.Captured ? ChargeOutcome.Captured(charge.Id) : ChargeOutcome.Authorised(charge.Id);
        }
        catch (StripeException e) when (IsPermanent(e))
        {
            return ChargeOutcome.Declined(Refused("charge", e));
        }
    }

    /// <inheritdoc />
    public async Task<ChargeOutcome> CaptureAsync(string reference, decimal amount, string currency, string idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var key = new RequestOptions { IdempotencyKey = idempotencyKey };
        try
        {
            if (reference.StartsWith("pi_", StringComparison.Ordinal))
            {
                var intent = await _intents.CaptureAsync(reference, new PaymentIntentCaptureOptions { AmountToCapture = ToMinorUnits(amount, currency) }, key, ct);
                return ChargeOutcome.Captured(intent.Id);
            }

            var charge = await _charges.CaptureAsync(reference, new ChargeCaptureOptions { Amount = ToMinorUnits(amount, currency) }, key, ct);
            return ChargeOutcome.Captured(charge.Id);
        }
        catch (StripeException e) when (IsPermanent(e))
        {
            return ChargeOutcome.Declined(Refused("capture", e));
        }
    }

    /// <inheritdoc />
    public async Task<ChargeOutcome> ReleaseAsync(string reference, string idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var key = new RequestOptions { IdempotencyKey = idempotencyKey };
        try
        {
            if (reference.StartsWith("pi_", StringComparison.Ordinal))
            {
                await _intents.CancelAsync(reference, new PaymentIntentCancelOptions(), key, ct);
            }
            else
            {
                await _refunds.CreateAsync(new RefundCreateOptions { Charge = reference }, key, ct);
            }

            return ChargeOutcome.Released(reference);
        }
        catch (StripeException e) when (IsPermanent(e))
        {
            return ChargeOutcome.Declined(Refused("release", e));
        }
    }

    /// <summary>Maps a Stripe refund's status (https://docs.stripe.com/api/refunds/object#refund_object-status) to an outcome.</summary>
    public static RefundOutcome Outcome(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return refund.Status switch
        {
            "succeeded" => RefundOutcome.Succeeded(refund.Id),
            "pending" or "requires_action" => RefundOutcome.Pending(refund.Id),
            "failed" or "canceled" => RefundOutcome.Declined($"Stripe refund {refund.Id} {refund.Status}{(string.IsNullOrEmpty(refund.FailureReason) ? string.Empty : ": " + refund.FailureReason)}."),
            _ => RefundOutcome.Pending(refund.Id),
        };
    }

    /// <summary>An amount in the currency's smallest unit, as Stripe counts it (https://docs.stripe.com/currencies#zero-decimal).</summary>
    public static long ToMinorUnits(decimal amount, string currency) =>
        decimal.ToInt64(Currency.Round(amount, currency) * (decimal)Math.Pow(10, Currency.MinorUnits(currency)));

    // Stripe's errors (https://docs.stripe.com/error-handling): 400/402/404 say the request itself cannot succeed
    // (charge_already_refunded, an amount above what is left, resource_missing, a reused key with other parameters),
    // so asking again changes nothing. 401/403 (a wrong key), 409 (the same key in flight), 429 and 5xx are about the
    // moment or the configuration, and are retried.
    private static string Refused(string what, StripeException e) =>
        $"Stripe refused the {what} ({(int)e.HttpStatusCode}{(e.StripeError?.Code is { } code ? ", " + code : string.Empty)}): {e.StripeError?.Message ?? e.Message}";

    private static bool IsPermanent(StripeException e) =>
        e.HttpStatusCode is HttpStatusCode.BadRequest or HttpStatusCode.PaymentRequired or HttpStatusCode.NotFound;
}

namespace Retour.Web.Features.Refunds;

/// <summary>
/// A provider that can be asked how a refund it accepted stands: asynchronous providers (Amazon Pay, a Stripe refund
/// that is pending) are polled through it by <see cref="Workers.PendingRefundsPoller"/> when their own notification
/// (a webhook) has not arrived.
/// </summary>
public interface IRefundStatusSource
{
    /// <summary>The provider name, as on <see cref="IPaymentProvider.Name"/>.</summary>
    string Name { get; }

    /// <summary>
    /// How the refund with the provider's id <paramref name="reference"/> stands now: succeeded, still pending, or
    /// declined (with the provider's reason). A transient failure is an exception, and the refund is asked about again later.
    /// </summary>
    Task<RefundOutcome> GetStatusAsync(string reference, CancellationToken ct);
}

namespace Retour.Domain.Returns;

/// <summary>
/// Money owed back on one payment, recorded before it is moved. The idempotency key is fixed when the refund is
/// recorded and sent with every attempt, so a retried or replayed execution never pays twice.
/// </summary>
public sealed class Refund
{
    private Refund()
    {
        Provider = TransactionId = CurrencyCode = IdempotencyKey = string.Empty;
    }

    internal Refund(Guid id, Guid tenderId, string provider, string transactionId, decimal amount, string currency, DateTimeOffset at, RefundPurpose purpose = RefundPurpose.Items)
    {
        Purpose = purpose;
        Id = id;
        TenderId = tenderId;
        Provider = provider;
        TransactionId = transactionId;
        Amount = amount;
        CurrencyCode = currency;
        IdempotencyKey = $"retour-refund-{id:N}";
        Status = RefundStatus.Recorded;
        RecordedAt = at;
    }

    /// <summary>What the money is for: the returned items, or a goodwill gesture on top.</summary>
    public RefundPurpose Purpose { get; private set; }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The payment refunded.</summary>
    public Guid TenderId { get; private set; }

    /// <summary>The provider that moves the money.</summary>
    public string Provider { get; private set; }

    /// <summary>The provider's id of the original payment.</summary>
    public string TransactionId { get; private set; }

    /// <summary>Amount.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 currency.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>Sent to the provider with every attempt.</summary>
    public string IdempotencyKey { get; private set; }

    /// <summary>Where it stands.</summary>
    public RefundStatus Status { get; private set; }

    /// <summary>The provider's id of the refund.</summary>
    public string? ProviderReference { get; private set; }

    /// <summary>Why the provider declined.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>When it succeeded or failed.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Calls made to the provider.</summary>
    public int Attempts { get; private set; }

    /// <summary>True once nothing more will happen to it without a person.</summary>
    public bool IsFinal => Status is RefundStatus.Succeeded or RefundStatus.Failed;

    internal void CountAttempt() => Attempts++;

    internal void MarkPending(string? reference)
    {
        Status = RefundStatus.Pending;
        ProviderReference = reference ?? ProviderReference;
    }

    internal void MarkSucceeded(string reference, DateTimeOffset at)
    {
        Status = RefundStatus.Succeeded;
        ProviderReference = reference;
        CompletedAt = at;
    }

    internal void MarkFailed(string reason, DateTimeOffset at)
    {
        Status = RefundStatus.Failed;
        FailureReason = reason;
        CompletedAt = at;
    }
}

/// <summary>What a refund pays for.</summary>
public enum RefundPurpose
{
    /// <summary>The returned items, less the deductions: the settlement of the return.</summary>
    Items,

    /// <summary>A gesture a manager grants (a late parcel, a bad experience), on top of the settlement.</summary>
    Goodwill,

    /// <summary>
    /// The returned items, refunded before inspection because the policy's refund timing says so (on approval, at the
    /// carrier's first scan, at receipt); the settlement counts it and pays only what is still owed.
    /// </summary>
    Advance,
}

namespace Retour.Domain.Returns;

/// <summary>Why money is taken from the customer's payment method.</summary>
public enum ChargePurpose
{
    /// <summary>A dearer exchange: the difference between the new item and what the returned one is worth.</summary>
    PriceDifference,

    /// <summary>
    /// An instant exchange: the replacement's value held on the card while the replacement ships before the return
    /// arrives; released when the carrier has the parcel, captured when it is not sent by the deadline.
    /// </summary>
    InstantExchangeHold,
}

/// <summary>Where a charge stands. <c>Capturing</c> and <c>Releasing</c> wait for the worker to tell the provider.</summary>
public enum ChargeStatus
{
    /// <summary>Decided; the worker has not had the provider's answer yet.</summary>
    Recorded,

    /// <summary>The amount is authorised (held) on the card, not taken.</summary>
    Held,

    /// <summary>The hold is to be taken (the return was not sent); the worker asks the provider.</summary>
    Capturing,

    /// <summary>The hold is to be given back (the return is on its way); the worker asks the provider.</summary>
    Releasing,

    /// <summary>The money was taken.</summary>
    Captured,

    /// <summary>The hold was given back; nothing was taken.</summary>
    Released,

    /// <summary>The provider refused; a person looks at it.</summary>
    Failed,
}

/// <summary>
/// Money taken from (or held on) the customer's original payment method for a return: the price difference of a dearer
/// exchange, or the hold of an instant exchange. Recorded with the decision, executed by a worker from the outbox
/// with idempotency keys fixed by its id, so a retried or replayed execution never charges twice.
/// </summary>
public sealed class CustomerCharge
{
    private CustomerCharge()
    {
        Provider = TransactionId = CurrencyCode = string.Empty;
    }

    internal CustomerCharge(Guid id, Guid entryId, Orders.Tender tender, decimal amount, string currency, ChargePurpose purpose, DateTimeOffset at, DateTimeOffset? captureAfter = null)
    {
        Id = id;
        SettlementEntryId = entryId;
        TenderId = tender.Id;
        Provider = tender.Provider;
        TransactionId = tender.TransactionId;
        CustomerReference = tender.CustomerReference;
        Amount = amount;
        CurrencyCode = currency;
        Purpose = purpose;
        Status = ChargeStatus.Recorded;
        RecordedAt = at;
        CaptureAfter = captureAfter;
    }

    /// <summary>Internal key; the provider's idempotency keys derive from it.</summary>
    public Guid Id { get; private set; }

    /// <summary>The exchange it pays for.</summary>
    public Guid SettlementEntryId { get; private set; }

    /// <summary>The original payment whose card is charged.</summary>
    public Guid TenderId { get; private set; }

    /// <summary>The provider that moves the money.</summary>
    public string Provider { get; private set; }

    /// <summary>The provider's id of the original payment (its card is charged again).</summary>
    public string TransactionId { get; private set; }

    /// <summary>The provider's customer the card is saved under, when the shop sent it.</summary>
    public string? CustomerReference { get; private set; }

    /// <summary>Amount.</summary>
    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 currency.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>What it is for.</summary>
    public ChargePurpose Purpose { get; private set; }

    /// <summary>Where it stands.</summary>
    public ChargeStatus Status { get; private set; }

    /// <summary>The provider's id of the charge or authorisation.</summary>
    public string? ProviderReference { get; private set; }

    /// <summary>Why the provider refused.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>For a hold: taken if the return is not on its way by then (the return's shipping deadline).</summary>
    public DateTimeOffset? CaptureAfter { get; private set; }

    /// <summary>When it reached its final state.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>For a failed charge: when it stopped needing a person (nothing owed, the shop collects, or staff followed it up).</summary>
    public DateTimeOffset? HandledAt { get; private set; }

    /// <summary>How a failed charge was followed up.</summary>
    public string? HandledNote { get; private set; }

    /// <summary>A failed charge a person still has to follow up: the customer owes money Retour could not take.</summary>
    public bool NeedsFollowUp => Status == ChargeStatus.Failed && HandledAt is null;

    /// <summary>True once nothing more happens to it.</summary>
    public bool IsFinal => Status is ChargeStatus.Captured or ChargeStatus.Released or ChargeStatus.Failed;

    /// <summary>The idempotency key of the authorisation (or of the immediate charge).</summary>
    public string AuthoriseKey => $"retour-charge-{Id:N}";

    /// <summary>The idempotency key of the capture of a hold.</summary>
    public string CaptureKey => $"retour-charge-{Id:N}-capture";

    /// <summary>The idempotency key of the release of a hold.</summary>
    public string ReleaseKey => $"retour-charge-{Id:N}-release";

    // The same money asked again on the same card, with keys of its own: a failed price difference charged again, or
    // a failed capture taken as a new charge (the hold is gone).
    internal CustomerCharge Retry(Guid id, DateTimeOffset at) => new()
    {
        Id = id,
        SettlementEntryId = SettlementEntryId,
        TenderId = TenderId,
        Provider = Provider,
        TransactionId = TransactionId,
        CustomerReference = CustomerReference,
        Amount = Amount,
        CurrencyCode = CurrencyCode,
        Purpose = Purpose,
        Status = Purpose == ChargePurpose.InstantExchangeHold ? ChargeStatus.Capturing : ChargeStatus.Recorded,
        RecordedAt = at,
    };

    internal void Handle(string note, DateTimeOffset at)
    {
        HandledAt = at;
        HandledNote = note;
    }

    internal void Held(string reference)
    {
        ProviderReference = reference;
        Status = Status == ChargeStatus.Recorded ? ChargeStatus.Held : Status;
    }

    internal void Request(ChargeStatus next) => Status = next;

    internal void Finish(ChargeStatus status, string? reference, string? reason, DateTimeOffset at)
    {
        Status = status;
        ProviderReference = reference ?? ProviderReference;
        FailureReason = reason;
        CompletedAt = at;
    }
}

/// <summary>A charge needs the worker: authorise, take, or give back money on the customer's card.</summary>
public sealed record ChargeRequested(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid ChargeId, string Purpose, string Status, decimal Amount, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Money was taken from the customer's card (a price difference, or an instant exchange's hold captured).</summary>
public sealed record ChargeCaptured(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid ChargeId, string Purpose, decimal Amount, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>An instant exchange's hold was given back: the return is on its way.</summary>
public sealed record ChargeReleased(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid ChargeId, decimal Amount, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The provider refused a charge, a hold or a capture; staff see it in the queue with the reason.</summary>
public sealed record ChargeFailed(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid ChargeId, string Purpose, decimal Amount, string Currency, string Reason) : ReturnEvent(ReturnCaseId, Number, At);

namespace Retour.Domain.Returns;

/// <summary>A fact about a return case, written to the outbox in the same transaction as the change.</summary>
public abstract record ReturnEvent(Guid ReturnCaseId, string Number, DateTimeOffset At);

/// <summary>A customer asked to return lines.</summary>
public sealed record ReturnRequested(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid OrderId, string Channel, int Units) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The case needs a person's decision.</summary>
public sealed record ReturnSentToReview(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The case was approved.</summary>
public sealed record ReturnApproved(Guid ReturnCaseId, string Number, DateTimeOffset At, DateTimeOffset ShipBy) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The case was rejected.</summary>
public sealed record ReturnRejected(Guid ReturnCaseId, string Number, DateTimeOffset At, string Message) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The customer cancelled.</summary>
public sealed record ReturnCancelled(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Nothing was shipped by the deadline.</summary>
public sealed record ReturnExpired(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>A label was issued.</summary>
public sealed record LabelIssued(Guid ReturnCaseId, string Number, DateTimeOffset At, string Carrier, string TrackingNumber) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The carrier has the parcel.</summary>
public sealed record ParcelInTransit(Guid ReturnCaseId, string Number, DateTimeOffset At, string Kind) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The carrier delivered the parcel to the returns address.</summary>
public sealed record ParcelDelivered(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Units arrived.</summary>
public sealed record ItemsReceived(Guid ReturnCaseId, string Number, DateTimeOffset At, int Units, bool Complete) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Units were graded.</summary>
public sealed record UnitsInspected(Guid ReturnCaseId, string Number, DateTimeOffset At, int Units) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>A refund was decided and recorded; a worker executes it.</summary>
public sealed record RefundRecorded(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid RefundId, decimal Amount, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The provider sent the money.</summary>
public sealed record RefundSucceeded(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid RefundId, decimal Amount, string Currency, TimeSpan SinceRecorded) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The provider declined the refund.</summary>
public sealed record RefundFailed(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid RefundId, string Reason) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The whole settlement succeeded.</summary>
public sealed record ReturnResolved(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The case was closed.</summary>
public sealed record ReturnClosed(Guid ReturnCaseId, string Number, DateTimeOffset At) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Staff wrote to the customer about the return; the customer is emailed the message.</summary>
public sealed record CustomerMessaged(Guid ReturnCaseId, string Number, DateTimeOffset At, string Message) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>A person overrode the policy's decision on a line, with a justification.</summary>
public sealed record PolicyOverridden(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid LineId, string Justification) : ReturnEvent(ReturnCaseId, Number, At);

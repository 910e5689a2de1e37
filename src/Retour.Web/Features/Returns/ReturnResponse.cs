using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Returns;

/// <summary>A return case with its lines, decisions, refunds and timeline.</summary>
public sealed record ReturnResponse(
    Guid Id,
    string Number,
    Guid OrderId,
    string OrderNumber,
    string CustomerEmail,
    ReturnChannel Channel,
    ReturnMethod Method,
    ReturnStatus Status,
    string Currency,
    string PolicyVersion,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ShipBy,
    LabelResponse? Label,
    decimal RestockingFee,
    decimal ReturnShippingFee,
    decimal RefundTotal,
    IReadOnlyList<ReturnLineResponse> Lines,
    IReadOnlyList<RefundResponse> Refunds,
    IReadOnlyList<TimelineEntryResponse> Timeline,
    string Version,
    IReadOnlyList<DiscrepancyResponse> Discrepancies,
    string? TicketReference = null,
    IReadOnlyList<SettlementResponse>? Settlements = null,
    RefundDeadlineResponse? RefundDeadline = null,
    LateRefundResponse? LateRefund = null,
    IReadOnlyList<ChargeResponse>? Charges = null,
    string? TicketUrl = null,
    ReturnAttention? Attention = null,
    DateTimeOffset? AttentionSince = null)
{
    internal static ReturnResponse From(ReturnCase r) => new(
        r.Id,
        r.Number,
        r.OrderId,
        r.OrderNumber,
        r.CustomerEmail,
        r.Channel,
        r.Method,
        r.Status,
        r.CurrencyCode,
        r.PolicyVersion,
        r.RequestedAt,
        r.UpdatedAt,
        r.ShipBy,
        r.TrackingNumber is null ? null : new LabelResponse(r.LabelCarrier!, r.TrackingNumber),
        r.RestockingFee,
        r.ReturnShippingFee,
        r.Refunds.Where(x => x.Status != RefundStatus.Failed).Sum(x => x.Amount),
        r.Lines.Select(l => new ReturnLineResponse(
            l.Id,
            l.OrderLineId,
            l.Sku,
            l.Title,
            l.Quantity,
            l.ReasonCode,
            l.Fault,
            l.Comment,
            l.RequestedResolution,
            new DecisionResponse(l.Outcome, l.Basis, l.DecisionReasons, l.OfferedResolutions, l.ReturnShippingFee, l.RestockingPercent, l.KeepItem, l.ReturnBy, l.PolicyVersion),
            l.Unsealed,
            l.Photos,
            l.ApprovedQuantity,
            l.ReceivedQuantity,
            l.Units,
            l.RefundedQuantity,
            l.RefundedAmount,
            l.ExchangeSku,
            l.ExchangePriceDifference,
            l.InstantExchange)).ToList(),
        r.Refunds.OrderBy(x => x.RecordedAt).ThenBy(x => x.Id).Select(RefundResponse.From).ToList(),
        r.Timeline.Select(e => new TimelineEntryResponse(e.At, new ActorResponse(e.ActorKind, e.ActorName), e.From, e.To, e.Event, e.Note)).ToList(),
        ETag(r),
        r.Discrepancies.Select(d => new DiscrepancyResponse(d.Kind, d.Sku, d.Quantity, d.Note, d.At, d.ActorName)).ToList(),
        r.TicketReference,
        r.Settlements.OrderBy(x => x.RecordedAt).ThenBy(x => x.Id).Select(SettlementResponse.From).ToList(),
        Charges: r.Charges.OrderBy(x => x.RecordedAt).ThenBy(x => x.Id).Select(ChargeResponse.From).ToList(),
        TicketUrl: r.TicketUrl,
        Attention: r.Attention,
        AttentionSince: r.AttentionSince);

    internal static string ETag(ReturnCase r) => $"\"{r.Version:N}\"";
}

/// <summary>A difference found at receiving between what the return announced and what a parcel held.</summary>
public sealed record DiscrepancyResponse(DiscrepancyKind Kind, string Sku, int Quantity, string? Note, DateTimeOffset At, string By);

/// <summary>The label the parcel travels with.</summary>
public sealed record LabelResponse(string Carrier, string TrackingNumber);

/// <summary>A return line.</summary>
public sealed record ReturnLineResponse(
    Guid Id,
    Guid OrderLineId,
    string Sku,
    string Title,
    int Quantity,
    string ReasonCode,
    ReasonFault Fault,
    string? Comment,
    Resolution RequestedResolution,
    DecisionResponse Decision,
    bool Unsealed,
    IReadOnlyList<string> Photos,
    int ApprovedQuantity,
    int ReceivedQuantity,
    IReadOnlyList<InspectedUnit> Units,
    int RefundedQuantity,
    decimal RefundedAmount,
    string? ExchangeSku,
    decimal? ExchangePriceDifference,
    bool InstantExchange = false);

/// <summary>
/// The policy's decision on a line: the outcome, the rule or article that won (<paramref name="Basis"/>), every rule
/// that weighed in, what the customer may choose, the fees (charged only when the customer is at fault), whether to
/// keep the item, the last moment to start the return and the policy version whose decision was kept.
/// </summary>
public sealed record DecisionResponse(
    DecisionOutcome Outcome,
    string Basis,
    IReadOnlyList<DecisionReason> Reasons,
    IReadOnlyList<Resolution> OfferedResolutions,
    decimal ReturnShippingFee,
    decimal RestockingPercent,
    bool KeepItem,
    DateTimeOffset? ReturnBy,
    string PolicyVersion);

/// <summary>A refund.</summary>
public sealed record RefundResponse(Guid Id, Guid TenderId, string Provider, string TransactionId, decimal Amount, string Currency, RefundStatus Status, string? ProviderReference, string? FailureReason, DateTimeOffset RecordedAt, DateTimeOffset? CompletedAt, int Attempts, RefundPurpose Purpose = RefundPurpose.Items)
{
    internal static RefundResponse From(Refund x) =>
        new(x.Id, x.TenderId, x.Provider, x.TransactionId, x.Amount, x.CurrencyCode, x.Status, x.ProviderReference, x.FailureReason, x.RecordedAt, x.CompletedAt, x.Attempts, x.Purpose);
}

/// <summary>
/// A part of the settlement that is not a refund: store credit (with its bonus), a gift card, or an item to send
/// (exchange, replacement, repair) with what the customer still owes and, once the shop reports it, its order.
/// </summary>
/// <remarks><paramref name="AmountCharged"/> is what Retour charges the customer's card for it; <paramref name="Instant"/>
/// marks an instant exchange, sent before the return arrived.</remarks>
public sealed record SettlementResponse(Guid Id, SettlementKind Kind, decimal Amount, decimal Bonus, string Currency, Guid? ReturnLineId, string? Sku, int Quantity, decimal AmountDue, SettlementStatus Status, string? FulfilmentReference, DateTimeOffset RecordedAt, DateTimeOffset? FulfilledAt, decimal AmountCharged = 0m, bool Instant = false, string? Carrier = null, string? TrackingNumber = null, DateTimeOffset? DeliveredAt = null)
{
    internal static SettlementResponse From(SettlementEntry x) =>
        new(x.Id, x.Kind, x.Amount, x.Bonus, x.CurrencyCode, x.ReturnLineId, x.Sku, x.Quantity, x.AmountDue, x.Status, x.FulfilmentReference, x.RecordedAt, x.FulfilledAt, x.AmountCharged, x.Instant, x.Carrier, x.TrackingNumber, x.DeliveredAt);
}

/// <summary>
/// Money taken from, or held on, the customer's card for the return: a dearer exchange's difference, or an instant
/// exchange's hold (<paramref name="CaptureAfter"/>: taken if the return is not on its way by then).
/// <paramref name="NeedsFollowUp"/>: the card refused money the customer owes; a person follows it up.
/// </summary>
public sealed record ChargeResponse(Guid Id, Guid SettlementEntryId, ChargePurpose Purpose, ChargeStatus Status, Guid TenderId, string Provider, string TransactionId, decimal Amount, string Currency, string? ProviderReference, string? FailureReason, DateTimeOffset RecordedAt, DateTimeOffset? CaptureAfter, DateTimeOffset? CompletedAt, bool NeedsFollowUp, string? HandledNote)
{
    internal static ChargeResponse From(CustomerCharge x) =>
        new(x.Id, x.SettlementEntryId, x.Purpose, x.Status, x.TenderId, x.Provider, x.TransactionId, x.Amount, x.CurrencyCode, x.ProviderReference, x.FailureReason, x.RecordedAt, x.CaptureAfter, x.CompletedAt, x.NeedsFollowUp, x.HandledNote);
}

/// <summary>One step of the timeline.</summary>
public sealed record TimelineEntryResponse(DateTimeOffset At, ActorResponse Actor, ReturnStatus? From, ReturnStatus To, string Event, string? Note);

/// <summary>Who did it.</summary>
public sealed record ActorResponse(ActorKind Kind, string Name);

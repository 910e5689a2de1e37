using System.Globalization;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>
/// Tracking: what the carrier reports about the parcel, the staff queue of parcels in trouble, and refunds made before
/// inspection when the policy's <see cref="RefundTiming"/> says so (decision 0020).
/// </summary>
public sealed partial class ReturnCase
{
    /// <summary>The timeline event of a label the carrier registered (informational).</summary>
    public const string CarrierLabelEvent = "CarrierLabelCreated";

    /// <summary>The timeline event of a refund made before inspection.</summary>
    public const string AdvanceRefundEvent = "RefundAdvanced";

    /// <summary>The timeline event of a settlement worth less than what was refunded in advance.</summary>
    public const string AdvanceExceededEvent = "AdvanceRefundExceeded";

    /// <summary>The timeline event of staff clearing the attention flag.</summary>
    public const string AttentionClearedEvent = "AttentionCleared";

    /// <summary>Why the return waits for a person (a parcel in trouble, an advance refund beyond the settlement); null when nothing does.</summary>
    public ReturnAttention? Attention { get; private set; }

    /// <summary>Since when <see cref="Attention"/> is set.</summary>
    public DateTimeOffset? AttentionSince { get; private set; }

    /// <summary>When the newest carrier event happened (the carrier's clock): an older event arriving later moves nothing.</summary>
    public DateTimeOffset? LastCarrierEventAt { get; private set; }

    // True once the settlement was decided (its timeline entry is written by Settle, whatever it settled with).
    private bool SettlementRecorded => _timeline.Exists(e => e.Event == nameof(RefundRecorded));

    private bool AdvanceRefundsSucceeded => _refunds.TrueForAll(r => r.Purpose != RefundPurpose.Advance || r.Status == RefundStatus.Succeeded);

    /// <summary>
    /// Records what the carrier reported. A scan (first scan, in transit, delivered) moves an approved or
    /// awaiting-shipment return to in transit, whenever it happened: a scan proves the parcel left. An event older than
    /// the newest one already known is kept on the timeline and changes nothing else; state never moves back, and
    /// delivered after receipt is only written down. A current exception or return to sender, while the parcel is on its
    /// way, puts the return on the staff queue (<see cref="Attention"/>) and tells the customer; a later scan clears
    /// an exception. The label's creation is informational. The same event twice is recorded once.
    /// </summary>
    public Result RecordCarrierEvent(Actor actor, CarrierEventKind kind, DateTimeOffset occurredAt, string? detail, DateTimeOffset at, string? location = null)
    {
        if (Status is ReturnStatus.Requested or ReturnStatus.InReview)
        {
            return Result.Fail("return.notApproved", $"Return {Number} is {Status} and not approved: no parcel is expected yet.", "status");
        }

        var eventName = kind switch
        {
            CarrierEventKind.Delivered => nameof(ParcelDelivered),
            CarrierEventKind.Exception => nameof(ParcelProblem),
            CarrierEventKind.ReturnedToSender => nameof(ParcelReturnedToSender),
            CarrierEventKind.LabelCreated => CarrierLabelEvent,
            _ => nameof(ParcelInTransit),
        };
        var where = string.IsNullOrWhiteSpace(location) ? string.Empty : " (" + location.Trim() + ")";
        var note = string.Create(CultureInfo.InvariantCulture, $"{kind} at {occurredAt:O}{where}{(detail is null ? string.Empty : " — " + detail)}");
        const string Older = " [older than the last event: state unchanged]";
        if (_timeline.Exists(e => e.Event == eventName && (e.Note == note || e.Note == note + Older)))
        {
            return Result.Ok();
        }

        var stale = LastCarrierEventAt is { } newest && occurredAt < newest;
        if (!stale)
        {
            LastCarrierEventAt = occurredAt;
        }

        var scan = kind is CarrierEventKind.FirstScan or CarrierEventKind.InTransit or CarrierEventKind.Delivered;
        var underway = Status is ReturnStatus.Approved or ReturnStatus.AwaitingShipment or ReturnStatus.InTransit;
        if (scan && Status is ReturnStatus.Approved or ReturnStatus.AwaitingShipment)
        {
            Move(ReturnStatus.InTransit, actor, at, eventName, note);
            ReleaseInstantHolds(at);
        }
        else
        {
            Record(at, actor, Status, Status, eventName, note + (stale ? Older : string.Empty));
            Touch(at);
        }

        if (scan && !stale && Attention == ReturnAttention.CarrierException)
        {
            Attention = null;
            AttentionSince = null;
        }

        switch (kind)
        {
            case CarrierEventKind.LabelCreated:
                break;
            case CarrierEventKind.Delivered:
                Raise(new ParcelDelivered(Id, Number, at));
                break;
            case CarrierEventKind.Exception or CarrierEventKind.ReturnedToSender when stale || !underway:
                break;
            case CarrierEventKind.Exception:
                Flag(ReturnAttention.CarrierException, at);
                Raise(new ParcelProblem(Id, Number, at, detail));
                break;
            case CarrierEventKind.ReturnedToSender:
                Flag(ReturnAttention.ReturnedToSender, at);
                Raise(new ParcelReturnedToSender(Id, Number, at, detail));
                break;
            default:
                Raise(new ParcelInTransit(Id, Number, at, kind.ToString()));
                break;
        }

        return Result.Ok();
    }

    /// <summary>A person dealt with what put the return on the staff queue, and says how.</summary>
    public Result ClearAttention(Actor actor, string note, DateTimeOffset at)
    {
        if (Because(note, "return.attention.note", "Say how it was dealt with", "note") is { } missing)
        {
            return missing;
        }

        if (Attention is not { } was)
        {
            return Result.Ok();
        }

        Attention = null;
        AttentionSince = null;
        Record(at, actor, Status, Status, AttentionClearedEvent, $"{was}: {note.Trim()}");
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// Refunds the lines the customer wants refunded before inspection, as the policy's refund timing says: at approval
    /// the approved units, at the first scan the approved units, at receipt the received units — each unit once, so a
    /// later call refunds only units not refunded yet (receipts in several parcels) and a repeated call nothing. The
    /// amount is the settlement's own arithmetic on those units with the deductions known now; the return-shipping
    /// fee is taken by the first advance only. Refund records on the original payments, executed by the refund worker
    /// like any other (same idempotency keys). The settlement later pays only what is still owed; if inspection finds
    /// the items worth less (misuse, diminished value, fewer units), nothing is taken back: the return is put on the
    /// staff queue. Lines asking for something else than money, kept items and gifts (settled to their recipient) are
    /// left for the settlement.
    /// </summary>
    /// <param name="order">The order, whose payments are refunded.</param>
    /// <param name="refundedBefore">Units of each order line settled by earlier returns.</param>
    /// <param name="deductions">The configured deductions, for lines decided before the policy engine (no policy version).</param>
    /// <param name="timing">The policy's refund timing.</param>
    /// <param name="actor">Who triggers it (Retour itself).</param>
    /// <param name="at">Now.</param>
    public Result RefundInAdvance(Order order, IReadOnlyDictionary<Guid, int> refundedBefore, RefundDeductions deductions, RefundTiming timing, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(refundedBefore);
        ArgumentNullException.ThrowIfNull(deductions);
        var due = timing switch
        {
            RefundTiming.OnApproval => Status is ReturnStatus.Approved or ReturnStatus.AwaitingShipment or ReturnStatus.InTransit or ReturnStatus.Received,
            RefundTiming.OnFirstScan => Status is ReturnStatus.InTransit or ReturnStatus.Received,
            RefundTiming.OnReceipt => Status is ReturnStatus.Received,
            _ => false,
        };
        if (!due || GiftRecipientEmail is not null || SettlementRecorded || _refunds.Exists(r => r.Purpose == RefundPurpose.Items))
        {
            return Result.Ok();
        }

        var totals = order.LineTotalsPaid();
        var lines = new List<(ReturnLine Line, int Units)>();
        var items = new List<RefundItem>();
        var gross = new List<decimal>();
        foreach (var line in Lines.Where(l => l.RequestedResolution == Resolution.Refund && !l.KeepItem))
        {
            var units = (timing == RefundTiming.OnReceipt ? line.ReceivedQuantity : line.ApprovedQuantity) - line.AdvanceRefundedQuantity;
            if (units <= 0)
            {
                continue;
            }

            var index = IndexOf(order.Lines, line.OrderLineId);
            var orderLine = order.Lines[index];
            var amount = Money.Refunds.UnitsAmount(totals[index], orderLine.Quantity, refundedBefore.GetValueOrDefault(orderLine.Id) + line.AdvanceRefundedQuantity, units, CurrencyCode);
            lines.Add((line, units));
            gross.Add(amount);
            items.Add(new RefundItem(amount, line.Fault == ReasonFault.Customer));
        }

        if (lines.Count == 0)
        {
            return Result.Ok();
        }

        var first = !_refunds.Exists(r => r.Purpose == RefundPurpose.Advance);
        var terms = AdvanceDeductions(lines, gross, deductions);
        var quote = Money.Refunds.Quote(items, first ? terms : terms with { ReturnShippingFee = 0m }, CurrencyCode);
        var net = quote.Items == 0m ? new decimal[lines.Count] : Split.Proportionally(quote.Total, gross, Currency.MinorUnits(CurrencyCode));
        var total = net.Sum();
        if (total <= 0m)
        {
            return Result.Ok();
        }

        var (shares, allocation) = TenderAllocation.Allocate(total, order.Tenders);
        if (!allocation.IsSuccess)
        {
            return allocation;
        }

        foreach (var share in shares)
        {
            var reserved = order.Tenders.First(t => t.Id == share.TenderId).Reserve(share.Amount);
            if (!reserved.IsSuccess)
            {
                return reserved;
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            lines[i].Line.MarkAdvanced(lines[i].Units, net[i]);
        }

        order.Touch(at);
        foreach (var share in shares)
        {
            var tender = order.Tenders.First(t => t.Id == share.TenderId);
            var refund = new Refund(Guid.CreateVersion7(at), tender.Id, tender.Provider, tender.TransactionId, share.Amount, CurrencyCode, at, RefundPurpose.Advance);
            _refunds.Add(refund);
            Raise(new RefundRecorded(Id, Number, at, refund.Id, refund.Amount, CurrencyCode));
        }

        Record(at, actor, Status, Status, AdvanceRefundEvent, string.Create(CultureInfo.InvariantCulture, $"Refund of {Amount(total)} {CurrencyCode} in advance ({timing}), for {lines.Sum(l => l.Units)} unit(s), before inspection (items {Amount(quote.Items)}, restocking fee {Amount(quote.RestockingFee)}, return shipping {Amount(quote.ReturnShippingFee)})."));
        Touch(at);
        return Result.Ok();
    }

    // The deductions the policy decided for these lines, as the settlement takes them (ResolveReturn.Deductions): each
    // line's restocking percent on its amount, as one percent of the customer-fault amount; the largest return-shipping
    // fee once, unless waived. Lines decided before the policy engine keep the configured deductions.
    private RefundDeductions AdvanceDeductions(List<(ReturnLine Line, int Units)> lines, List<decimal> gross, RefundDeductions configured)
    {
        if (lines.TrueForAll(l => l.Line.PolicyVersion.Length == 0))
        {
            return ReturnShippingWaived ? configured with { ReturnShippingFee = 0m } : configured;
        }

        var customerFault = 0m;
        var restocking = 0m;
        var shipping = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Line;
            shipping = Math.Max(shipping, line.ReturnShippingFee);
            if (line.Fault == ReasonFault.Customer)
            {
                customerFault += gross[i];
                restocking += Currency.Round(gross[i] * line.RestockingPercent / 100m, CurrencyCode);
            }
        }

        var percent = customerFault == 0m || restocking == 0m ? 0m : restocking * 100m / customerFault;
        return new RefundDeductions(percent, ReturnShippingWaived ? 0m : shipping);
    }

    // A settlement worth less than the advance: nothing is clawed back automatically; a person decides.
    private void NoteAdvanceExcess(decimal excess, DateTimeOffset at)
    {
        if (excess <= 0m)
        {
            return;
        }

        Record(at, Actor.System, Status, Status, AdvanceExceededEvent, string.Create(CultureInfo.InvariantCulture, $"{Amount(excess)} {CurrencyCode} was refunded in advance beyond what the settlement owes; nothing is taken back automatically."));
        Flag(ReturnAttention.AdvanceRefundExceeded, at);
    }

    // Refunded on approval, then cancelled or expired without the goods: nothing is taken back automatically either.
    private void NoteAdvanceLapsed(DateTimeOffset at)
    {
        var advanced = _refunds.Where(r => r.Purpose == RefundPurpose.Advance && r.Status != RefundStatus.Failed).Sum(r => r.Amount);
        if (advanced <= 0m)
        {
            return;
        }

        Record(at, Actor.System, Status, Status, AdvanceExceededEvent, string.Create(CultureInfo.InvariantCulture, $"{Amount(advanced)} {CurrencyCode} was refunded in advance, but the return is {Status} and the goods will not come; nothing is taken back automatically."));
        Flag(ReturnAttention.AdvanceRefundExceeded, at);
    }

    private void Flag(ReturnAttention attention, DateTimeOffset at)
    {
        Attention = attention;
        AttentionSince = at;
    }
}

/// <summary>Why a return waits on the staff queue.</summary>
public enum ReturnAttention
{
    /// <summary>The carrier reported a problem with the parcel (damaged, address, customs).</summary>
    CarrierException,

    /// <summary>The carrier is taking the parcel back to the customer.</summary>
    ReturnedToSender,

    /// <summary>
    /// More was refunded before inspection (the policy's refund timing) than the return settles: inspection found the
    /// items worth less, or the return was cancelled or expired after an advance on approval.
    /// </summary>
    AdvanceRefundExceeded,
}

/// <summary>The carrier reported a problem with the parcel; the return waits for a person.</summary>
public sealed record ParcelProblem(Guid ReturnCaseId, string Number, DateTimeOffset At, string? Detail) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The carrier is taking the parcel back to the customer; the return waits for a person.</summary>
public sealed record ParcelReturnedToSender(Guid ReturnCaseId, string Number, DateTimeOffset At, string? Detail) : ReturnEvent(ReturnCaseId, Number, At);

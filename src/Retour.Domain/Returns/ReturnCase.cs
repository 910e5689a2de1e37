using System.Globalization;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>
/// One customer request to send back lines of one order. Its state changes only through the methods below, one per
/// transition; each checks its guard against <see cref="Transitions"/>, appends to the timeline and raises an event.
/// </summary>
public sealed partial class ReturnCase
{
    /// <summary>Every allowed move of the state machine. A transition not listed here is refused.</summary>
    public static readonly IReadOnlyDictionary<ReturnStatus, ReturnStatus[]> Transitions = new Dictionary<ReturnStatus, ReturnStatus[]>
    {
        [ReturnStatus.Requested] = [ReturnStatus.InReview, ReturnStatus.Approved, ReturnStatus.Rejected, ReturnStatus.Cancelled],
        [ReturnStatus.InReview] = [ReturnStatus.Approved, ReturnStatus.Rejected, ReturnStatus.Cancelled],
        [ReturnStatus.Approved] = [ReturnStatus.AwaitingShipment, ReturnStatus.InTransit, ReturnStatus.Received, ReturnStatus.Cancelled, ReturnStatus.Expired],
        [ReturnStatus.AwaitingShipment] = [ReturnStatus.InTransit, ReturnStatus.Received, ReturnStatus.Cancelled, ReturnStatus.Expired],
        [ReturnStatus.InTransit] = [ReturnStatus.Received],
        [ReturnStatus.Received] = [ReturnStatus.Received, ReturnStatus.Inspected],
        [ReturnStatus.Inspected] = [ReturnStatus.Resolved],
        [ReturnStatus.Resolved] = [ReturnStatus.Closed],
        [ReturnStatus.Rejected] = [],
        [ReturnStatus.Cancelled] = [],
        [ReturnStatus.Expired] = [],
        [ReturnStatus.Closed] = [],
    };

    /// <summary>The timeline event of an internal note (never shown to the customer).</summary>
    public const string NoteEvent = "NoteAdded";

    /// <summary>The timeline event of a line's quantity changed by staff.</summary>
    public const string LineChangedEvent = "LineChanged";

    /// <summary>The timeline event of fees lowered by staff.</summary>
    public const string FeesLoweredEvent = "FeesLowered";

    /// <summary>The timeline event of the return-shipping fee waived.</summary>
    public const string ShippingWaivedEvent = "ReturnShippingWaived";

    /// <summary>The timeline event of a goodwill refund granted.</summary>
    public const string GoodwillEvent = "GoodwillRefundRecorded";

    private readonly List<ReturnLine> _lines = [];
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<Refund> _refunds = [];
    private readonly List<SettlementEntry> _settlements = [];
    private readonly List<ReturnEvent> _events = [];

    private ReturnCase()
    {
        Number = OrderNumber = CustomerEmail = CurrencyCode = PolicyVersion = string.Empty;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The number shown to people, e.g. R-7K3M9Q.</summary>
    public string Number { get; private set; }

    /// <summary>The order returned from.</summary>
    public Guid OrderId { get; private set; }

    /// <summary>The order's number, copied for search.</summary>
    public string OrderNumber { get; private set; }

    /// <summary>The customer's email, copied for search.</summary>
    public string CustomerEmail { get; private set; }

    /// <summary>Where the return was started.</summary>
    public ReturnChannel Channel { get; private set; }

    /// <summary>For a gift returned by its recipient, their name; they are told about the return and get the credit.</summary>
    public string? GiftRecipientName { get; private set; }

    /// <summary>For a gift returned by its recipient, their email address.</summary>
    public string? GiftRecipientEmail { get; private set; }

    /// <summary>The helpdesk ticket a customer-service agent opened the return from (Zendesk, Gorgias …), for cross-reference.</summary>
    public string? TicketReference { get; private set; }

    /// <summary>How the parcel comes back (label, drop-off QR code, store, pickup).</summary>
    public ReturnMethod Method { get; private set; }

    /// <summary>Where it stands.</summary>
    public ReturnStatus Status { get; private set; }

    /// <summary>The order's currency.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>The policy version that decided it.</summary>
    public string PolicyVersion { get; private set; }

    /// <summary>When it was asked for.</summary>
    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The customer must ship by then, or the case expires.</summary>
    public DateTimeOffset? ShipBy { get; private set; }

    /// <summary>Carrier of the label.</summary>
    public string? LabelCarrier { get; private set; }

    /// <summary>Tracking number of the label.</summary>
    public string? TrackingNumber { get; private set; }

    /// <summary>The Idempotency-Key the case was created with, if any.</summary>
    public string? CreationKey { get; private set; }

    /// <summary>The restocking fee deducted at settlement.</summary>
    public decimal RestockingFee { get; private set; }

    /// <summary>The return-shipping fee deducted at settlement.</summary>
    public decimal ReturnShippingFee { get; private set; }

    /// <summary>
    /// Approved units not yet received, kept with every change so the work queues (partly received, awaiting
    /// inspection) are read from the return's own row at any volume.
    /// </summary>
    public int ExpectedUnits { get; private set; }

    /// <summary>Concurrency token: a second writer with a stale copy gets a conflict.</summary>
    public Guid Version { get; private set; }

    /// <summary>The lines.</summary>
    public IReadOnlyList<ReturnLine> Lines => Order.InPosition(_lines, l => l.Position);

    /// <summary>The history, oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => Order.InPosition(_timeline, e => e.Sequence);

    /// <summary>The money owed back, one entry per payment.</summary>
    public IReadOnlyList<Refund> Refunds => _refunds;

    /// <summary>What the return was settled with besides refunds: store credit, gift cards, items to send.</summary>
    public IReadOnlyList<SettlementEntry> Settlements => _settlements;

    /// <summary>Events raised since the case was loaded; the persistence layer moves them to the outbox.</summary>
    public IReadOnlyList<ReturnEvent> PendingEvents => _events;

    /// <summary>True when every approved unit has arrived.</summary>
    public bool IsFullyReceived => _lines.All(l => l.ReceivedQuantity >= l.ApprovedQuantity);

    /// <summary>
    /// Opens a return for lines of an order. Each line is checked against what is still returnable
    /// (<paramref name="claimedElsewhere"/>: units of each order line held by the order's other open returns) and
    /// decided by the policy; a request with no eligible line is refused with every line's reasons.
    /// </summary>
    public static (ReturnCase? Case, Result Result) Request(
        Order order,
        IReadOnlyList<RequestedLine> lines,
        IReadOnlyDictionary<Guid, int> claimedElsewhere,
        IEligibilityPolicy policy,
        ReturnChannel channel,
        Actor actor,
        string number,
        string? creationKey,
        DateTimeOffset at,
        CustomerHistory? history = null,
        ReturnMethod method = ReturnMethod.Label,
        GiftRecipient? gift = null,
        string? overrideJustification = null,
        string? ticketReference = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(claimedElsewhere);
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<DomainError>();
        if (lines.Count == 0)
        {
            return (null, Result.Fail("return.lines.empty", "A return needs at least one line.", "lines"));
        }

        if (gift is not null && lines.Any(l => l.Resolution != Resolution.StoreCredit))
        {
            return (null, Result.Fail("return.gift.storeCreditOnly", "A gift returned by its recipient is settled in store credit for them, not refunded to the buyer's payment.", "lines"));
        }

        var returnCase = new ReturnCase
        {
            Id = Guid.CreateVersion7(at),
            Number = number,
            OrderId = order.Id,
            OrderNumber = order.Number,
            CustomerEmail = order.Customer.Email,
            Channel = channel,
            CurrencyCode = order.CurrencyCode,
            PolicyVersion = policy.Version,
            RequestedAt = at,
            CreationKey = creationKey,
            Method = method,
            GiftRecipientName = gift?.Name,
            GiftRecipientEmail = gift?.Email,
            TicketReference = string.IsNullOrWhiteSpace(ticketReference) ? null : ticketReference.Trim(),
        };

        var seen = new HashSet<Guid>();
        var totals = order.LineTotalsPaid();
        for (var i = 0; i < lines.Count; i++)
        {
            var request = lines[i];
            var target = $"lines[{i}]";
            var orderLine = order.Lines.FirstOrDefault(l => l.Id == request.OrderLineId);
            if (orderLine is null)
            {
                errors.Add(new("return.line.notOnOrder", $"Order line {request.OrderLineId} is not on order {order.Number}.", $"{target}.orderLineId"));
                continue;
            }

            if (!seen.Add(orderLine.Id))
            {
                errors.Add(new("return.line.duplicate", $"Order line '{orderLine.ShopLineId}' ({orderLine.Sku}) appears twice; give it once with the total quantity.", $"{target}.orderLineId"));
                continue;
            }

            var claimed = claimedElsewhere.GetValueOrDefault(orderLine.Id);
            var returnable = orderLine.Quantity - claimed;
            if (request.Quantity < 1 || request.Quantity > returnable)
            {
                errors.Add(new(
                    "return.quantity.exceedsReturnable",
                    string.Create(CultureInfo.InvariantCulture, $"Line '{orderLine.ShopLineId}' ({orderLine.Sku}): {request.Quantity} requested but {Math.Max(0, returnable)} can be returned ({orderLine.Quantity} bought, {claimed} already in other returns)."),
                    $"{target}.quantity"));
                continue;
            }

            if (policy.FaultOf(request.ReasonCode) is not { } fault)
            {
                errors.Add(new("return.reason.unknown", $"Reason '{request.ReasonCode}' is not one of the policy's reasons.", $"{target}.reasonCode"));
                continue;
            }

            var decision = policy.Decide(Facts(order, orderLine, request, history ?? CustomerHistory.None, method, totals), at);
            returnCase._lines.Add(new ReturnLine(Guid.CreateVersion7(at), returnCase._lines.Count, request, orderLine.Sku, orderLine.Title, fault, decision));
        }

        if (errors.Count > 0)
        {
            return (null, Result.Fail(errors));
        }

        var overriding = !string.IsNullOrWhiteSpace(overrideJustification);
        if (overriding && actor.Kind is not (ActorKind.Staff or ActorKind.Integration))
        {
            return (null, Result.Fail("return.override.staffOnly", "Only a staff member (or a system acting with a manager's key) can override the policy.", "overrideJustification"));
        }

        if (overriding)
        {
            foreach (var line in returnCase._lines.Where(l => l.Outcome != DecisionOutcome.Eligible))
            {
                line.Override(overrideJustification!.Trim(), actor.Name);
            }
        }

        if (returnCase._lines.All(l => l.Outcome == DecisionOutcome.NotEligible) && !ArrivesWithTheGoods(channel))
        {
            var refusals = returnCase._lines
                .Select((l, i) => new DomainError("return.line.notEligible", $"{l.Sku}: {string.Join(" ", l.DecisionReasons.Select(r => r.Text))}", $"lines[{i}]"))
                .ToList();
            return (null, Result.Fail(refusals));
        }

        returnCase.Status = ReturnStatus.Requested;
        returnCase.Record(at, actor, null, ReturnStatus.Requested, nameof(ReturnRequested), null);
        returnCase.Touch(at);
        returnCase.Raise(new ReturnRequested(returnCase.Id, number, at, order.Id, channel.ToString(), returnCase._lines.Sum(l => l.Quantity)));
        if (overriding)
        {
            // The person who overrode the policy decided: the return is approved by them, with their justification.
            returnCase.Approve(actor, $"Policy overridden: {overrideJustification!.Trim()}", policy.ShipBy(at), at);
        }
        else if (returnCase._lines.Any(l => l.Outcome == DecisionOutcome.NeedsReview))
        {
            var why = string.Join(" ", returnCase._lines.Where(l => l.Outcome == DecisionOutcome.NeedsReview).SelectMany(l => l.DecisionReasons).Select(r => r.Text).Distinct());
            returnCase.Move(ReturnStatus.InReview, Actor.System, at, nameof(ReturnSentToReview), why);
            returnCase.Raise(new ReturnSentToReview(returnCase.Id, number, at));
        }
        else if (returnCase._lines.All(l => l.Outcome == DecisionOutcome.NotEligible || l.AutoApproved))
        {
            // The decision kept for each line (from whichever version won) says whether that version approves it alone.
            returnCase.Approve(Actor.System, "Approved automatically (policy rule automation.autoApprove).", policy.ShipBy(at), at);
        }

        return (returnCase, Result.Ok());
    }

    /// <summary>The facts of one requested line that the policy reads.</summary>
    public static LineFacts Facts(Order order, OrderLine orderLine, RequestedLine request, CustomerHistory history, ReturnMethod method, IReadOnlyList<decimal> lineTotalsPaid)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(orderLine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(lineTotalsPaid);
        var index = IndexOf(order.Lines, orderLine.Id);
        var orderValue = 0m;
        for (var i = 0; i < lineTotalsPaid.Count; i++)
        {
            orderValue += lineTotalsPaid[i];
        }

        return new LineFacts
        {
            Sku = orderLine.Sku,
            Category = orderLine.Category,
            Tags = orderLine.Tags,
            Channel = order.Channel,
            CustomerGroup = order.Customer.Group,
            CustomerKind = order.Customer.Kind,
            Country = order.ShipTo.Country,
            Region = order.ShipTo.Region,
            PlacedAt = order.PlacedAt,
            DeliveredAt = order.DeliveredAt(orderLine),
            OrderDeliveredAt = order.LastDeliveredAt(),
            WithdrawalInfoGiven = order.WithdrawalInfoGiven,
            UnitValue = orderLine.Quantity == 0 ? 0m : lineTotalsPaid[index] / orderLine.Quantity,
            Quantity = request.Quantity,
            OrderValue = orderValue,
            ReasonCode = request.ReasonCode,
            HasPhoto = request.Photos is { Count: > 0 },
            HasComment = !string.IsNullOrWhiteSpace(request.Comment),
            Unsealed = request.Unsealed,
            RequestedResolution = request.Resolution,
            Method = method,
            CustomerReturnCount = history.ReturnCount,
            CustomerReturnRate = history.ReturnRate,
            ProofOfPurchase = true,
        };
    }

    /// <summary>Approves the lines the policy did not refuse; the customer must ship by the end of the given day.</summary>
    public Result Approve(Actor actor, string? note, DateTimeOffset shipBy, DateTimeOffset at)
    {
        var guard = Guard(ReturnStatus.Approved);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        foreach (var line in _lines)
        {
            line.Approve();
        }

        ShipBy = shipBy;
        Move(ReturnStatus.Approved, actor, at, nameof(ReturnApproved), note);
        Raise(new ReturnApproved(Id, Number, at, shipBy));
        return Result.Ok();
    }

    /// <summary>Refuses the return with a message for the customer.</summary>
    public Result Reject(Actor actor, string message, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return Result.Fail("return.reject.messageRequired", "A rejection needs a message for the customer.", "message");
        }

        var guard = Guard(ReturnStatus.Rejected);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        Move(ReturnStatus.Rejected, actor, at, nameof(ReturnRejected), message);
        Raise(new ReturnRejected(Id, Number, at, message));
        return Result.Ok();
    }

    /// <summary>An internal note for colleagues, kept on the timeline; the customer never sees it.</summary>
    public Result AddNote(Actor actor, string text, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return Result.Fail("return.note.text", "A note needs text (at most 4,000 characters).", "text");
        }

        Record(at, actor, Status, Status, NoteEvent, text.Trim());
        Touch(at);
        return Result.Ok();
    }

    /// <summary>A message to the customer about the return: kept on the timeline and emailed to them.</summary>
    public Result MessageCustomer(Actor actor, string text, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return Result.Fail("return.message.text", "A message needs text (at most 4,000 characters).", "text");
        }

        Record(at, actor, Status, Status, nameof(CustomerMessaged), text.Trim());
        Raise(new CustomerMessaged(Id, Number, at, text.Trim()));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// Overrides the policy's refusal or doubt on a line while the return is undecided, with a justification that the
    /// timeline and the line's reasons keep. The return still needs its decision (approve or reject).
    /// </summary>
    public Result OverridePolicy(Actor actor, Guid lineId, string justification, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Because(justification, "return.override.justification", "An override needs a justification", "justification") is { } noReason)
        {
            return noReason;
        }

        if (Status is not (ReturnStatus.Requested or ReturnStatus.InReview))
        {
            return Result.Fail("return.override.decided", $"Return {Number} is {Status}; the policy can be overridden only before the decision.", "status");
        }

        if (_lines.FirstOrDefault(l => l.Id == lineId) is not { } line)
        {
            return Result.Fail("return.line.unknown", $"Line {lineId} is not on return {Number}.", "lineId");
        }

        if (line.Outcome == DecisionOutcome.Eligible)
        {
            return Result.Fail("return.override.notNeeded", $"{line.Sku} is already eligible; there is nothing to override.", "lineId");
        }

        line.Override(justification.Trim(), actor.Name);
        Record(at, actor, Status, Status, nameof(PolicyOverridden), $"{line.Sku}: {justification.Trim()}");
        Raise(new PolicyOverridden(Id, Number, at, line.Id, justification.Trim()));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// Changes how many units of a line come back, before anything arrived: the units asked for while undecided, the
    /// units approved after. Never more than before; at least one unit must stay on the return (reject or cancel it
    /// otherwise).
    /// </summary>
    public Result ChangeQuantity(Actor actor, Guid lineId, int quantity, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Because(reason, "return.edit.reason", "Say why the line changes") is { } noReason)
        {
            return noReason;
        }

        if (Status is not (ReturnStatus.Requested or ReturnStatus.InReview or ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("return.edit.tooLate", $"Return {Number} is {Status}; lines can change only before the parcel is on its way.", "status");
        }

        if (_lines.FirstOrDefault(l => l.Id == lineId) is not { } line)
        {
            return Result.Fail("return.line.unknown", $"Line {lineId} is not on return {Number}.", "lineId");
        }

        var decided = Status is ReturnStatus.Approved or ReturnStatus.AwaitingShipment;
        var current = decided ? line.ApprovedQuantity : line.Quantity;
        if (quantity < (decided ? 0 : 1) || quantity > current)
        {
            return Result.Fail("return.edit.quantity", string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: between {(decided ? 0 : 1)} and {current} unit(s)."), "quantity");
        }

        var left = _lines.Sum(l => l.Id == lineId ? quantity : decided ? l.ApprovedQuantity : l.Quantity);
        if (left < 1)
        {
            return Result.Fail("return.edit.empty", $"Return {Number} would hold no unit; reject or cancel it instead.", "quantity");
        }

        line.SetQuantity(quantity, decided);
        Record(at, actor, Status, Status, LineChangedEvent, string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: {current} → {quantity} unit(s). {reason.Trim()}"));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// Lowers a line's fees before the refund is decided (a fee is never raised after the customer was told it).
    /// </summary>
    public Result LowerFees(Actor actor, Guid lineId, decimal restockingPercent, decimal returnShippingFee, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if ((Because(reason, "return.fees.reason", "Say why the fees change") ?? FeesSettled()) is { } refused)
        {
            return refused;
        }

        if (_lines.FirstOrDefault(l => l.Id == lineId) is not { } line)
        {
            return Result.Fail("return.line.unknown", $"Line {lineId} is not on return {Number}.", "lineId");
        }

        var errors = new List<DomainError>();
        if (restockingPercent < 0 || restockingPercent > line.RestockingPercent)
        {
            errors.Add(new("return.fees.restockingRaised", string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: the restocking fee can go from {line.RestockingPercent} % down to 0 %, not up."), "restockingPercent"));
        }

        if (returnShippingFee < 0 || returnShippingFee > line.ReturnShippingFee)
        {
            errors.Add(new("return.fees.shippingRaised", string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: the return-shipping fee can go from {Amount(line.ReturnShippingFee)} down to 0, not up."), "returnShippingFee"));
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"{line.Sku}: restocking {line.RestockingPercent} % → {restockingPercent} %, return shipping {Amount(line.ReturnShippingFee)} → {Amount(returnShippingFee)}. {reason.Trim()}");
        line.LowerFees(restockingPercent, returnShippingFee);
        Record(at, actor, Status, Status, FeesLoweredEvent, note);
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Waives the return-shipping fee on every line, until the refund is decided.</summary>
    public Result WaiveReturnShipping(Actor actor, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if ((Because(reason, "return.fees.reason", "Say why the return shipping is waived") ?? FeesSettled()) is { } refused)
        {
            return refused;
        }

        if (ReturnShippingWaived)
        {
            return Result.Ok();
        }

        foreach (var line in _lines)
        {
            line.LowerFees(line.RestockingPercent, 0m);
        }

        Record(at, actor, Status, Status, ShippingWaivedEvent, reason.Trim());
        Touch(at);
        return Result.Ok();
    }

    /// <summary>True once a person waived the return-shipping fee.</summary>
    public bool ReturnShippingWaived => _timeline.Any(e => e.Event == ShippingWaivedEvent);

    /// <summary>
    /// A goodwill refund on top of the settlement (a late parcel, a poor experience), to the order's original
    /// payments and never more than they have left to refund. Executed by the refund worker like any refund.
    /// </summary>
    public Result RecordGoodwill(Order order, decimal amount, string reason, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(actor);
        if (Because(reason, "refund.goodwill.reason", "Say why the goodwill refund is granted") is { } noReason)
        {
            return noReason;
        }

        if (amount <= 0 || Currency.Round(amount, CurrencyCode) != amount)
        {
            return Result.Fail("refund.goodwill.amount", string.Create(CultureInfo.InvariantCulture, $"A positive amount in {CurrencyCode} with at most {Currency.MinorUnits(CurrencyCode)} decimals."), "amount");
        }

        if (Status is ReturnStatus.Rejected or ReturnStatus.Cancelled or ReturnStatus.Expired or ReturnStatus.Closed)
        {
            return Result.Fail("refund.goodwill.closed", $"Return {Number} is {Status}; a goodwill refund goes with an open return.", "status");
        }

        // The settlement still owed on this return keeps its place on the payments: goodwill comes out of what is left.
        var totals = order.LineTotalsPaid();
        var owed = 0m;
        foreach (var line in _lines.Where(l => l.RefundedQuantity == 0))
        {
            var index = IndexOf(order.Lines, line.OrderLineId);
            var units = Status is ReturnStatus.Requested or ReturnStatus.InReview ? line.Quantity : line.ApprovedQuantity;
            owed += order.Lines[index].Quantity == 0 ? 0m : Math.Ceiling(totals[index] * units / order.Lines[index].Quantity * 100m) / 100m;
        }

        // A return of the whole order will also owe the outbound delivery back (CRD 13(2)): that money is not spare either.
        owed += DeliveryOwed(order, id => _lines.Where(l => l.OrderLineId == id).Sum(l => Status is ReturnStatus.Requested or ReturnStatus.InReview ? l.Quantity : l.ApprovedQuantity));

        // Goodwill is an extra amount: an Amazon Pay payment may take it beyond its capture, within Amazon's allowance.
        var left = order.Tenders.Sum(t => t.RefundableWithAllowance(CurrencyCode)) - owed;
        if (amount > left)
        {
            return Result.Fail("refund.goodwill.exceedsPayments", string.Create(CultureInfo.InvariantCulture, $"The order's payments have {Amount(Math.Max(0m, left))} {CurrencyCode} left once this return's items are refunded; a goodwill refund cannot go beyond (card networks refund at most what was captured)."), "amount");
        }

        var (shares, allocation) = TenderAllocation.Allocate(amount, order.Tenders, CurrencyCode);
        if (!allocation.IsSuccess)
        {
            return allocation;
        }

        foreach (var share in shares)
        {
            var tender = order.Tenders.First(t => t.Id == share.TenderId);
            var reserved = tender.Reserve(share.Amount, CurrencyCode);
            if (!reserved.IsSuccess)
            {
                return reserved;
            }

            var refund = new Refund(Guid.CreateVersion7(at), tender.Id, tender.Provider, tender.TransactionId, share.Amount, CurrencyCode, at, RefundPurpose.Goodwill);
            _refunds.Add(refund);
            Raise(new RefundRecorded(Id, Number, at, refund.Id, refund.Amount, CurrencyCode));
        }

        order.Touch(at);
        Record(at, actor, Status, Status, GoodwillEvent, string.Create(CultureInfo.InvariantCulture, $"Goodwill refund of {Amount(amount)} {CurrencyCode}: {reason.Trim()}"));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Withdraws the return before anything was shipped.</summary>
    public Result Cancel(Actor actor, string? reason, DateTimeOffset at)
    {
        var guard = Guard(ReturnStatus.Cancelled);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        Move(ReturnStatus.Cancelled, actor, at, nameof(ReturnCancelled), reason);
        EndLiveLabel(at);
        Raise(new ReturnCancelled(Id, Number, at));
        EndInstantHolds(at);
        NoteAdvanceLapsed(at);
        return Result.Ok();
    }

    /// <summary>Expires an approved return that was not shipped by <see cref="ShipBy"/>.</summary>
    public Result Expire(DateTimeOffset at)
    {
        var guard = Guard(ReturnStatus.Expired);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        if (ShipBy is not { } deadline || at <= deadline)
        {
            return Result.Fail("return.expire.notDue", "The shipping deadline has not passed.", "shipBy");
        }

        Move(ReturnStatus.Expired, Actor.System, at, nameof(ReturnExpired), string.Create(CultureInfo.InvariantCulture, $"Not shipped by {deadline:yyyy-MM-dd HH:mm} UTC."));
        EndLiveLabel(at);
        Raise(new ReturnExpired(Id, Number, at));
        EndInstantHolds(at);
        NoteAdvanceLapsed(at);
        return Result.Ok();
    }

    /// <summary>Records the label the parcel will travel with.</summary>
    public Result IssueLabel(Actor actor, string carrier, string trackingNumber, DateTimeOffset at)
    {
        var guard = Guard(ReturnStatus.AwaitingShipment);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        LabelCarrier = carrier;
        TrackingNumber = trackingNumber;
        Move(ReturnStatus.AwaitingShipment, actor, at, nameof(LabelIssued), $"{carrier} {trackingNumber}");
        Raise(new LabelIssued(Id, Number, at, carrier, trackingNumber));
        return Result.Ok();
    }

    /// <summary>Records units that arrived, per line; never more than approved.</summary>
    public Result Receive(Actor actor, IReadOnlyList<(Guid LineId, int Quantity)> received, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(received);
        var guard = Guard(ReturnStatus.Received);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        var errors = new List<DomainError>();
        for (var i = 0; i < received.Count; i++)
        {
            var (lineId, quantity) = received[i];
            var line = _lines.FirstOrDefault(l => l.Id == lineId);
            if (line is null)
            {
                errors.Add(new("return.line.unknown", $"Line {lineId} is not on return {Number}.", $"lines[{i}].lineId"));
            }
            else if (quantity < 1 || line.ReceivedQuantity + quantity + received.Where((r, j) => j < i && r.LineId == lineId).Sum(r => r.Quantity) > line.ApprovedQuantity)
            {
                errors.Add(new("receipt.exceedsApproved", $"{line.Sku}: {quantity} received but only {line.ApprovedQuantity - line.ReceivedQuantity} more were approved.", $"lines[{i}].quantity"));
            }
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        foreach (var (lineId, quantity) in received)
        {
            _lines.First(l => l.Id == lineId).Receive(quantity);
        }

        var units = received.Sum(r => r.Quantity);
        var complete = IsFullyReceived;
        Move(ReturnStatus.Received, actor, at, nameof(ItemsReceived), string.Create(CultureInfo.InvariantCulture, $"{units} unit(s) received{(complete ? "; all approved units are in" : "; more expected")}."));
        Raise(new ItemsReceived(Id, Number, at, units, complete));
        ReleaseInstantHolds(at);
        return Result.Ok();
    }

    /// <summary>
    /// Grades received units and decides where each goes. The case is inspected once every approved unit has arrived
    /// and every received unit is graded.
    /// </summary>
    public Result Inspect(Actor actor, IReadOnlyList<(Guid LineId, InspectedUnit Unit)> units, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(units);
        if (Status != ReturnStatus.Received)
        {
            return NotAllowed("inspect");
        }

        // Whether the law allows a deduction depends on the order (who bought, what they were told, what they paid).
        var errors = units.Select((u, i) => (u.Unit, i)).Where(x => x.Unit.Deduction != 0m)
            .Select(x => new DomainError("inspection.deduction.needsOrder", "A diminished-value deduction is checked against the order; inspect with the order.", $"lines[{x.i}].deduction"))
            .ToList();
        return Grade(actor, units, errors, at);
    }

    private Result Grade(Actor actor, IReadOnlyList<(Guid LineId, InspectedUnit Unit)> units, List<DomainError> errors, DateTimeOffset at)
    {
        var adding = new Dictionary<Guid, int>();
        for (var i = 0; i < units.Count; i++)
        {
            var line = _lines.FirstOrDefault(l => l.Id == units[i].LineId);
            if (line is null)
            {
                errors.Add(new("return.line.unknown", $"Line {units[i].LineId} is not on return {Number}.", $"lines[{i}].lineId"));
                continue;
            }

            adding[line.Id] = adding.GetValueOrDefault(line.Id) + 1;
            if (line.Units.Count + adding[line.Id] > line.ReceivedQuantity)
            {
                errors.Add(new("inspection.exceedsReceived", $"{line.Sku}: {line.ReceivedQuantity} received, {line.Units.Count} already inspected; cannot inspect more.", $"lines[{i}]"));
            }
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        foreach (var (lineId, unit) in units)
        {
            _lines.First(l => l.Id == lineId).Inspect(unit);
        }

        var done = IsFullyReceived && _lines.All(l => l.Units.Count == l.ReceivedQuantity);
        var summary = string.Join(", ", units.GroupBy(u => (u.Unit.Grade, u.Unit.Disposition, u.Unit.LocationCode)).Select(g => $"{g.Count()} {g.Key.Grade} → {g.Key.Disposition}{(g.Key.LocationCode is { } to ? " at " + to : string.Empty)}"))
            + (units.Count(u => u.Unit.Authenticity == Authenticity.Mismatch) is > 0 and var fakes ? $"; {fakes} not what was shipped" : string.Empty)
            + (units.Sum(u => u.Unit.Deduction) is > 0m and var deducted ? $"; diminished value {Amount(deducted)} {CurrencyCode}" : string.Empty);
        if (done)
        {
            Move(ReturnStatus.Inspected, actor, at, nameof(UnitsInspected), summary);
        }
        else
        {
            Record(at, actor, Status, Status, nameof(UnitsInspected), summary);
            Touch(at);
        }

        Raise(new UnitsInspected(Id, Number, at, units.Count));
        return Result.Ok();
    }

    /// <summary>
    /// Grades received units checked against the order they were shipped with: authenticity (SKU, and the serial
    /// number when the order carries them), the diminished-value deduction the law allows, and where restocked units go
    /// (see <see cref="Inspection"/>).
    /// </summary>
    public Result Inspect(Actor actor, Order order, IReadOnlyList<(Guid LineId, InspectedUnit Unit)> units, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Status != ReturnStatus.Received)
        {
            return NotAllowed("inspect");
        }

        var (checkedUnits, result) = Inspection.Check(this, order, units);
        return result.IsSuccess ? Grade(actor, checkedUnits, [], at) : result;
    }

    /// <summary>Settles every received line by refund to the original payments (see <see cref="Settle"/>).</summary>
    public Result RecordRefund(Order order, IReadOnlyDictionary<Guid, int> refundedBefore, RefundDeductions deductions, Actor actor, DateTimeOffset at) =>
        Settle(order, refundedBefore, SettlementTerms.Refund(deductions), actor, at);

    /// <summary>
    /// Decides the settlement of the received lines and records it in one step. Each line's amount comes from what was
    /// paid (<paramref name="refundedBefore"/>: units of each order line settled by earlier returns, so the cents of a
    /// line are handed out in a fixed order); deductions apply when the customer is at fault and are shared over the
    /// lines in proportion to their amounts. Then each line goes its way: a refund to the original payments (recorded
    /// here, executed by a worker), store credit with the policy's bonus, a gift card, or an item to send (exchange,
    /// replacement, repair) — a cheaper exchange refunds the difference, a dearer one leaves an amount due for the shop
    /// to collect. With no refund to wait for, the case resolves at once.
    /// </summary>
    public Result Settle(Order order, IReadOnlyDictionary<Guid, int> refundedBefore, SettlementTerms terms, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(refundedBefore);
        ArgumentNullException.ThrowIfNull(terms);
        if (Status != ReturnStatus.Inspected)
        {
            return NotAllowed("resolve");
        }

        if (_refunds.Any(r => r.Purpose == RefundPurpose.Items) || _settlements.Exists(s => !s.Instant))
        {
            return Result.Fail("refund.alreadyRecorded", $"Return {Number} already has its settlement recorded.", "status");
        }

        var orderLines = order.Lines;
        var totals = order.LineTotalsPaid();
        var items = new List<RefundItem>();
        var received = Lines.Where(l => l.ReceivedQuantity > 0).ToList();
        var gross = new decimal[received.Count];
        for (var i = 0; i < received.Count; i++)
        {
            var line = received[i];
            var index = IndexOf(orderLines, line.OrderLineId);
            var orderLine = orderLines[index];
            gross[i] = Money.Refunds.UnitsAmount(totals[index], orderLine.Quantity, refundedBefore.GetValueOrDefault(orderLine.Id), line.ReceivedQuantity, CurrencyCode);
            items.Add(new RefundItem(gross[i], line.Fault == ReasonFault.Customer, line.Units.Sum(u => u.Deduction)));
        }

        var quote = Money.Refunds.Quote(items, terms.Deductions, CurrencyCode);
        var net = quote.Items == 0m ? new decimal[received.Count] : Split.Proportionally(quote.Total, gross, Currency.MinorUnits(CurrencyCode));

        var refund = 0m;
        var credit = 0m;
        var gift = 0m;
        var toSend = new List<(ReturnLine Line, SettlementKind Kind, string Sku, decimal Net, decimal Due)>();
        var sentEarly = new List<(SettlementEntry Entry, decimal Due)>();
        var notes = new List<string>();
        var advanceExcess = 0m;
        for (var i = 0; i < received.Count; i++)
        {
            var line = received[i];
            var unavailable = terms.Unavailable?.Contains(line.Id) == true;
            if (line.AdvanceRefundedQuantity > 0)
            {
                // Refunded before inspection (the policy's refund timing): settled as a refund whatever else is chosen;
                // only what is still owed goes out now, and an advance beyond the settlement is left for staff.
                refund += Math.Max(0m, net[i] - line.AdvanceRefundedAmount);
                advanceExcess += Math.Max(0m, line.AdvanceRefundedAmount - net[i]);
                continue;
            }

            if (_settlements.Find(s => s.Instant && s.ReturnLineId == line.Id && s.Status is SettlementStatus.AwaitingFulfilment or SettlementStatus.Fulfilled or SettlementStatus.Delivered) is { } instant)
            {
                // Sent before the return arrived (instant exchange): settled as that exchange, whatever else is chosen.
                var gap = gross[i] + ((line.ExchangePriceDifference ?? 0m) * line.ReceivedQuantity) - net[i];
                sentEarly.Add((instant, Math.Max(0m, gap)));
                refund += Math.Max(0m, -gap);
                continue;
            }

            switch (terms.ResolutionForAll ?? line.RequestedResolution)
            {
                case Resolution.StoreCredit:
                    credit += net[i];
                    break;
                case Resolution.GiftCard:
                    gift += net[i];
                    break;
                case Resolution.Exchange when line.ExchangeSku is null || unavailable:
                    credit += net[i];
                    notes.Add($"{line.Sku}: {(line.ExchangeSku is null ? "no item was chosen" : $"{line.ExchangeSku} is out of stock")}, settled in store credit.");
                    break;
                case Resolution.Exchange:
                    // The new item costs what was paid for the old one plus the difference quoted; against what the old
                    // one is worth after deductions, the customer is owed the rest or owes the gap.
                    var dearer = gross[i] + ((line.ExchangePriceDifference ?? 0m) * line.ReceivedQuantity) - net[i];
                    toSend.Add((line, SettlementKind.Exchange, line.ExchangeSku, net[i], Math.Max(0m, dearer)));
                    refund += Math.Max(0m, -dearer);
                    break;
                case Resolution.Replacement when unavailable:
                    refund += net[i];
                    notes.Add($"{line.Sku} cannot be replaced (out of stock), refunded instead.");
                    break;
                case Resolution.Replacement:
                case Resolution.Repair:
                    toSend.Add((line, (terms.ResolutionForAll ?? line.RequestedResolution) == Resolution.Repair ? SettlementKind.Repair : SettlementKind.Replacement, line.Sku, net[i], gross[i] - net[i]));
                    break;
                default:
                    refund += net[i];
                    break;
            }
        }

        // The outbound delivery, once the consumer has sent back the whole order (CRD art. 13(1), up to the cheapest
        // standard delivery the trader offered, art. 13(2); likewise L221-24, art. 56 Codice del Consumo, CCR reg. 34).
        var outbound = OutboundDeliveryOwed(order, refundedBefore, received);
        if (outbound > 0m)
        {
            refund += outbound;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Outbound delivery {Amount(outbound)} {CurrencyCode} refunded: the whole order came back."));
        }

        IReadOnlyList<TenderShare> shares = [];
        if (refund > 0m)
        {
            var (allocated, allocation) = TenderAllocation.Allocate(refund, order.Tenders);
            if (!allocation.IsSuccess)
            {
                return allocation;
            }

            foreach (var share in allocated)
            {
                var reserved = order.Tenders.First(t => t.Id == share.TenderId).Reserve(share.Amount);
                if (!reserved.IsSuccess)
                {
                    return reserved;
                }
            }

            shares = allocated;
        }

        for (var i = 0; i < received.Count; i++)
        {
            received[i].MarkRefunded(received[i].ReceivedQuantity, net[i]);
        }

        RestockingFee = quote.RestockingFee;
        ReturnShippingFee = quote.ReturnShippingFee;
        order.Touch(at);
        foreach (var share in shares)
        {
            var tender = order.Tenders.First(t => t.Id == share.TenderId);
            var recorded = new Refund(Guid.CreateVersion7(at), tender.Id, tender.Provider, tender.TransactionId, share.Amount, CurrencyCode, at);
            _refunds.Add(recorded);
            Raise(new RefundRecorded(Id, Number, at, recorded.Id, recorded.Amount, CurrencyCode));
        }

        var to = GiftRecipientEmail ?? CustomerEmail;
        var chargeTo = terms.ChargeTenderId is { } tenderId ? order.Tenders.FirstOrDefault(t => t.Id == tenderId) : null;
        if (credit > 0m)
        {
            var bonus = Currency.Round(credit * Math.Clamp(terms.StoreCreditBonusPercent, 0m, 100m) / 100m, CurrencyCode);
            var entry = new SettlementEntry(Guid.CreateVersion7(at), SettlementKind.StoreCredit, credit, bonus, CurrencyCode, at);
            _settlements.Add(entry);
            Raise(new StoreCreditGranted(Id, Number, at, entry.Id, to, credit, bonus, CurrencyCode));
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Store credit {Amount(credit)}{(bonus > 0m ? $" + bonus {Amount(bonus)}" : string.Empty)} {CurrencyCode}."));
        }

        if (gift > 0m)
        {
            var entry = new SettlementEntry(Guid.CreateVersion7(at), SettlementKind.GiftCard, gift, 0m, CurrencyCode, at);
            _settlements.Add(entry);
            Raise(new GiftCardGranted(Id, Number, at, entry.Id, to, gift, CurrencyCode));
            notes.Add($"Gift card {Amount(gift)} {CurrencyCode}.");
        }

        foreach (var (line, kind, sku, value, due) in toSend)
        {
            var entry = new SettlementEntry(Guid.CreateVersion7(at), kind, value, 0m, CurrencyCode, at, line.Id, sku, line.ReceivedQuantity, due);
            _settlements.Add(entry);
            if (due > 0m && chargeTo is not null)
            {
                // The gap is charged to the customer's card first; the shop is told to send once it is paid.
                ChargeDifference(entry, chargeTo, due, at);
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{kind} {line.ReceivedQuantity} × {sku} to send once {Amount(due)} {CurrencyCode} is charged to the card."));
                continue;
            }

            RaiseExchange(entry, at);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{kind} {line.ReceivedQuantity} × {sku} to send{(due > 0m ? $", {Amount(due)} {CurrencyCode} due" : string.Empty)}."));
        }

        foreach (var (entry, due) in sentEarly.Where(x => x.Due > 0m))
        {
            if (chargeTo is not null)
            {
                ChargeDifference(entry, chargeTo, due, at);
            }
            else
            {
                entry.Paid(due);
            }

            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Instant exchange {entry.Quantity} × {entry.Sku}: {Amount(due)} {CurrencyCode} {(chargeTo is null ? "due" : "charged to the card")}."));
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"Refund of {Amount(refund)} {CurrencyCode} recorded (items {Amount(quote.Items)}, restocking fee {Amount(quote.RestockingFee)}, return shipping {Amount(quote.ReturnShippingFee)}{(quote.DiminishedValue > 0m ? $", diminished value {Amount(quote.DiminishedValue)}" : string.Empty)}).");
        Record(at, actor, Status, Status, nameof(RefundRecorded), notes.Count == 0 ? note : $"{note} {string.Join(" ", notes)}");
        NoteAdvanceExcess(advanceExcess, at);
        Touch(at);
        if (shares.Count == 0 && AdvanceRefundsSucceeded)
        {
            Resolve(at);
        }

        return Result.Ok();
    }

    /// <summary>
    /// What the trader owes back of the outbound delivery when this settlement completes the return of every unit of
    /// the order by a consumer whose law gives a right of withdrawal: what was paid for delivery, at most the cheapest
    /// standard delivery offered (when the shop sent it). Zero otherwise, and for business buyers.
    /// </summary>
    public static decimal OutboundDeliveryOwed(Order order, IReadOnlyDictionary<Guid, int> settledBefore, IReadOnlyList<ReturnLine> settlingNow)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(settledBefore);
        ArgumentNullException.ThrowIfNull(settlingNow);
        return DeliveryOwed(order, id => settledBefore.GetValueOrDefault(id) + settlingNow.Where(l => l.OrderLineId == id).Sum(l => l.ReceivedQuantity));
    }

    // The one rule for the outbound delivery: owed once every unit of every order line is back (unitsBack per order
    // line), to a consumer whose law gives a right of withdrawal, at most the cheapest standard rate when known.
    private static decimal DeliveryOwed(Order order, Func<Guid, int> unitsBack)
    {
        if (order.ShippingPaid <= 0m || order.Customer.Kind != CustomerKind.Consumer
            || LegalBaselines.InForce(LegalBaselines.JurisdictionOf(order.ShipTo.Country, order.ShipTo.Region), DateOnly.FromDateTime(order.PlacedAt.UtcDateTime))?.Withdrawal is null
            || order.Lines.Any(line => unitsBack(line.Id) < line.Quantity))
        {
            return 0m;
        }

        return order.CheapestStandardShipping > 0m ? Math.Min(order.ShippingPaid, order.CheapestStandardShipping) : order.ShippingPaid;
    }

    /// <summary>
    /// The shop reports the order that sends an exchange, replacement or repair (its own order id or the shipment's
    /// tracking number), with the carrier and tracking number once it ships, so the customer can follow it. Idempotent
    /// for the same reference; a different reference for a fulfilled entry is refused, though its tracking may be
    /// added later.
    /// </summary>
    public Result FulfilSettlement(Guid entryId, string reference, Actor actor, DateTimeOffset at, string? carrier = null, string? trackingNumber = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entry = _settlements.FirstOrDefault(s => s.Id == entryId);
        if (entry is null || entry.Kind is SettlementKind.StoreCredit or SettlementKind.GiftCard)
        {
            return Result.Fail("settlement.unknown", $"Return {Number} has no item to send with id {entryId}.", "entryId");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 200)
        {
            return Result.Fail("settlement.reference.required", "Give the replacement order's reference (at most 200 characters).", "reference");
        }

        if (entry.Status is SettlementStatus.AwaitingPayment or SettlementStatus.Withdrawn)
        {
            return Result.Fail("settlement.notPayable", entry.Status == SettlementStatus.Withdrawn
                ? "This instant exchange was withdrawn (the card refused the hold); the item is sent when the return arrives."
                : "This item waits for the customer's payment; send it once the return says it is to send.", "entryId");
        }

        reference = reference.Trim();
        carrier = string.IsNullOrWhiteSpace(carrier) ? null : carrier.Trim();
        trackingNumber = string.IsNullOrWhiteSpace(trackingNumber) ? null : trackingNumber.Trim();
        if (entry.Status is SettlementStatus.Fulfilled or SettlementStatus.Delivered)
        {
            if (entry.FulfilmentReference != reference)
            {
                return Result.Fail("settlement.alreadyFulfilled", $"This item was already sent with order {entry.FulfilmentReference}.", "reference");
            }

            if (trackingNumber is null || (entry.TrackingNumber == trackingNumber && entry.Carrier == (carrier ?? entry.Carrier)))
            {
                return Result.Ok();
            }
        }

        var first = entry.Status is not (SettlementStatus.Fulfilled or SettlementStatus.Delivered);
        entry.Fulfil(reference, carrier ?? entry.Carrier, trackingNumber ?? entry.TrackingNumber, first ? at : entry.FulfilledAt ?? at);
        var what = entry.Kind == SettlementKind.Repair ? $"Repaired {entry.Sku} sent back" : $"{entry.Kind} {entry.Quantity} × {entry.Sku} sent";
        var tracking = entry.TrackingNumber is null ? string.Empty : $", tracking {entry.TrackingNumber}{(entry.Carrier is null ? string.Empty : $" ({entry.Carrier})")}";
        Record(at, actor, Status, Status, nameof(ExchangeFulfilled), string.Create(CultureInfo.InvariantCulture, $"{what} with order {reference}{tracking}."));
        Raise(new ExchangeFulfilled(Id, Number, at, entry.Id, entry.Sku!, entry.Quantity, reference, entry.Kind.ToString(), entry.Carrier, entry.TrackingNumber));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// Takes back the store credit (with its bonus) a settlement entry issued — credit issued in error, or a return
    /// found not to qualify after it was settled — with a reason; the ledger's reversal goes in the same unit of work.
    /// Once only.
    /// </summary>
    public Result ReverseStoreCredit(Guid entryId, string reason, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Because(reason, "settlement.reversal.reason", "Say why the credit is taken back") is { } noReason)
        {
            return noReason;
        }

        var entry = _settlements.FirstOrDefault(s => s.Id == entryId);
        if (entry is not { Kind: SettlementKind.StoreCredit })
        {
            return Result.Fail("settlement.unknown", $"Return {Number} has no store credit with id {entryId}.", "entryId");
        }

        if (entry.Status != SettlementStatus.Issued)
        {
            return Result.Fail("settlement.alreadyReversed", $"This store credit is {entry.Status}; it can be taken back once.", "entryId");
        }

        entry.Reverse();
        var amount = entry.Amount + entry.Bonus;
        Record(at, actor, Status, Status, nameof(StoreCreditReversed), string.Create(CultureInfo.InvariantCulture, $"Store credit {Amount(amount)} {CurrencyCode} taken back: {reason.Trim()}"));
        Raise(new StoreCreditReversed(Id, Number, at, entry.Id, GiftRecipientEmail ?? CustomerEmail, amount, CurrencyCode, reason.Trim()));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>The item of a sent entry reached the customer (from the carrier's tracking or the shop). Idempotent.</summary>
    public Result ConfirmSettlementDelivered(Guid entryId, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entry = _settlements.FirstOrDefault(s => s.Id == entryId);
        if (entry is null || entry.Kind is SettlementKind.StoreCredit or SettlementKind.GiftCard)
        {
            return Result.Fail("settlement.unknown", $"Return {Number} has no item to send with id {entryId}.", "entryId");
        }

        if (entry.Status == SettlementStatus.Delivered)
        {
            return Result.Ok();
        }

        if (entry.Status != SettlementStatus.Fulfilled)
        {
            return Result.Fail("settlement.notSent", $"This item is {entry.Status}; report its shipment (fulfilment) first.", "entryId");
        }

        entry.Deliver(at);
        Record(at, actor, Status, Status, nameof(ExchangeDelivered), string.Create(CultureInfo.InvariantCulture, $"{(entry.Kind == SettlementKind.Repair ? "Repaired " : string.Empty)}{entry.Quantity} × {entry.Sku} delivered to the customer."));
        Raise(new ExchangeDelivered(Id, Number, at, entry.Id, entry.Kind.ToString(), entry.Sku!, entry.Quantity));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Counts a call to the provider for the refund.</summary>
    public void CountRefundAttempt(Guid refundId) => FindRefund(refundId)?.CountAttempt();

    /// <summary>The provider accepted the refund but confirms later (asynchronous or manual providers).</summary>
    public Result MarkRefundPending(Guid refundId, string? reference, DateTimeOffset at)
    {
        if (FindRefund(refundId) is not { } refund)
        {
            return Result.Fail("refund.unknown", $"Refund {refundId} is not on return {Number}.", "refundId");
        }

        if (refund.Status != RefundStatus.Recorded)
        {
            return Result.Ok();
        }

        refund.MarkPending(reference);
        Touch(at);
        return Result.Ok();
    }

    /// <summary>The money was sent; the case resolves when every refund has succeeded. Idempotent.</summary>
    public Result CompleteRefund(Guid refundId, string reference, Actor actor, DateTimeOffset at)
    {
        if (FindRefund(refundId) is not { } refund)
        {
            return Result.Fail("refund.unknown", $"Refund {refundId} is not on return {Number}.", "refundId");
        }

        if (refund.Status == RefundStatus.Succeeded)
        {
            return Result.Ok();
        }

        if (refund.Status == RefundStatus.Failed)
        {
            return Result.Fail("refund.failed", $"Refund {refundId} failed and cannot be confirmed.", "refundId");
        }

        refund.MarkSucceeded(reference, at);
        Record(at, actor, Status, Status, nameof(RefundSucceeded), string.Create(CultureInfo.InvariantCulture, $"{Amount(refund.Amount)} {refund.CurrencyCode} refunded to {refund.Provider} payment {refund.TransactionId} (ref {reference})."));
        Raise(new RefundSucceeded(Id, Number, at, refund.Id, refund.Amount, refund.CurrencyCode, at - refund.RecordedAt));
        Touch(at);
        // The return is settled when the items' refunds succeeded; a goodwill refund never holds it up or resolves it.
        // A refund made in advance (the policy's refund timing) counts once the settlement is recorded.
        var items = _refunds.Where(r => r.Purpose == RefundPurpose.Items || (r.Purpose == RefundPurpose.Advance && SettlementRecorded)).ToList();
        if (Status == ReturnStatus.Inspected && items.Count > 0 && items.All(r => r.Status == RefundStatus.Succeeded))
        {
            Resolve(at);
        }

        return Result.Ok();
    }

    /// <summary>The provider declined: the refund waits for a person, and its amount is released on the payment.</summary>
    public Result FailRefund(Guid refundId, string reason, Order order, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (FindRefund(refundId) is not { } refund)
        {
            return Result.Fail("refund.unknown", $"Refund {refundId} is not on return {Number}.", "refundId");
        }

        if (refund.IsFinal)
        {
            return Result.Ok();
        }

        refund.MarkFailed(reason, at);
        order.Tenders.FirstOrDefault(t => t.Id == refund.TenderId)?.Release(refund.Amount);
        order.Touch(at);
        Record(at, Actor.System, Status, Status, nameof(RefundFailed), reason);
        Raise(new RefundFailed(Id, Number, at, refund.Id, reason));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Closes a resolved case.</summary>
    public Result Close(Actor actor, DateTimeOffset at)
    {
        var guard = Guard(ReturnStatus.Closed);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        Move(ReturnStatus.Closed, actor, at, nameof(ReturnClosed), null);
        Raise(new ReturnClosed(Id, Number, at));
        return Result.Ok();
    }

    /// <summary>Forgets the events once they are in the outbox.</summary>
    public void ClearEvents() => _events.Clear();

    private void Resolve(DateTimeOffset at)
    {
        Move(ReturnStatus.Resolved, Actor.System, at, nameof(ReturnResolved), "The settlement succeeded.");
        Raise(new ReturnResolved(Id, Number, at));
    }

    private string Amount(decimal amount) => amount.ToString("F" + Currency.MinorUnits(CurrencyCode).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int IndexOf(IReadOnlyList<OrderLine> lines, Guid id)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Id == id)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Order line {id} is not on the order.");
    }

    // A person's reason for a change: required, at most 1,000 characters; null when given.
    private static Result? Because(string? reason, string code, string ask, string field = "reason") =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > 1000 ? Result.Fail(code, $"{ask} (at most 1,000 characters).", field) : null;

    // Fees bind once the items' refund is decided or the return has ended; null while they may still be lowered.
    private Result? FeesSettled() =>
        _refunds.Any(r => r.Purpose == RefundPurpose.Items) || _settlements.Exists(s => !s.Instant) || Status is ReturnStatus.Resolved or ReturnStatus.Closed or ReturnStatus.Rejected or ReturnStatus.Cancelled or ReturnStatus.Expired
            ? Result.Fail("return.fees.settled", $"Return {Number} is {Status}; fees can change only until the refund is decided.", "status")
            : null;

    private Refund? FindRefund(Guid refundId) => _refunds.FirstOrDefault(r => r.Id == refundId);

    private Result Guard(ReturnStatus to) =>
        Transitions[Status].Contains(to) ? Result.Ok() : NotAllowed(to.ToString());

    private Result NotAllowed(string action) =>
        Result.Fail("return.transition.notAllowed", $"Return {Number} is {Status}; it cannot move to {action} from there.", "status");

    private void Move(ReturnStatus to, Actor actor, DateTimeOffset at, string eventName, string? note)
    {
        var from = Status;
        Status = to;
        Record(at, actor, from, to, eventName, note);
        Touch(at);
    }

    private void Record(DateTimeOffset at, Actor actor, ReturnStatus? from, ReturnStatus to, string eventName, string? note) =>
        _timeline.Add(new TimelineEntry(Guid.CreateVersion7(at), Timeline.Count, at, actor, from, to, eventName, note));

    private void Touch(DateTimeOffset at)
    {
        ExpectedUnits = _lines.Sum(l => Math.Max(0, l.ApprovedQuantity - l.ReceivedQuantity));
        UpdatedAt = at;
        Version = Guid.CreateVersion7(at);
    }

    private void Raise(ReturnEvent e) => _events.Add(e);
}

/// <summary>What the customer did before: returns started and the share of bought units returned (null when unknown).</summary>
public sealed record CustomerHistory(int ReturnCount, decimal? ReturnRate)
{
    /// <summary>A customer with no earlier returns.</summary>
    public static CustomerHistory None { get; } = new(0, null);
}

/// <summary>Who returns a gift: the recipient, who gets the store credit and the emails, not the buyer.</summary>
public sealed record GiftRecipient(string Name, string Email);

using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>A unit graded at inspection and where it goes.</summary>
public sealed record InspectedUnit(ConditionGrade Grade, UnitFault Fault, Disposition Disposition, string? Notes, DateTimeOffset At)
{
    /// <summary>The SKU read on the unit (label or barcode), when the inspector scanned it.</summary>
    public string? SkuSeen { get; init; }

    /// <summary>The serial number read on the unit.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>Whether the unit is what was shipped to this customer; set by <see cref="Inspection"/>, not by callers.</summary>
    public Authenticity Authenticity { get; init; }

    /// <summary>Ids of the inspector's photos of the unit.</summary>
    public IReadOnlyList<string> Photos { get; init; } = [];

    /// <summary>The inspector found it handled beyond what is needed to establish its nature, characteristics and functioning (CRD 14(2)).</summary>
    public bool HandledBeyondNecessary { get; init; }

    /// <summary>The diminished-value deduction taken from this unit's refund, in the order's currency; zero for none.</summary>
    public decimal Deduction { get; init; }

    /// <summary>For a restocked unit, the site (<c>Shop:Locations</c> code) whose stock it joined.</summary>
    public string? LocationCode { get; init; }
}

/// <summary>An order line and quantity being returned, with its reason, decision and what happened to it.</summary>
public sealed class ReturnLine
{
    private ReturnLine()
    {
        Sku = Title = ReasonCode = string.Empty;
        DecisionReasons = [];
        Units = [];
        OfferedResolutions = [];
        Photos = [];
        Basis = PolicyVersion = string.Empty;
    }

    internal ReturnLine(Guid id, int position, RequestedLine request, string sku, string title, ReasonFault fault, LineDecision decision)
        : this()
    {
        Id = id;
        Position = position;
        OrderLineId = request.OrderLineId;
        Sku = sku;
        Title = title;
        Quantity = request.Quantity;
        ReasonCode = request.ReasonCode;
        Fault = fault;
        Comment = request.Comment;
        RequestedResolution = request.Resolution;
        Outcome = decision.Outcome;
        DecisionReasons = [.. decision.Reasons];
        ReturnBy = decision.ReturnBy;
        Basis = decision.Basis;
        OfferedResolutions = [.. decision.Resolutions];
        ReturnShippingFee = decision.ReturnShippingFee;
        RestockingPercent = decision.RestockingPercent;
        KeepItem = decision.KeepItem;
        PolicyVersion = decision.PolicyVersion;
        AutoApproved = decision.AutoApprove && decision.Outcome == DecisionOutcome.Eligible;
        Unsealed = request.Unsealed;
        Photos = [.. request.Photos ?? []];
        if (request.Resolution == Resolution.Exchange && request.Exchange is { } exchange)
        {
            ExchangeSku = exchange.Sku;
            ExchangePriceDifference = exchange.PriceDifference;
            InstantExchange = exchange.Instant;
        }
    }

    /// <summary>For an exchange, the customer asked for the new item to ship at once, against a hold on their card.</summary>
    public bool InstantExchange { get; private set; }

    /// <summary>For an exchange, the variant the customer chose.</summary>
    public string? ExchangeSku { get; private set; }

    /// <summary>For an exchange, what the customer pays (positive) or gets back (negative) per unit, as quoted when asked.</summary>
    public decimal? ExchangePriceDifference { get; private set; }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Where the line stands in the request, from 0.</summary>
    public int Position { get; private set; }

    /// <summary>The order line returned.</summary>
    public Guid OrderLineId { get; private set; }

    /// <summary>SKU, copied for display and search.</summary>
    public string Sku { get; private set; }

    /// <summary>Title, copied for display.</summary>
    public string Title { get; private set; }

    /// <summary>Units asked for.</summary>
    public int Quantity { get; private set; }

    /// <summary>The reason code.</summary>
    public string ReasonCode { get; private set; }

    /// <summary>Who is at fault for the reason.</summary>
    public ReasonFault Fault { get; private set; }

    /// <summary>The customer's words.</summary>
    public string? Comment { get; private set; }

    /// <summary>What the customer asked to get.</summary>
    public Resolution RequestedResolution { get; private set; }

    /// <summary>The policy's decision.</summary>
    public DecisionOutcome Outcome { get; private set; }

    /// <summary>The rules behind the decision.</summary>
    public IReadOnlyList<DecisionReason> DecisionReasons { get; private set; }

    /// <summary>The last moment the policy allowed the return to be started.</summary>
    public DateTimeOffset? ReturnBy { get; private set; }

    /// <summary>The rule that won the decision: a merchant rule id or a legal article.</summary>
    public string Basis { get; private set; }

    /// <summary>The resolutions the customer may choose from.</summary>
    public IReadOnlyList<Resolution> OfferedResolutions { get; private set; }

    /// <summary>Return-shipping fee the policy charges for this line (zero unless the customer is at fault).</summary>
    public decimal ReturnShippingFee { get; private set; }

    /// <summary>Restocking fee in percent of the line's amount (zero unless the customer is at fault).</summary>
    public decimal RestockingPercent { get; private set; }

    /// <summary>Refunded without being sent back.</summary>
    public bool KeepItem { get; private set; }

    /// <summary>The policy version whose decision was kept (the one in force at purchase, or a more generous newer one).</summary>
    public string PolicyVersion { get; private set; }

    /// <summary>The policy approves this line without a person (not stored; read when the case is opened).</summary>
    internal bool AutoApproved { get; private set; }

    /// <summary>The customer said the item's seal was opened.</summary>
    public bool Unsealed { get; private set; }

    /// <summary>Ids of photos sent as evidence.</summary>
    public IReadOnlyList<string> Photos { get; private set; }

    /// <summary>Units approved; zero for a line not approved.</summary>
    public int ApprovedQuantity { get; private set; }

    /// <summary>Units that arrived.</summary>
    public int ReceivedQuantity { get; private set; }

    /// <summary>Units graded, one entry each.</summary>
    public IReadOnlyList<InspectedUnit> Units { get; private set; }

    /// <summary>Units refunded.</summary>
    public int RefundedQuantity { get; private set; }

    /// <summary>The items' amount refunded for this line, before deductions.</summary>
    public decimal RefundedAmount { get; private set; }

    /// <summary>Units refunded in advance, before inspection (the policy's refund timing).</summary>
    public int AdvanceRefundedQuantity { get; private set; }

    /// <summary>What was refunded in advance for this line, after the deductions known then.</summary>
    public decimal AdvanceRefundedAmount { get; private set; }

    /// <summary>Units this line holds against the order line's quantity.</summary>
    public int ClaimedQuantity(ReturnStatus caseStatus) => Claimed(caseStatus, Quantity, ApprovedQuantity);

    /// <summary>
    /// Units a return line keeps from being returned again: all asked while undecided, the approved ones once decided,
    /// none once the return is rejected, cancelled or expired.
    /// </summary>
    public static int Claimed(ReturnStatus caseStatus, int quantity, int approvedQuantity) => caseStatus switch
    {
        ReturnStatus.Requested or ReturnStatus.InReview => quantity,
        ReturnStatus.Cancelled or ReturnStatus.Rejected or ReturnStatus.Expired => 0,
        _ => approvedQuantity,
    };

    internal void Override(string justification, string actor)
    {
        Outcome = DecisionOutcome.Eligible;
        Basis = "override";
        DecisionReasons = [.. DecisionReasons, new DecisionReason("override", $"Policy overridden by {actor}: {justification}")];
        if (OfferedResolutions.Count == 0)
        {
            OfferedResolutions = [RequestedResolution];
        }
    }

    internal void SetQuantity(int quantity, bool decided)
    {
        if (decided)
        {
            ApprovedQuantity = quantity;
        }
        else
        {
            Quantity = quantity;
        }
    }

    internal void LowerFees(decimal restockingPercent, decimal returnShippingFee)
    {
        RestockingPercent = restockingPercent;
        ReturnShippingFee = returnShippingFee;
    }

    internal void Approve() => ApprovedQuantity = Outcome == DecisionOutcome.NotEligible ? 0 : Quantity;

    internal void Receive(int quantity) => ReceivedQuantity += quantity;

    /// <summary>Goods that came back without an approval are accepted as they are, whatever the policy said (see <see cref="ReturnCase.RegisterArrival"/>).</summary>
    internal void AcceptOnArrival() => ApprovedQuantity = Quantity;

    internal void Inspect(InspectedUnit unit) => Units = [.. Units, unit];

    internal void MarkAdvanced(int quantity, decimal amount)
    {
        AdvanceRefundedQuantity += quantity;
        AdvanceRefundedAmount += amount;
    }

    internal void MarkRefunded(int quantity, decimal amount)
    {
        RefundedQuantity += quantity;
        RefundedAmount += amount;
    }
}

/// <summary>One line of a return request: which order line, how many, why and what the customer wants.</summary>
/// <param name="OrderLineId">The order line.</param>
/// <param name="Quantity">Units to return.</param>
/// <param name="ReasonCode">The policy's reason code.</param>
/// <param name="Comment">The customer's words.</param>
/// <param name="Resolution">What the customer wants.</param>
/// <param name="Unsealed">The customer says the item's seal was opened.</param>
/// <param name="Photos">Ids of photos sent as evidence.</param>
/// <param name="Exchange">For an exchange, the variant wanted and the price difference quoted.</param>
public sealed record RequestedLine(
    Guid OrderLineId,
    int Quantity,
    string ReasonCode,
    string? Comment,
    Resolution Resolution,
    bool Unsealed = false,
    IReadOnlyList<string>? Photos = null,
    RequestedExchange? Exchange = null);

/// <summary>
/// The variant a customer wants instead, and the per-unit difference quoted: positive to pay, negative to get back;
/// <paramref name="Instant"/> ships it before the return arrives, against a hold on the customer's card.
/// </summary>
public sealed record RequestedExchange(string Sku, decimal PriceDifference, bool Instant = false);

using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>A unit graded at inspection and where it goes.</summary>
public sealed record InspectedUnit(ConditionGrade Grade, UnitFault Fault, Disposition Disposition, string? Notes, DateTimeOffset At);

/// <summary>An order line and quantity being returned, with its reason, decision and what happened to it.</summary>
public sealed class ReturnLine
{
    private ReturnLine()
    {
        Sku = Title = ReasonCode = string.Empty;
        DecisionReasons = [];
        Units = [];
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
    }

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

    /// <summary>Units this line holds against the order line's quantity.</summary>
    public int ClaimedQuantity(ReturnStatus caseStatus) => caseStatus switch
    {
        ReturnStatus.Requested or ReturnStatus.InReview => Quantity,
        ReturnStatus.Cancelled or ReturnStatus.Rejected or ReturnStatus.Expired => 0,
        _ => ApprovedQuantity,
    };

    internal void Approve() => ApprovedQuantity = Outcome == DecisionOutcome.NotEligible ? 0 : Quantity;

    internal void Receive(int quantity) => ReceivedQuantity += quantity;

    internal void Inspect(InspectedUnit unit) => Units = [.. Units, unit];

    internal void MarkRefunded(int quantity, decimal amount)
    {
        RefundedQuantity += quantity;
        RefundedAmount += amount;
    }
}

/// <summary>One line of a return request: which order line, how many, why and what the customer wants.</summary>
public sealed record RequestedLine(Guid OrderLineId, int Quantity, string ReasonCode, string? Comment, Resolution Resolution);

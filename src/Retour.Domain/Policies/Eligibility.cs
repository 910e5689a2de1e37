using System.Globalization;
using Retour.Domain.Orders;
using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>A decision's outcome for one return line.</summary>
public enum DecisionOutcome
{
    /// <summary>The line may be returned.</summary>
    Eligible,

    /// <summary>The line may not be returned; the reasons say why.</summary>
    NotEligible,

    /// <summary>A person decides.</summary>
    NeedsReview,
}

/// <summary>Who is at fault for a return reason; fees apply only when the customer is.</summary>
public enum ReasonFault
{
    /// <summary>The customer changed their mind or chose wrongly.</summary>
    Customer,

    /// <summary>The merchant sent something defective or wrong.</summary>
    Merchant,

    /// <summary>The carrier damaged or lost it.</summary>
    Carrier,
}

/// <summary>One rule that contributed to a decision: the merchant rule id or the legal article, and the sentence shown to people.</summary>
public sealed record DecisionReason(string Rule, string Text);

/// <summary>The decision on one return line, with the rules that produced it and the last day to start the return.</summary>
public sealed record LineDecision(DecisionOutcome Outcome, IReadOnlyList<DecisionReason> Reasons, DateTimeOffset? ReturnBy)
{
    /// <summary>The rule that won: a merchant rule id or a legal article (e.g. <c>CRD 9(1)</c>).</summary>
    public string Basis { get; init; } = string.Empty;

    /// <summary>The resolutions the customer may choose from.</summary>
    public IReadOnlyList<Resolution> Resolutions { get; init; } = [];

    /// <summary>Return-shipping fee for this line's parcel, in the order's currency.</summary>
    public decimal ReturnShippingFee { get; init; }

    /// <summary>Restocking fee in percent of the line's amount.</summary>
    public decimal RestockingPercent { get; init; }

    /// <summary>Conditions the item must be in.</summary>
    public IReadOnlyList<ItemCondition> Conditions { get; init; } = [];

    /// <summary>Refund without sending the item back.</summary>
    public bool KeepItem { get; init; }

    /// <summary>The last moment to send the parcel if the return is started now.</summary>
    public DateTimeOffset? ShipBy { get; init; }

    /// <summary>When the refund is issued.</summary>
    public RefundTiming RefundTiming { get; init; } = RefundTiming.AfterInspection;

    /// <summary>Whether the policy lets this line be approved without a person.</summary>
    public bool AutoApprove { get; init; }

    /// <summary>The policy version that decided.</summary>
    public string PolicyVersion { get; init; } = string.Empty;
}

/// <summary>The facts of one return line that a policy reads.</summary>
public readonly record struct LineFacts
{
    /// <summary>SKU.</summary>
    public string Sku { get; init; }

    /// <summary>Category, if the shop sent one.</summary>
    public string? Category { get; init; }

    /// <summary>Tags (final-sale, perishable, personalised, hygiene-sealed …).</summary>
    public IReadOnlyList<string> Tags { get; init; }

    /// <summary>Sales channel of the order.</summary>
    public string? Channel { get; init; }

    /// <summary>The customer's group (e.g. vip), if any.</summary>
    public string? CustomerGroup { get; init; }

    /// <summary>Consumer or business buyer.</summary>
    public CustomerKind CustomerKind { get; init; }

    /// <summary>ISO country of the shipping address.</summary>
    public string Country { get; init; }

    /// <summary>Region (state) of the shipping address, if any.</summary>
    public string? Region { get; init; }

    /// <summary>When the order was placed.</summary>
    public DateTimeOffset PlacedAt { get; init; }

    /// <summary>When the last unit of this line was delivered; null until all of it has arrived.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When the last item of the whole order was delivered (start of the legal withdrawal period); null until then.</summary>
    public DateTimeOffset? OrderDeliveredAt { get; init; }

    /// <summary>Whether the customer was told of the right of withdrawal.</summary>
    public bool WithdrawalInfoGiven { get; init; }

    /// <summary>What one unit cost the customer, tax included, after discounts.</summary>
    public decimal UnitValue { get; init; }

    /// <summary>Units returned.</summary>
    public int Quantity { get; init; }

    /// <summary>What the whole order cost.</summary>
    public decimal OrderValue { get; init; }

    /// <summary>The reason code chosen.</summary>
    public string ReasonCode { get; init; }

    /// <summary>A photo came with the request.</summary>
    public bool HasPhoto { get; init; }

    /// <summary>A comment came with the request.</summary>
    public bool HasComment { get; init; }

    /// <summary>The customer says the item's seal was opened.</summary>
    public bool Unsealed { get; init; }

    /// <summary>What the customer asked for.</summary>
    public Resolution RequestedResolution { get; init; }

    /// <summary>How the parcel comes back.</summary>
    public ReturnMethod Method { get; init; }

    /// <summary>What a return label would cost the merchant, if known (for the keep-the-item rule).</summary>
    public decimal? ReturnShippingCost { get; init; }

    /// <summary>The customer's earlier returns.</summary>
    public int CustomerReturnCount { get; init; }

    /// <summary>Share (0–1) of the units the customer bought that they returned, if known.</summary>
    public decimal? CustomerReturnRate { get; init; }

    /// <summary>Whether the return is matched to an order.</summary>
    public bool ProofOfPurchase { get; init; }
}

/// <summary>
/// The seam every return decision goes through: a compiled version of the merchant's policy on top of the legal
/// baselines (<see cref="CompiledPolicy"/>).
/// </summary>
public interface IEligibilityPolicy
{
    /// <summary>The version of the rules, recorded on every return they decided.</summary>
    string Version { get; }

    /// <summary>The merchant's time zone: windows and deadlines are whole days there.</summary>
    TimeZoneInfo TimeZone { get; }

    /// <summary>Who is at fault for a reason code, or null when the policy does not know the code.</summary>
    ReasonFault? FaultOf(string reasonCode);

    /// <summary>Decides one line at the instant <paramref name="now"/>.</summary>
    LineDecision Decide(in LineFacts facts, DateTimeOffset now);

    /// <summary>The end of the day the parcel must be sent by, for a return approved at <paramref name="at"/>.</summary>
    DateTimeOffset ShipBy(DateTimeOffset at);
}


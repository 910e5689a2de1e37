using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>
/// A merchant's return policy written as data. The engine compiles one version of it (<see cref="CompiledPolicy"/>)
/// and decides every return line by it, on top of the legal baseline of the buyer's jurisdiction: the merchant may be
/// more generous than the law, never less, and whichever is more favourable to the consumer wins.
/// </summary>
/// <param name="TimeZone">IANA time zone; windows and deadlines are whole calendar days there.</param>
/// <param name="Markets">Jurisdictions the merchant sells to (see <see cref="LegalBaselines"/>); validation checks the policy against each.</param>
/// <param name="Windows">Return windows; the most specific rule that matches a line applies, and exactly one rule has an empty scope.</param>
/// <param name="SeasonalExtensions">Later deadlines for orders placed in a period of the year.</param>
/// <param name="Reasons">The reasons a customer may choose.</param>
/// <param name="Conditions">Item conditions required per category for a change-of-mind return.</param>
/// <param name="Exclusions">Tags whose items the merchant does not take back.</param>
/// <param name="Resolutions">What the merchant offers in exchange for a return.</param>
/// <param name="Fees">Return shipping and restocking fees.</param>
/// <param name="Automation">Auto-approval, manual-review triggers and the keep-the-item rule.</param>
/// <param name="RefundTiming">When the refund is issued.</param>
/// <param name="ShipWithinDays">Calendar days after approval to send the parcel.</param>
/// <param name="PolicyPosted">Whether the policy is posted where buyers see it before paying (California Civil Code §1723).</param>
public sealed record ReturnPolicy(
    string TimeZone,
    IReadOnlyList<string> Markets,
    IReadOnlyList<WindowRule> Windows,
    IReadOnlyList<SeasonalExtension> SeasonalExtensions,
    IReadOnlyList<ReasonRule> Reasons,
    IReadOnlyList<ConditionRule> Conditions,
    IReadOnlyList<ExclusionRule> Exclusions,
    ResolutionRules Resolutions,
    FeeRules Fees,
    AutomationRules Automation,
    RefundTiming RefundTiming = RefundTiming.AfterInspection,
    int ShipWithinDays = 14,
    bool PolicyPosted = true,
    IReadOnlyList<ReturnMethod>? Methods = null)
{
    /// <summary>How parcels may come back; a prepaid label when the policy names none.</summary>
    public IReadOnlyList<ReturnMethod> MethodsOffered() => Methods is { Count: > 0 } methods ? [.. methods.Distinct()] : [ReturnMethod.Label];
}

/// <summary>Which lines a rule applies to; an empty scope applies to every line. Every field set must match.</summary>
public sealed record RuleScope(string? Category = null, string? Tag = null, string? Sku = null, string? Channel = null, string? CustomerGroup = null)
{
    /// <summary>Every line.</summary>
    public static RuleScope All { get; } = new();

    /// <summary>How specific the scope is: a SKU beats a tag, a tag a category, a category a customer group, a group a channel.</summary>
    public int Specificity =>
        (Sku is null ? 0 : 16) + (Tag is null ? 0 : 8) + (Category is null ? 0 : 4) + (CustomerGroup is null ? 0 : 2) + (Channel is null ? 0 : 1);
}

/// <summary>Where a return window starts counting.</summary>
public enum WindowStart
{
    /// <summary>From the day the last parcel of the line was delivered.</summary>
    Delivery,

    /// <summary>From the day the order was placed.</summary>
    Purchase,
}

/// <summary>A return window: calendar days from delivery or purchase, for the lines in its scope.</summary>
public sealed record WindowRule(string Id, RuleScope Scope, int Days, WindowStart From = WindowStart.Delivery);

/// <summary>
/// A seasonal extension: orders placed between two days of the year (month-day, "MM-DD", inclusive) may be returned
/// until a later day (the first such day on or after the period's end), when that is later than their window.
/// </summary>
public sealed record SeasonalExtension(string Id, string PlacedFrom, string PlacedTo, string ReturnableUntil);

/// <summary>What a reason claims, which decides the legal right it can rest on.</summary>
public enum ClaimKind
{
    /// <summary>No fault of the goods: change of mind, wrong size.</summary>
    ChangeOfMind,

    /// <summary>The item is faulty.</summary>
    Defect,

    /// <summary>The item is significantly not as described or is not what was ordered.</summary>
    NotAsDescribed,

    /// <summary>The carrier damaged it.</summary>
    TransitDamage,
}

/// <summary>A reason a customer may choose.</summary>
/// <param name="Code">Stable code, as sent by shops and stored on return lines.</param>
/// <param name="Labels">Label per locale (en, fr, it).</param>
/// <param name="Fault">Who is at fault; fees apply only when the customer is.</param>
/// <param name="Claim">What the reason claims.</param>
/// <param name="PhotoRequired">A photo is required.</param>
/// <param name="CommentRequired">A comment is required.</param>
/// <param name="Resolutions">Resolutions this reason allows; empty means every resolution the policy offers.</param>
public sealed record ReasonRule(
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    ReasonFault Fault,
    ClaimKind Claim,
    bool PhotoRequired = false,
    bool CommentRequired = false,
    IReadOnlyList<Resolution>? Resolutions = null);

/// <summary>The state an item must be in to be taken back for a change of mind.</summary>
public enum ItemCondition
{
    /// <summary>Not used or worn beyond trying it.</summary>
    Unused,

    /// <summary>In its original packaging.</summary>
    OriginalPackaging,

    /// <summary>With its tags attached.</summary>
    TagsAttached,

    /// <summary>Still sealed.</summary>
    Sealed,
}

/// <summary>Conditions required for a change-of-mind return of items in a category (null category: every item).</summary>
public sealed record ConditionRule(string Id, string? Category, IReadOnlyList<ItemCondition> Required);

/// <summary>Items with this tag are not taken back under the merchant's policy (the law may still give a right).</summary>
public sealed record ExclusionRule(string Id, string Tag);

/// <summary>What the merchant offers for a return.</summary>
/// <param name="Offered">Resolutions offered in general.</param>
/// <param name="StoreCreditBonusPercent">Extra value, in percent, when the customer takes store credit.</param>
/// <param name="KeepItemPartialRefundPercent">Share of the price refunded when the customer keeps an item with a minor fault, if offered.</param>
/// <param name="InstantExchangeDays">
/// When set, an exchange can ship at once, before the return arrives: the replacement's value is held on the
/// customer's card and taken if the return is not on its way within this many days (1–30; card authorisations
/// lapse after about 7 days with most providers, Stripe's included, so keep it at 7 or less for cards).
/// </param>
public sealed record ResolutionRules(IReadOnlyList<Resolution> Offered, decimal StoreCreditBonusPercent = 0m, decimal KeepItemPartialRefundPercent = 0m, int? InstantExchangeDays = null);

/// <summary>How a parcel comes back.</summary>
public enum ReturnMethod
{
    /// <summary>A prepaid label.</summary>
    Label,

    /// <summary>A drop-off point with a QR code.</summary>
    DropOff,

    /// <summary>Brought to a store.</summary>
    InStore,

    /// <summary>Collected at the customer's address.</summary>
    Pickup,
}

/// <summary>A return-shipping fee charged when the customer is at fault, for a reason and/or a method (null: any).</summary>
public sealed record ShippingFeeRule(string Id, string? ReasonCode, ReturnMethod? Method, decimal Amount);

/// <summary>A restocking fee in percent of the items' amount, for a category (null: every item), when the customer is at fault.</summary>
public sealed record RestockingRule(string Id, string? Category, decimal Percent);

/// <summary>Fees deducted from a refund.</summary>
public sealed record FeeRules(IReadOnlyList<ShippingFeeRule> ReturnShipping, IReadOnlyList<RestockingRule> Restocking, bool WaivedForExchanges = true);

/// <summary>Refund without a return: under a value, or when shipping it back costs more than the item is worth.</summary>
public sealed record KeepItemRule(string Id, decimal? UnderValue, bool WhenShippingExceedsValue);

/// <summary>What is decided without a person, and what sends a return to a person.</summary>
/// <param name="AutoApprove">Eligible returns are approved at once.</param>
/// <param name="ReviewOrderValueAbove">Orders worth more than this are reviewed.</param>
/// <param name="ReviewReturnCountAbove">Customers with more earlier returns than this are reviewed.</param>
/// <param name="ReviewReturnRateAbove">Customers who returned more than this share (0–1) of the units they bought are reviewed.</param>
/// <param name="ReviewWithoutProofOfPurchase">Returns not matched to an order (gift receipts, store purchases) are reviewed.</param>
/// <param name="KeepItem">The keep-the-item rule, if any.</param>
public sealed record AutomationRules(
    bool AutoApprove = false,
    decimal? ReviewOrderValueAbove = null,
    int? ReviewReturnCountAbove = null,
    decimal? ReviewReturnRateAbove = null,
    bool ReviewWithoutProofOfPurchase = true,
    KeepItemRule? KeepItem = null);

/// <summary>When the refund is issued.</summary>
public enum RefundTiming
{
    /// <summary>As soon as the return is approved.</summary>
    OnApproval,

    /// <summary>At the carrier's first scan of the parcel.</summary>
    OnFirstScan,

    /// <summary>When the parcel arrives.</summary>
    OnReceipt,

    /// <summary>After the items are inspected.</summary>
    AfterInspection,
}

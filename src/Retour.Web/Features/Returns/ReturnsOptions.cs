using System.ComponentModel.DataAnnotations;
using Retour.Domain.Money;
using Retour.Domain.Policies;

namespace Retour.Web.Features.Returns;

/// <summary>
/// The foundation's return policy, from configuration section <c>Returns</c>: the window, non-returnable tags,
/// reasons and their fault, deadlines and deductions. The policy engine replaces this with versioned rules.
/// </summary>
public sealed class ReturnsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Returns";

    /// <summary>Calendar days from delivery in which a return may be started.</summary>
    [Range(0, 3650)]
    public int WindowDays { get; set; } = 30;

    /// <summary>Tags whose items are never returnable.</summary>
    public IList<string> NonReturnableTags { get; } = [];

    /// <summary>Reason codes the customer may choose, with who is at fault.</summary>
    public IDictionary<string, ReasonFault> Reasons { get; } = new Dictionary<string, ReasonFault>(StringComparer.Ordinal);

    /// <summary>The merchant's IANA time zone; windows and deadlines are whole days there.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Calendar days after approval to ship the parcel before the return expires.</summary>
    [Range(1, 365)]
    public int ShipWithinDays { get; set; } = 14;

    /// <summary>
    /// Days from the request by which the money must be back (CRD art. 13(1): 14 days from the notice of withdrawal;
    /// the trader may wait until the goods arrive or the consumer shows proof of sending).
    /// </summary>
    public const int RefundWithinDays = 14;

    /// <summary>Days a resolved return stays open before it is closed.</summary>
    [Range(0, 365)]
    public int CloseAfterDays { get; set; } = 14;

    /// <summary>Restocking fee in percent of the items' amount, when the customer is at fault.</summary>
    [Range(0, 100)]
    public decimal RestockingFeePercent { get; set; }

    /// <summary>Flat return-shipping fee, when the customer is at fault.</summary>
    [Range(0, 10_000)]
    public decimal ReturnShippingFee { get; set; }

    internal RefundDeductions Deductions => new(RestockingFeePercent, ReturnShippingFee);

    internal static readonly string[] DefaultNonReturnableTags = ["final-sale", "perishable", "personalised", "hygiene-sealed", "gift-card", "digital"];

    internal static readonly Dictionary<string, ReasonFault> DefaultReasons = new(StringComparer.Ordinal)
    {
        ["changed-mind"] = ReasonFault.Customer,
        ["too-small"] = ReasonFault.Customer,
        ["too-large"] = ReasonFault.Customer,
        ["not-as-pictured"] = ReasonFault.Customer,
        ["arrived-late"] = ReasonFault.Carrier,
        ["damaged-in-transit"] = ReasonFault.Carrier,
        ["defective"] = ReasonFault.Merchant,
        ["wrong-item"] = ReasonFault.Merchant,
        ["not-as-described"] = ReasonFault.Merchant,
        ["other"] = ReasonFault.Customer,
    };

    /// <summary>
    /// The policy these options describe: the standard policy with this window, these exclusions, reasons and fees.
    /// It judges returns until the merchant publishes a policy of its own.
    /// </summary>
    public ReturnPolicy ToPolicyDocument()
    {
        var standard = DefaultPolicies.Standard(TimeZone);
        var tags = NonReturnableTags.Count > 0 ? NonReturnableTags : DefaultNonReturnableTags;
        var reasons = Reasons.Count == 0
            ? standard.Reasons
            : [.. Reasons.Select(r => standard.Reasons.FirstOrDefault(s => s.Code == r.Key) is { } known
                ? known with { Fault = r.Value }
                : new ReasonRule(r.Key, new Dictionary<string, string> { ["en"] = r.Key, ["fr"] = r.Key, ["it"] = r.Key }, r.Value, r.Value == ReasonFault.Customer ? ClaimKind.ChangeOfMind : ClaimKind.Defect))];
        return standard with
        {
            Windows = [new WindowRule("window.default", RuleScope.All, WindowDays)],
            Exclusions = [.. tags.Select(t => new ExclusionRule($"exclusion.{t.ToLowerInvariant()}", t))],
            Reasons = reasons,
            Fees = new FeeRules(
                ReturnShippingFee > 0 ? [new ShippingFeeRule("fee.returnShipping", null, null, ReturnShippingFee)] : [],
                RestockingFeePercent > 0 ? [new RestockingRule("fee.restocking", null, RestockingFeePercent)] : []),
            ShipWithinDays = ShipWithinDays,
            Markets = WindowDays >= 14 ? standard.Markets : ["US", "AU"],
        };
    }

    /// <summary>Compiles <see cref="ToPolicyDocument"/>.</summary>
    public CompiledPolicy ToPolicy() => CompiledPolicy.Compile(ToPolicyDocument(), $"window-{WindowDays}d");
}

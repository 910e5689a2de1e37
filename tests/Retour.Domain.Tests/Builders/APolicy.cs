using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Domain.Tests.Builders;

/// <summary>
/// Builds a merchant's <see cref="ReturnPolicy"/> for a test, starting from the standard policy (Paris time, 30 days
/// from delivery, the usual exclusions, no fees, a person approves) and compiles it.
/// </summary>
public sealed class APolicy
{
    /// <summary>A reason the customer is at fault for.</summary>
    public const string ChangedMind = "changed-mind";

    /// <summary>A reason the merchant is at fault for (a defect).</summary>
    public const string Defective = "defective";

    /// <summary>A reason the merchant is at fault for (significantly not as described).</summary>
    public const string NotAsDescribed = "not-as-described";

    /// <summary>A reason the carrier is at fault for.</summary>
    public const string DamagedInTransit = "damaged-in-transit";

    private ReturnPolicy _policy = DefaultPolicies.Standard("Europe/Paris");

    /// <summary>The merchant's time zone.</summary>
    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The standard policy.</summary>
    public static APolicy Standard() => new();

    /// <summary>The standard policy with a default window of <paramref name="days"/> days from delivery, compiled.</summary>
    public static CompiledPolicy WithWindow(int days = 30) => new APolicy().Window(days).Compile();

    /// <summary>The default window.</summary>
    public APolicy Window(int days, WindowStart from = WindowStart.Delivery)
    {
        _policy = _policy with
        {
            Windows = [.. _policy.Windows.Where(w => w.Scope.Specificity > 0), new WindowRule("window.default", RuleScope.All, days, from)],
            Markets = days >= 14 ? _policy.Markets : ["US", "AU"],
        };
        return this;
    }

    /// <summary>A window for some lines.</summary>
    public APolicy WindowFor(string id, RuleScope scope, int days)
    {
        _policy = _policy with { Windows = [.. _policy.Windows, new WindowRule(id, scope, days)] };
        return this;
    }

    /// <summary>A seasonal extension (days as MM-DD).</summary>
    public APolicy Season(string id, string placedFrom, string placedTo, string until)
    {
        _policy = _policy with { SeasonalExtensions = [.. _policy.SeasonalExtensions, new SeasonalExtension(id, placedFrom, placedTo, until)] };
        return this;
    }

    /// <summary>Only these tags are excluded.</summary>
    public APolicy Excluding(params string[] tags)
    {
        _policy = _policy with { Exclusions = [.. tags.Select(t => new ExclusionRule($"exclusion.{t}", t))] };
        return this;
    }

    /// <summary>Changes one reason.</summary>
    public APolicy Reason(string code, Func<ReasonRule, ReasonRule> change)
    {
        _policy = _policy with { Reasons = [.. _policy.Reasons.Select(r => r.Code == code ? change(r) : r)] };
        return this;
    }

    /// <summary>Conditions for a category (null: every item).</summary>
    public APolicy Conditions(string? category, params ItemCondition[] required)
    {
        _policy = _policy with { Conditions = [.. _policy.Conditions.Where(c => c.Category != category), new ConditionRule($"condition.{category ?? "default"}", category, required)] };
        return this;
    }

    /// <summary>A return-shipping fee.</summary>
    public APolicy ShippingFee(decimal amount, string? reason = null, ReturnMethod? method = null)
    {
        _policy = _policy with { Fees = _policy.Fees with { ReturnShipping = [.. _policy.Fees.ReturnShipping, new ShippingFeeRule($"fee.shipping.{_policy.Fees.ReturnShipping.Count}", reason, method, amount)] } };
        return this;
    }

    /// <summary>A restocking fee (null category: every item).</summary>
    public APolicy Restocking(decimal percent, string? category = null)
    {
        _policy = _policy with { Fees = _policy.Fees with { Restocking = [.. _policy.Fees.Restocking, new RestockingRule($"fee.restocking.{category ?? "default"}", category, percent)] } };
        return this;
    }

    /// <summary>Fees also apply to exchanges.</summary>
    public APolicy FeesOnExchanges()
    {
        _policy = _policy with { Fees = _policy.Fees with { WaivedForExchanges = false } };
        return this;
    }

    /// <summary>Automation rules.</summary>
    public APolicy Automation(AutomationRules automation)
    {
        _policy = _policy with { Automation = automation };
        return this;
    }

    /// <summary>Resolutions offered.</summary>
    public APolicy Offering(params Resolution[] resolutions)
    {
        _policy = _policy with { Resolutions = _policy.Resolutions with { Offered = resolutions } };
        return this;
    }

    /// <summary>The policy is not posted (California Civil Code §1723).</summary>
    public APolicy NotPosted()
    {
        _policy = _policy with { PolicyPosted = false };
        return this;
    }

    /// <summary>Any other change.</summary>
    public APolicy With(Func<ReturnPolicy, ReturnPolicy> change)
    {
        _policy = change(_policy);
        return this;
    }

    /// <summary>The document.</summary>
    public ReturnPolicy Build() => _policy;

    /// <summary>Compiles it.</summary>
    public CompiledPolicy Compile(string version = "test-1") => CompiledPolicy.Compile(_policy, version);
}

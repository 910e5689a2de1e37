using Retour.Domain.Policies;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Policies;

public sealed class PolicyValidationTests
{
    private static PolicyCheck Check(Func<APolicy, APolicy> change) => PolicyValidation.Validate(change(APolicy.Standard()).Build());

    [Fact]
    public void Validate_TheStandardPolicy_IsValid()
    {
        var check = PolicyValidation.Validate(DefaultPolicies.Standard());

        Assert.True(check.IsValid, string.Join(" ", check.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void Validate_NegativeFee_IsRejectedNamingTheField()
    {
        var error = Assert.Single(Check(p => p.ShippingFee(-1m)).Errors);

        Assert.Equal("policy.fee.negative", error.Code);
        Assert.Equal("fees.returnShipping[0].amount", error.Target);
    }

    [Fact]
    public void Validate_UnknownReasonCodeInAFee_IsRejected()
    {
        var error = Assert.Single(Check(p => p.ShippingFee(3m, reason: "bored")).Errors);

        Assert.Equal("policy.reason.unknown", error.Code);
        Assert.Equal("fees.returnShipping[0].reasonCode", error.Target);
    }

    [Fact]
    public void Validate_ContradictoryWindows_AreRejected()
    {
        var errors = Check(p => p.WindowFor("window.shoes", new RuleScope(Category: "shoes"), 30).WindowFor("window.shoes2", new RuleScope(Category: "shoes"), 60)).Errors;

        Assert.Contains(errors, e => e.Code == "policy.window.contradictory" && e.Target == "windows[2]");
    }

    [Fact]
    public void Validate_AWindowShorterThanTheLegalWithdrawalPeriod_UndercutsTheLaw()
    {
        var errors = Check(p => p.With(x => x with { Windows = [new WindowRule("window.default", RuleScope.All, 7)], Markets = ["FR"] })).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("policy.window.undercutsLaw", error.Code);
        Assert.Contains("C. consom. L221-18", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AShippingFeeForADefect_UndercutsTheLaw()
    {
        Assert.Contains(Check(p => p.ShippingFee(4m, reason: APolicy.Defective)).Errors, e => e.Code == "policy.fee.undercutsLaw");
    }

    [Fact]
    public void Validate_AnExclusionTheLawOverrides_IsAWarningNotAnError()
    {
        var check = Check(p => p.Excluding("final-sale"));

        Assert.True(check.IsValid);
        Assert.Contains(check.Warnings, w => w.Code == "policy.exclusion.overriddenByLaw" && w.Target == "exclusions[0].tag");
    }

    [Fact]
    public void Validate_ReportsEveryOtherMistake()
    {
        var check = Check(p => p.With(x => x with
        {
            TimeZone = "Mars/Olympus",
            Markets = ["XX"],
            Windows = [],
            Reasons = [.. x.Reasons, x.Reasons[0] with { Labels = new Dictionary<string, string> { ["en"] = "Again" } }],
            ShipWithinDays = 0,
            SeasonalExtensions = [new SeasonalExtension("season", "13-01", "12-24", "01-31")],
        }).Restocking(150m));

        Assert.Equal(
            ["policy.timeZone.unknown", "policy.market.unknown", "policy.window.default", "policy.season.date", "policy.reason.code", "policy.reason.label", "policy.reason.label", "policy.fee.percent", "policy.shipWithinDays"],
            check.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Compile_AnInvalidPolicy_Throws()
    {
        Assert.Throws<ArgumentException>(() => CompiledPolicy.Compile(APolicy.Standard().ShippingFee(-1m).Build(), "bad"));
    }
}

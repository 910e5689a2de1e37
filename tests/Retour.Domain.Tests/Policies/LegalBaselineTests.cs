using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;
using static Retour.Domain.Tests.Policies.Dates;

namespace Retour.Domain.Tests.Policies;

/// <summary>
/// Each row of the legal rules, with dated examples. The merchant's policy is the standard one (30 days, final-sale,
/// personalised and hygiene-sealed items excluded) unless a test says otherwise, so a test shows where the law gives
/// more than the merchant.
/// </summary>
public sealed class LegalBaselineTests
{
    private static readonly CompiledPolicy Standard = APolicy.WithWindow(30);

    [Theory]
    [InlineData("FR", null, "FR")]
    [InlineData("BE", null, "EU")]
    [InlineData("gb", null, "UK")]
    [InlineData("US", "CA", "US-CA")]
    [InlineData("US", "NY", "US")]
    [InlineData("AU", null, "AU")]
    [InlineData("CH", null, null)]
    public void JurisdictionOf_MapsTheShippingAddress(string country, string? region, string? expected) =>
        Assert.Equal(expected, LegalBaselines.JurisdictionOf(country, region));

    [Fact]
    public void WithdrawalPeriod_FinalSaleItemInFrance_IsReturnableFor14DaysDespiteTheExclusion()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2, 10)).Tagged("final-sale").Build();

        var lastDay = Standard.Decide(line, Paris(2026, 3, 16, 23, 59));
        var dayAfter = Standard.Decide(line, Paris(2026, 3, 17, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, lastDay.Outcome);
        Assert.Equal("C. consom. L221-18", lastDay.Basis);
        Assert.Contains(Resolution.Refund, lastDay.Resolutions);
        Assert.Equal(DecisionOutcome.NotEligible, dayAfter.Outcome);
        Assert.Contains(dayAfter.Reasons, r => r.Rule == "exclusion.final-sale");
        Assert.Contains(dayAfter.Reasons, r => r.Rule == "C. consom. L221-18" && r.Text.Contains("2026-03-16", StringComparison.Ordinal));
    }

    [Fact]
    public void WithdrawalPeriod_WithinBothTheLawAndTheShopWindow_TheLawWinsBecauseItChargesNoRestocking()
    {
        var policy = APolicy.Standard().Restocking(10m).Compile();
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).In("IT").Build();

        var early = policy.Decide(line, Paris(2026, 3, 10));
        var late = policy.Decide(line, Paris(2026, 3, 25));

        Assert.Equal("Cod. cons. art. 52", early.Basis);
        Assert.Equal(0m, early.RestockingPercent);
        Assert.Contains(early.Reasons, r => r.Rule == "window.default");
        Assert.Equal("window.default", late.Basis);
        Assert.Equal(10m, late.RestockingPercent);
    }

    [Fact]
    public void WithdrawalPeriod_BusinessBuyer_GetsOnlyTheShopPolicy()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("final-sale").ForBusiness().Build(), Paris(2026, 3, 5));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Rule == "buyer.business");
    }

    [Fact]
    public void WithdrawalStart_SplitDelivery_CountsFromTheLastItemOfTheOrder()
    {
        // This line came on 2 March; the rest of the order on 10 March. The shop excludes it (final sale).
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("final-sale").In("DE").OrderCompletedAt(Paris(2026, 3, 10)).Build();

        var decision = Standard.Decide(line, Paris(2026, 3, 24, 23, 59));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal("BGB §355", decision.Basis);
        Assert.Contains("2026-03-10", decision.Reasons[0].Text, StringComparison.Ordinal);
        Assert.Equal(DecisionOutcome.NotEligible, Standard.Decide(line, Paris(2026, 3, 25, 0, 0)).Outcome);
    }

    [Fact]
    public void WithdrawalExtension_WhenTheConsumerWasNotInformed_Lasts12MonthsMore()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("final-sale").WithoutWithdrawalInfo().Build();

        var elevenMonthsLater = Standard.Decide(line, Paris(2027, 2, 1));
        var lastDay = Standard.Decide(line, Paris(2027, 3, 16, 23, 59));
        var dayAfter = Standard.Decide(line, Paris(2027, 3, 17, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, elevenMonthsLater.Outcome);
        Assert.Equal("C. consom. L221-20", elevenMonthsLater.Basis);
        Assert.Equal(DecisionOutcome.Eligible, lastDay.Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, dayAfter.Outcome);
    }

    [Fact]
    public void ReturnCost_IsChargedUnderWithdrawalOnlyWhenTheConsumerWasTold()
    {
        var policy = APolicy.Standard().ShippingFee(5m).Compile();
        var told = ALine.DeliveredAt(Paris(2026, 3, 2)).In("ES");

        Assert.Equal(5m, policy.Decide(told.Build(), Paris(2026, 3, 5)).ReturnShippingFee);
        Assert.Equal(0m, policy.Decide(told.WithoutWithdrawalInfo().Build(), Paris(2026, 3, 5)).ReturnShippingFee);
        Assert.Equal("TRLGDCU art. 105", policy.Decide(told.WithoutWithdrawalInfo().Build(), Paris(2026, 3, 5)).Basis);
    }

    [Fact]
    public void Exceptions_PersonalisedItem_ChangeOfMindIsRefusedCitingTheArticle()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("personalised").Build(), Paris(2026, 3, 5));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Rule == "C. consom. L221-28 3°");
        Assert.Contains(decision.Reasons, r => r.Rule == "exclusion.personalised");
    }

    [Fact]
    public void Exceptions_PersonalisedItem_DefectiveIsCoveredByTheLegalGuarantee()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("personalised").Because(APolicy.Defective).Build(), Paris(2026, 9, 1));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal("C. consom. L217-3", decision.Basis);
        Assert.Equal([Resolution.Repair, Resolution.Replacement], decision.Resolutions.Take(2));
        Assert.Equal(0m, decision.ReturnShippingFee);
        Assert.Contains("presumed", decision.Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_HygieneSealedItem_IsReturnableSealedAndNotOnceOpened()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("hygiene-sealed").In("IT");

        var opened = Standard.Decide(line.Unsealed().Build(), Paris(2026, 3, 5));
        var sealedItem = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("hygiene-sealed").In("IT").Build(), Paris(2026, 3, 5));

        Assert.Equal(DecisionOutcome.NotEligible, opened.Outcome);
        Assert.Contains(opened.Reasons, r => r.Rule == "Cod. cons. art. 59(e)");
        Assert.Equal(DecisionOutcome.Eligible, sealedItem.Outcome);
        Assert.Equal("Cod. cons. art. 52", sealedItem.Basis);
    }

    [Fact]
    public void Exceptions_TheMattressCase_AnOpenedMattressCanStillBeWithdrawn()
    {
        var mattress = ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("hygiene-sealed").InCategory("mattresses").In("DE").Unsealed().Build();

        var decision = Standard.Decide(mattress, Paris(2026, 3, 10));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal("BGB §355", decision.Basis);
        Assert.Contains(decision.Reasons, r => r.Rule == "CJEU C-681/17");
    }

    [Fact]
    public void Guarantee_DefectWithinTwoYears_IsEligible_AndNotAfter()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).In("BE").Because(APolicy.Defective).Build();

        var within = Standard.Decide(line, Paris(2028, 3, 2, 23, 59));
        var after = Standard.Decide(line, Paris(2028, 3, 3, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, within.Outcome);
        Assert.Equal("Directive 2019/771 art. 10", within.Basis);
        Assert.DoesNotContain("presumed", within.Reasons[0].Text, StringComparison.Ordinal);
        Assert.Equal(DecisionOutcome.NotEligible, after.Outcome);
    }

    [Fact]
    public void Guarantee_IsDatedData_SpainMovedToThreeYearsIn2022()
    {
        Assert.Equal(24, LegalBaselines.InForce("ES", new DateOnly(2021, 12, 31))!.Guarantee!.Months);
        Assert.Equal(36, LegalBaselines.InForce("ES", new DateOnly(2022, 1, 1))!.Guarantee!.Months);
        var line = ALine.DeliveredAt(Paris(2023, 3, 2)).PlacedAt(Paris(2023, 2, 27)).In("ES").Because(APolicy.Defective).Build();
        Assert.Equal(DecisionOutcome.Eligible, Standard.Decide(line, Paris(2025, 10, 1)).Outcome);
    }

    [Fact]
    public void Guarantee_RepairExtendsLiabilityFromJuly2026()
    {
        Assert.Equal(0, LegalBaselines.InForce("EU", new DateOnly(2026, 7, 30))!.Guarantee!.RepairExtendsMonths);
        Assert.Equal(12, LegalBaselines.InForce("EU", new DateOnly(2026, 7, 31))!.Guarantee!.RepairExtendsMonths);
    }

    [Fact]
    public void GuaranteeAndWithdrawal_DoNotApplyToBusinessBuyers()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Because(APolicy.Defective).ForBusiness().Build(), Paris(2026, 9, 1));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
    }

    [Fact]
    public void UnitedKingdom_FaultyWithin30Days_MayBeRejectedForAFullRefund()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).In("GB").Because(APolicy.Defective).Build();
        var policy = APolicy.WithWindow(14);

        var early = policy.Decide(line, Paris(2026, 3, 25));
        var later = policy.Decide(line, Paris(2026, 4, 10));

        Assert.Equal("CRA 2015 s.22", early.Basis);
        Assert.Equal(Resolution.Refund, early.Resolutions[0]);
        Assert.Equal("CRA 2015 s.23", later.Basis);
        Assert.Equal([Resolution.Repair, Resolution.Replacement], later.Resolutions.Take(2));
    }

    [Fact]
    public void UnitedKingdom_ChangeOfMind_Has14DaysFromDelivery()
    {
        var line = ALine.DeliveredAt(Paris(2026, 3, 2)).In("UK").Tagged("final-sale").Build();

        Assert.Equal("CCR 2013 reg. 29", Standard.Decide(line, Paris(2026, 3, 16)).Basis);
        Assert.Equal(DecisionOutcome.NotEligible, Standard.Decide(line, Paris(2026, 3, 17, 0, 1)).Outcome);
    }

    [Fact]
    public void Australia_NoChangeOfMindRight_ButAMajorFailureGivesTheConsumerTheChoice()
    {
        var policy = APolicy.WithWindow(30);
        var delivered = ALine.DeliveredAt(Paris(2026, 1, 2)).In("AU");

        var changedMind = policy.Decide(delivered.Build(), Paris(2026, 3, 1));
        var major = policy.Decide(ALine.DeliveredAt(Paris(2026, 1, 2)).In("AU").Because(APolicy.NotAsDescribed).Build(), Paris(2026, 3, 1));
        var minor = policy.Decide(ALine.DeliveredAt(Paris(2026, 1, 2)).In("AU").Because(APolicy.Defective).Build(), Paris(2026, 3, 1));

        Assert.Equal(DecisionOutcome.NotEligible, changedMind.Outcome);
        Assert.Equal(DecisionOutcome.Eligible, major.Outcome);
        Assert.Equal("ACL s.260", major.Basis);
        Assert.Equal([Resolution.Refund, Resolution.Replacement], major.Resolutions.Take(2));
        Assert.Equal(DecisionOutcome.NeedsReview, minor.Outcome);
        Assert.Equal("ACL s.259", minor.Basis);
    }

    [Fact]
    public void UnitedStates_TheShopPolicyGoverns()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).In("US", "NY").Tagged("final-sale").Build(), Paris(2026, 3, 3));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
    }

    [Fact]
    public void California_UnpostedPolicyWithoutRefunds_Gives30DaysFromPurchase()
    {
        var policy = APolicy.Standard().Excluding("clearance").NotPosted().Compile();
        var line = ALine.DeliveredAt(Paris(2026, 3, 5)).PlacedAt(Paris(2026, 3, 1)).In("US", "CA").Tagged("clearance");

        var within = policy.Decide(line.Build(), Paris(2026, 3, 31, 23, 59));
        var after = policy.Decide(line.Build(), Paris(2026, 4, 1, 0, 0));
        var posted = APolicy.Standard().Excluding("clearance").Compile().Decide(line.Build(), Paris(2026, 3, 20));
        var perishable = policy.Decide(line.Tagged("clearance", "perishable").Build(), Paris(2026, 3, 20));

        Assert.Equal(DecisionOutcome.Eligible, within.Outcome);
        Assert.Equal("Cal. Civ. Code §1723", within.Basis);
        Assert.Equal(DecisionOutcome.NotEligible, after.Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, posted.Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, perishable.Outcome);
    }

    [Fact]
    public void NoBaseline_OutsideTheKnownJurisdictions_TheShopPolicyGoverns()
    {
        var decision = Standard.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).In("CH").Tagged("final-sale").Build(), Paris(2026, 3, 3));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
    }

    [Fact]
    public void Withdrawal_BeforeDelivery_IsAllowedAndAPersonArrangesIt()
    {
        var decision = Standard.Decide(ALine.NotDelivered(Paris(2026, 3, 1)).Tagged("final-sale").Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.NeedsReview, decision.Outcome);
        Assert.Equal("C. consom. L221-18", decision.Basis);
    }

    [Fact]
    public void Withdrawal_GivesAtLeast14DaysToShipAfterWithdrawing()
    {
        var policy = APolicy.Standard().With(p => p with { ShipWithinDays = 5 }).Compile();

        var decision = policy.Decide(ALine.DeliveredAt(Paris(2026, 3, 2)).Tagged("final-sale").Build(), Paris(2026, 3, 3, 9));

        Assert.Equal(MerchantCalendar.EndOfDay(new DateOnly(2026, 3, 17), APolicy.Paris), decision.ShipBy);
    }

    [Fact]
    public void Baselines_CoverEveryRequiredJurisdiction()
    {
        Assert.Equal(["EU", "FR", "IT", "DE", "ES", "UK", "US", "US-CA", "AU"], LegalBaselines.Jurisdictions);
        Assert.All(LegalBaselines.All.Where(b => b.Withdrawal is not null), b => Assert.Equal(14, b.Withdrawal!.Days));
    }
}

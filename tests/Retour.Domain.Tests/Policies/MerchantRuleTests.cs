using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;
using static Retour.Domain.Tests.Policies.Dates;

namespace Retour.Domain.Tests.Policies;

/// <summary>
/// The merchant's own rules, each kind on its own. Lines are shipped to the US unless a test says otherwise, so no
/// statutory right competes with the merchant's policy.
/// </summary>
public sealed class MerchantRuleTests
{
    private static ALine Us(DateTimeOffset delivered) => ALine.DeliveredAt(delivered).In("US");

    [Fact]
    public void Decide_WhenLastLocalMinuteOfTheWindow_IsEligibleCitingTheWindow()
    {
        var decision = APolicy.WithWindow(30).Decide(Us(Paris(2026, 3, 1, 10)).Build(), Paris(2026, 3, 31, 23, 59));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal("window.default", decision.Basis);
        Assert.Equal(Paris(2026, 4, 1, 0, 0).AddTicks(-1), decision.ReturnBy);
        Assert.Equal("Within the shop's 30-day return window: delivered on 2026-03-01, returnable until the end of 2026-03-31.", decision.Reasons[0].Text);
    }

    [Fact]
    public void Decide_WhenLocalMidnightAfterTheLastDay_IsNotEligibleAndSaysWhen()
    {
        var decision = APolicy.WithWindow(30).Decide(Us(Paris(2026, 3, 1, 10)).Build(), Paris(2026, 4, 1, 0, 0));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("window.default", reason.Rule);
        Assert.Equal("The shop's 30-day return window ended on 2026-03-31 (delivered on 2026-03-01).", reason.Text);
        Assert.Empty(decision.Resolutions);
        Assert.Null(decision.ShipBy);
    }

    [Fact]
    public void Decide_WhenDeliveredJustAfterLocalMidnight_CountsFromTheLocalDate()
    {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Paris.
        var delivered = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);

        var decision = APolicy.WithWindow(30).Decide(Us(delivered).Build(), Paris(2026, 4, 1, 12));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Contains("delivered on 2026-03-02", decision.Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenLastDayIsTheSpringDstChange_EndsAtLocalMidnight()
    {
        // Paris moves from UTC+1 to UTC+2 on 29 March 2026, a 23-hour day.
        var policy = APolicy.WithWindow(10);
        var line = Us(Paris(2026, 3, 19, 15)).Build();

        Assert.Equal(DecisionOutcome.Eligible, policy.Decide(line, Paris(2026, 3, 29, 23, 59)).Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero).AddTicks(-1), policy.Decide(line, Paris(2026, 3, 29, 23, 59)).ReturnBy);
        Assert.Equal(DecisionOutcome.NotEligible, policy.Decide(line, Paris(2026, 3, 30, 0, 0)).Outcome);
    }

    [Fact]
    public void Decide_WhenWindowCountsFromPurchase_StartsOnTheOrderDay()
    {
        var policy = APolicy.Standard().Window(30, WindowStart.Purchase).Compile();
        var line = Us(Paris(2026, 3, 10)).PlacedAt(Paris(2026, 3, 1)).Build();

        Assert.Equal(DecisionOutcome.Eligible, policy.Decide(line, Paris(2026, 3, 31, 23, 59)).Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, policy.Decide(line, Paris(2026, 4, 1, 0, 0)).Outcome);
        Assert.Contains("ordered on 2026-03-01", policy.Decide(line, Paris(2026, 3, 20)).Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenNotDeliveredYet_GoesToReview()
    {
        var decision = APolicy.WithWindow(30).Decide(ALine.NotDelivered(Paris(2026, 3, 1)).In("US").Build(), Paris(2026, 3, 5));

        Assert.Equal(DecisionOutcome.NeedsReview, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Rule == "window.notDelivered");
    }

    [Theory]
    [InlineData("TEE-1", "apparel", "", "web", null, "window.sku", 90)]
    [InlineData("TEE-2", "apparel", "sale", "web", null, "window.tag", 7)]
    [InlineData("TEE-2", "shoes", "", "web", null, "window.category", 60)]
    [InlineData("TEE-2", "apparel", "", "web", "vip", "window.vip", 45)]
    [InlineData("TEE-2", "apparel", "", "store", null, "window.store", 20)]
    [InlineData("TEE-2", "apparel", "", "web", null, "window.default", 30)]
    public void Decide_PicksTheMostSpecificWindow(string sku, string category, string tag, string channel, string? group, string expectedRule, int expectedDays)
    {
        var policy = APolicy.Standard().Window(30)
            .WindowFor("window.sku", new RuleScope(Sku: "TEE-1"), 90)
            .WindowFor("window.tag", new RuleScope(Tag: "sale"), 7)
            .WindowFor("window.category", new RuleScope(Category: "shoes"), 60)
            .WindowFor("window.vip", new RuleScope(CustomerGroup: "vip"), 45)
            .WindowFor("window.store", new RuleScope(Channel: "store"), 20)
            .Compile();
        var delivered = Paris(2026, 3, 1);
        var line = Us(delivered).With(f => f with { Sku = sku, Category = category, Tags = tag.Length > 0 ? [tag] : [], Channel = channel, CustomerGroup = group }).Build();

        var decision = policy.Decide(line, delivered.AddDays(1));

        Assert.Equal(expectedRule, decision.Basis);
        Assert.Equal(MerchantCalendar.DaysAfter(delivered, expectedDays, APolicy.Paris), decision.ReturnBy);
    }

    [Fact]
    public void Decide_WhenOrderedInTheHolidaySeason_IsReturnableUntilTheEndOfJanuary()
    {
        var policy = APolicy.Standard().Window(30).Season("season.holidays", "11-15", "12-24", "01-31").Compile();
        var inSeason = Us(Paris(2026, 12, 1)).PlacedAt(Paris(2026, 11, 20)).Build();
        var outOfSeason = Us(Paris(2026, 12, 1)).PlacedAt(Paris(2026, 11, 10)).Build();

        var lastDay = policy.Decide(inSeason, Paris(2027, 1, 31, 23, 59));
        var after = policy.Decide(inSeason, Paris(2027, 2, 1, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, lastDay.Outcome);
        Assert.Equal("season.holidays", lastDay.Basis);
        Assert.Equal(DecisionOutcome.NotEligible, after.Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, policy.Decide(outOfSeason, Paris(2027, 1, 15)).Outcome);
    }

    [Fact]
    public void Decide_WhenTheWindowIsLongerThanTheSeason_KeepsTheWindow()
    {
        var policy = APolicy.Standard().Window(90).Season("season.holidays", "11-15", "12-24", "01-31").Compile();

        var decision = policy.Decide(Us(Paris(2026, 12, 1)).PlacedAt(Paris(2026, 11, 20)).Build(), Paris(2027, 2, 10));

        Assert.Equal("window.default", decision.Basis);
    }

    [Fact]
    public void Decide_WhenTagIsExcluded_IsNotEligibleCitingTheExclusion()
    {
        var decision = APolicy.Standard().Excluding("final-sale").Compile().Decide(Us(Paris(2026, 3, 1)).Tagged("Final-Sale").Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("exclusion.final-sale", reason.Rule);
    }

    [Fact]
    public void Decide_WhenReasonUnknown_IsNotEligible()
    {
        var policy = APolicy.WithWindow();

        var decision = policy.Decide(Us(Paris(2026, 3, 1)).Because("bored").Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        Assert.Equal("reason.unknown", decision.Basis);
        Assert.Null(policy.FaultOf("bored"));
        Assert.Equal(ReasonFault.Merchant, policy.FaultOf(APolicy.Defective));
        Assert.Equal(ReasonFault.Carrier, policy.FaultOf(APolicy.DamagedInTransit));
    }

    [Fact]
    public void Decide_WhenPhotoOrCommentRequiredButMissing_GoesToReview()
    {
        var policy = APolicy.Standard().Reason(APolicy.Defective, r => r with { PhotoRequired = true, CommentRequired = true }).Compile();
        var line = Us(Paris(2026, 3, 1)).Because(APolicy.Defective);

        var without = policy.Decide(line.Build(), Paris(2026, 3, 2));
        var with = policy.Decide(line.With(f => f with { HasPhoto = true, HasComment = true }).Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.NeedsReview, without.Outcome);
        Assert.Contains(without.Reasons, r => r.Rule == "reason.defective.photo");
        Assert.Contains(without.Reasons, r => r.Rule == "reason.defective.comment");
        Assert.Equal(DecisionOutcome.Eligible, with.Outcome);
    }

    [Fact]
    public void Decide_OffersOnlyTheResolutionsTheReasonAllows()
    {
        var policy = APolicy.Standard().Offering(Resolution.Refund, Resolution.StoreCredit, Resolution.Exchange)
            .Reason("too-small", r => r with { Resolutions = [Resolution.Exchange, Resolution.StoreCredit] }).Compile();

        var decision = policy.Decide(Us(Paris(2026, 3, 1)).Because("too-small").Build(), Paris(2026, 3, 2));

        Assert.Equal([Resolution.StoreCredit, Resolution.Exchange], decision.Resolutions);
    }

    [Fact]
    public void Decide_ForAChangeOfMind_RequiresTheCategoryConditions_AndNoneForADefect()
    {
        var policy = APolicy.Standard().Conditions("shoes", ItemCondition.Unused, ItemCondition.OriginalPackaging).Compile();
        var shoes = Us(Paris(2026, 3, 1)).InCategory("shoes");

        Assert.Equal([ItemCondition.Unused, ItemCondition.OriginalPackaging], policy.Decide(shoes.Build(), Paris(2026, 3, 2)).Conditions);
        Assert.Empty(policy.Decide(shoes.Because(APolicy.Defective).Build(), Paris(2026, 3, 2)).Conditions);
    }

    [Fact]
    public void Decide_ChargesShippingByReasonAndMethod_OnlyWhenTheCustomerIsAtFault()
    {
        var policy = APolicy.Standard().ShippingFee(4.90m).ShippingFee(2.50m, method: ReturnMethod.DropOff).ShippingFee(0m, reason: "too-small").Compile();
        var line = Us(Paris(2026, 3, 1));

        Assert.Equal(4.90m, policy.Decide(line.Build(), Paris(2026, 3, 2)).ReturnShippingFee);
        Assert.Equal(2.50m, policy.Decide(line.With(f => f with { Method = ReturnMethod.DropOff }).Build(), Paris(2026, 3, 2)).ReturnShippingFee);
        Assert.Equal(0m, policy.Decide(line.With(f => f with { Method = ReturnMethod.Label }).Because("too-small").Build(), Paris(2026, 3, 2)).ReturnShippingFee);
        Assert.Equal(0m, policy.Decide(line.Because(APolicy.Defective).Build(), Paris(2026, 3, 2)).ReturnShippingFee);
        Assert.Equal(0m, policy.Decide(line.Because(APolicy.DamagedInTransit).Build(), Paris(2026, 3, 2)).ReturnShippingFee);
    }

    [Fact]
    public void Decide_ChargesRestockingByCategory_AndWaivesFeesForExchanges()
    {
        var policy = APolicy.Standard().Restocking(10m).Restocking(15m, "electronics").ShippingFee(4.90m).Compile();
        var line = Us(Paris(2026, 3, 1));

        Assert.Equal(10m, policy.Decide(line.Build(), Paris(2026, 3, 2)).RestockingPercent);
        Assert.Equal(15m, policy.Decide(line.InCategory("electronics").Build(), Paris(2026, 3, 2)).RestockingPercent);
        var exchange = policy.Decide(line.With(f => f with { RequestedResolution = Resolution.Exchange }).Build(), Paris(2026, 3, 2));
        Assert.Equal(0m, exchange.RestockingPercent);
        Assert.Equal(0m, exchange.ReturnShippingFee);

        var notWaived = APolicy.Standard().Restocking(10m).FeesOnExchanges().Compile()
            .Decide(Us(Paris(2026, 3, 1)).With(f => f with { RequestedResolution = Resolution.Exchange }).Build(), Paris(2026, 3, 2));
        Assert.Equal(10m, notWaived.RestockingPercent);
    }

    [Theory]
    [InlineData(600, 0, null, true, "automation.reviewOrderValueAbove")]
    [InlineData(100, 6, null, true, "automation.reviewReturnCountAbove")]
    [InlineData(100, 0, 0.6, true, "automation.reviewReturnRateAbove")]
    [InlineData(100, 0, null, false, "automation.reviewWithoutProofOfPurchase")]
    public void Decide_WhenAReviewTriggerFires_GoesToReviewNamingIt(int orderValue, int returns, double? rate, bool proof, string rule)
    {
        var policy = APolicy.Standard().Automation(new AutomationRules(AutoApprove: true, ReviewOrderValueAbove: 500m, ReviewReturnCountAbove: 5, ReviewReturnRateAbove: 0.5m)).Compile();
        var line = Us(Paris(2026, 3, 1)).Worth(50m, orderValue).With(f => f with
        {
            CustomerReturnCount = returns,
            CustomerReturnRate = rate is null ? null : (decimal)rate.Value,
            ProofOfPurchase = proof,
        });

        var decision = policy.Decide(line.Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.NeedsReview, decision.Outcome);
        Assert.Contains(decision.Reasons, r => r.Rule == rule);
        Assert.False(decision.AutoApprove);
    }

    [Fact]
    public void Decide_WhenNothingTriggersReview_IsApprovedAutomatically()
    {
        var policy = APolicy.Standard().Automation(new AutomationRules(AutoApprove: true, ReviewOrderValueAbove: 500m)).Compile();

        var decision = policy.Decide(Us(Paris(2026, 3, 1)).Build(), Paris(2026, 3, 2));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.True(decision.AutoApprove);
    }

    [Fact]
    public void Decide_KeepTheItem_UnderAValueOrWhenShippingCostsMoreThanItIsWorth()
    {
        var policy = APolicy.Standard().Automation(new AutomationRules(KeepItem: new KeepItemRule("keep.cheap", 10m, WhenShippingExceedsValue: true))).Compile();

        var cheap = policy.Decide(Us(Paris(2026, 3, 1)).Worth(8m).Build(), Paris(2026, 3, 2));
        var costly = policy.Decide(Us(Paris(2026, 3, 1)).Worth(12m).With(f => f with { ReturnShippingCost = 15m }).Build(), Paris(2026, 3, 2));
        var normal = policy.Decide(Us(Paris(2026, 3, 1)).Worth(40m).With(f => f with { ReturnShippingCost = 6m }).Build(), Paris(2026, 3, 2));

        Assert.True(cheap.KeepItem);
        Assert.Equal(Resolution.KeepItem, cheap.Resolutions[0]);
        Assert.Null(cheap.ShipBy);
        Assert.Contains(cheap.Reasons, r => r.Rule == "keep.cheap");
        Assert.True(costly.KeepItem);
        Assert.False(normal.KeepItem);
        Assert.NotNull(normal.ShipBy);
    }

    [Theory]
    [InlineData(RefundTiming.OnApproval)]
    [InlineData(RefundTiming.OnFirstScan)]
    [InlineData(RefundTiming.OnReceipt)]
    [InlineData(RefundTiming.AfterInspection)]
    public void Decide_CarriesTheRefundTiming(RefundTiming timing)
    {
        var decision = APolicy.Standard().With(p => p with { RefundTiming = timing }).Compile().Decide(Us(Paris(2026, 3, 1)).Build(), Paris(2026, 3, 2));

        Assert.Equal(timing, decision.RefundTiming);
    }

    [Fact]
    public void Decide_ShipBy_IsTheEndOfTheDayShipWithinDaysAfterNow()
    {
        var policy = APolicy.Standard().With(p => p with { ShipWithinDays = 7 }).Compile();

        var decision = policy.Decide(Us(Paris(2026, 3, 1)).Build(), Paris(2026, 3, 2, 9));

        Assert.Equal(MerchantCalendar.EndOfDay(new DateOnly(2026, 3, 9), APolicy.Paris), decision.ShipBy);
        Assert.Equal("test-1", decision.PolicyVersion);
    }
}

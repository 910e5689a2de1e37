using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Policies;

public sealed class ReturnWindowPolicyTests
{
    [Fact]
    public void Decide_WhenLastLocalMinuteOfTheWindow_IsEligible()
    {
        var delivered = Paris(2026, 3, 1, 10, 0);

        var decision = APolicy.WithWindow(30).Decide(Facts(delivered), Paris(2026, 3, 31, 23, 59));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal(Paris(2026, 4, 1, 0, 0).AddTicks(-1), decision.ReturnBy);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("window.open", reason.Rule);
        Assert.Equal("Within the 30-day return window: delivered on 2026-03-01, returnable until the end of 2026-03-31.", reason.Text);
    }

    [Fact]
    public void Decide_WhenLocalMidnightAfterTheLastDay_IsNotEligible()
    {
        var delivered = Paris(2026, 3, 1, 10, 0);

        var decision = APolicy.WithWindow(30).Decide(Facts(delivered), Paris(2026, 4, 1, 0, 0));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("window.closed", reason.Rule);
        Assert.Equal("The 30-day return window ended on 2026-03-31: delivered on 2026-03-01.", reason.Text);
    }

    [Fact]
    public void Decide_WhenDeliveredJustAfterLocalMidnight_CountsFromTheLocalDate()
    {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Paris.
        var delivered = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);

        var decision = APolicy.WithWindow(30).Decide(Facts(delivered), Paris(2026, 4, 1, 12, 0));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Contains("delivered on 2026-03-02", decision.Reasons[0].Text, StringComparison.Ordinal);
        Assert.Contains("until the end of 2026-04-01", decision.Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenLastDayIsTheSpringDstChange_EndsAtLocalMidnight()
    {
        // Paris moves from UTC+1 to UTC+2 on 29 March 2026, a 23-hour day.
        var delivered = Paris(2026, 3, 19, 15, 0);
        var policy = APolicy.WithWindow(10);

        var lastMinute = policy.Decide(Facts(delivered), Paris(2026, 3, 29, 23, 59));
        var nextDay = policy.Decide(Facts(delivered), Paris(2026, 3, 30, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, lastMinute.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero).AddTicks(-1), lastMinute.ReturnBy);
        Assert.Equal(DecisionOutcome.NotEligible, nextDay.Outcome);
    }

    [Fact]
    public void Decide_WhenLastDayIsTheAutumnDstChange_EndsAtLocalMidnight()
    {
        // Paris moves from UTC+2 to UTC+1 on 25 October 2026, a 25-hour day.
        var delivered = Paris(2026, 10, 15, 9, 0);
        var policy = APolicy.WithWindow(10);

        var lastMinute = policy.Decide(Facts(delivered), Paris(2026, 10, 25, 23, 59));
        var nextDay = policy.Decide(Facts(delivered), Paris(2026, 10, 26, 0, 0));

        Assert.Equal(DecisionOutcome.Eligible, lastMinute.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 23, 0, 0, TimeSpan.Zero).AddTicks(-1), lastMinute.ReturnBy);
        Assert.Equal(DecisionOutcome.NotEligible, nextDay.Outcome);
    }

    [Fact]
    public void Decide_WhenWindowIsZeroDays_AllowsOnlyTheDeliveryDay()
    {
        var delivered = Paris(2026, 6, 10, 8, 0);
        var policy = APolicy.WithWindow(0);

        Assert.Equal(DecisionOutcome.Eligible, policy.Decide(Facts(delivered), Paris(2026, 6, 10, 23, 59)).Outcome);
        Assert.Equal(DecisionOutcome.NotEligible, policy.Decide(Facts(delivered), Paris(2026, 6, 11, 0, 0)).Outcome);
    }

    [Theory]
    [InlineData("final-sale")]
    [InlineData("FINAL-SALE")]
    [InlineData("Hygiene-Sealed")]
    public void Decide_WhenTaggedNonReturnable_IsNotEligibleWhateverTheCase(string tag)
    {
        var facts = Facts(Paris(2026, 3, 1, 10, 0), "gift", tag);

        var decision = APolicy.WithWindow(30).Decide(facts, Paris(2026, 3, 2, 10, 0));

        Assert.Equal(DecisionOutcome.NotEligible, decision.Outcome);
        Assert.Null(decision.ReturnBy);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal($"tag.{tag.ToLowerInvariant()}", reason.Rule);
        Assert.Contains("cannot be returned", reason.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WhenTagsAreOrdinary_IsEligible()
    {
        var decision = APolicy.WithWindow(30).Decide(Facts(Paris(2026, 3, 1, 10, 0), "gift", "sale"), Paris(2026, 3, 2, 10, 0));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
    }

    [Fact]
    public void Decide_WhenNotDelivered_NeedsReview()
    {
        var facts = new LineFacts([], Paris(2026, 3, 1, 10, 0), null, CustomerKind.Consumer, "FR", APolicy.ChangedMind);

        var decision = APolicy.WithWindow(30).Decide(facts, Paris(2026, 3, 5, 10, 0));

        Assert.Equal(DecisionOutcome.NeedsReview, decision.Outcome);
        Assert.Null(decision.ReturnBy);
        Assert.Equal("window.notDelivered", Assert.Single(decision.Reasons).Rule);
    }

    [Fact]
    public void Decide_WhenDeliveryWasSplit_CountsFromTheLastParcel()
    {
        var order = AnOrder.DeliveredAt(Paris(2026, 3, 1, 10, 0))
            .WithLine("TEE-M", 2, 20m)
            .WithParcel("TEE-M", 1, Paris(2026, 3, 1, 10, 0))
            .WithParcel("TEE-M", 1, Paris(2026, 3, 6, 16, 0))
            .Build();
        var line = order.Lines[0];
        var facts = new LineFacts(line.Tags, order.PlacedAt, order.DeliveredAt(line), order.Customer.Kind, order.ShipTo.Country, APolicy.ChangedMind);

        var decision = APolicy.WithWindow(30).Decide(facts, Paris(2026, 4, 5, 12, 0));

        Assert.Equal(Paris(2026, 3, 6, 16, 0), order.DeliveredAt(line));
        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Contains("delivered on 2026-03-06, returnable until the end of 2026-04-05", decision.Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveredAt_WhenAParcelIsMissing_IsNull()
    {
        var order = AnOrder.DeliveredAt(Paris(2026, 3, 1, 10, 0))
            .WithLine("TEE-M", 3, 20m)
            .WithParcel("TEE-M", 2, Paris(2026, 3, 1, 10, 0))
            .WithParcel("TEE-M", 1, null)
            .Build();

        Assert.Null(order.DeliveredAt(order.Lines[0]));
    }

    [Fact]
    public void FaultOf_WhenReasonIsKnownOrNot_ReturnsItsFaultOrNull()
    {
        var policy = APolicy.WithWindow();

        Assert.Equal(ReasonFault.Customer, policy.FaultOf(APolicy.ChangedMind));
        Assert.Equal(ReasonFault.Merchant, policy.FaultOf(APolicy.Defective));
        Assert.Equal(ReasonFault.Carrier, policy.FaultOf(APolicy.DamagedInTransit));
        Assert.Null(policy.FaultOf("bored"));
    }

    [Fact]
    public void DaysAfter_WhenCrossingDst_EndsAtLocalMidnight()
    {
        var end = MerchantCalendar.DaysAfter(Paris(2026, 3, 28, 12, 0), 1, APolicy.Paris);

        Assert.Equal(Paris(2026, 3, 30, 0, 0).AddTicks(-1), end);
    }

    private static LineFacts Facts(DateTimeOffset delivered, params string[] tags) =>
        new(tags, delivered.AddDays(-3), delivered, CustomerKind.Consumer, "FR", APolicy.ChangedMind);

    private static DateTimeOffset Paris(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, APolicy.Paris.GetUtcOffset(local));
    }
}

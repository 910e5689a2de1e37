using Retour.Domain.Policies;
using Retour.Domain.Tests.Builders;
using static Retour.Domain.Tests.Policies.Dates;

namespace Retour.Domain.Tests.Policies;

public sealed class PolicyVersionsTests
{
    private static readonly Domain.Policies.LineFacts DeliveredFirstOfMarchInTheUs = ALine.DeliveredAt(Paris(2026, 3, 1)).In("US").Build();

    [Fact]
    public void Decide_WhenTheNewVersionIsMoreGenerous_ItApplies()
    {
        var v1 = APolicy.Standard().Window(30).Compile("v1");
        var v2 = APolicy.Standard().Window(60).Compile("v2");

        var decision = PolicyVersions.Decide(v1, v2, DeliveredFirstOfMarchInTheUs, Paris(2026, 4, 20));

        Assert.Equal(DecisionOutcome.Eligible, decision.Outcome);
        Assert.Equal("v2", decision.PolicyVersion);
    }

    [Fact]
    public void Decide_WhenTheNewVersionIsStricter_TheVersionInForceAtPurchaseApplies()
    {
        var v1 = APolicy.Standard().Window(30).Compile("v1");
        var v2 = APolicy.Standard().Window(14).Restocking(10m).Compile("v2");

        var late = PolicyVersions.Decide(v1, v2, DeliveredFirstOfMarchInTheUs, Paris(2026, 3, 25));
        var early = PolicyVersions.Decide(v1, v2, DeliveredFirstOfMarchInTheUs, Paris(2026, 3, 5));

        Assert.Equal("v1", late.PolicyVersion);
        Assert.Equal(DecisionOutcome.Eligible, late.Outcome);
        Assert.Equal("v1", early.PolicyVersion);
        Assert.Equal(0m, early.RestockingPercent);
    }

    [Fact]
    public void InForceAt_IsTheLatestPublishedBeforeTheInstant_OrTheFirst()
    {
        var published = new[] { ("v1", Paris(2026, 1, 1)), ("v2", Paris(2026, 3, 1)), ("v3", Paris(2026, 6, 1)) };

        Assert.Equal("v2", PolicyVersions.InForceAt(published.Select(p => new Versioned(p.Item1, p.Item2)).ToList(), v => v.At, Paris(2026, 4, 1))!.Name);
        Assert.Equal("v1", PolicyVersions.InForceAt(published.Select(p => new Versioned(p.Item1, p.Item2)).ToList(), v => v.At, Paris(2025, 4, 1))!.Name);
    }

    private sealed record Versioned(string Name, DateTimeOffset At);
}

using Retour.Domain.Policies;
using Retour.Domain.Tests.Builders;
using static Retour.Domain.Tests.Policies.Dates;

namespace Retour.Domain.Tests.Policies;

public sealed class PolicySimulationTests
{
    private static SimulatedLine Returned(ALine line, DateTimeOffset at, decimal amount, string currency = "USD") =>
        new("1001", currency, line.In("US").Build(), at, amount, IsReturn: true);

    private static SimulatedLine Ordered(ALine line) => new("1002", "USD", line.In("US").Build(), default, 50m, IsReturn: false);

    [Fact]
    public void Run_ALongerWindow_TakesBackLateReturnsAndCountsTheRefunds()
    {
        var current = APolicy.Standard().Window(30).Compile("v1");
        var draft = APolicy.Standard().Window(60).Compile("draft");
        var delivered = Paris(2026, 3, 1);

        var report = PolicySimulation.Run(current, draft,
        [
            Returned(ALine.DeliveredAt(delivered), delivered.AddDays(10), 40m),
            Returned(ALine.DeliveredAt(delivered), delivered.AddDays(45), 25m),
            Ordered(ALine.DeliveredAt(delivered)),
            Ordered(ALine.DeliveredAt(delivered).Tagged("final-sale")),
        ]);

        Assert.Equal(2, report.ReturnLines);
        Assert.Equal(1, report.ReturnLinesChanged);
        Assert.Equal(1, report.Transitions["NotEligible → Eligible"]);
        var usd = Assert.Single(report.Money);
        Assert.Equal(40m, usd.RefundsBefore);
        Assert.Equal(65m, usd.RefundsAfter);
        Assert.Equal(25m, usd.RefundImpact);
        Assert.Equal(2, report.OrderLines);
        Assert.Equal(1, report.OrderLinesWithLongerDeadline);
        Assert.Equal(0, report.OrderLinesBecomingReturnable);
        var example = Assert.Single(report.Examples);
        Assert.Equal("window.default", example.BasisAfter);
    }

    [Fact]
    public void Run_ARestockingFeeAndANewExclusion_ShowAsFeesAndRefusals()
    {
        var current = APolicy.Standard().Excluding("final-sale").Compile("v1");
        var draft = APolicy.Standard().Excluding("final-sale", "sale").Restocking(10m).ShippingFee(5m).Compile("draft");
        var delivered = Paris(2026, 3, 1);

        var report = PolicySimulation.Run(current, draft,
        [
            Returned(ALine.DeliveredAt(delivered), delivered.AddDays(5), 80m),
            Returned(ALine.DeliveredAt(delivered).Because(APolicy.Defective), delivered.AddDays(5), 30m),
            Ordered(ALine.DeliveredAt(delivered).Tagged("sale")),
        ]);

        var usd = Assert.Single(report.Money);
        Assert.Equal(0m, usd.FeesBefore);
        Assert.Equal(13m, usd.FeesAfter);
        Assert.Equal(-13m, usd.RefundImpact);
        Assert.Equal(1, report.ReturnLinesChanged);
        Assert.Equal(1, report.OrderLinesBecomingNonReturnable);
        Assert.Equal(2, report.LinesChanged);
    }

    [Fact]
    public void Run_KeepsAmountsPerCurrency()
    {
        var policy = APolicy.WithWindow(30);
        var delivered = Paris(2026, 3, 1);

        var report = PolicySimulation.Run(policy, policy,
        [
            Returned(ALine.DeliveredAt(delivered), delivered.AddDays(5), 10m, "EUR"),
            Returned(ALine.DeliveredAt(delivered), delivered.AddDays(5), 20m, "GBP"),
        ]);

        Assert.Equal(["EUR", "GBP"], report.Money.Select(m => m.Currency));
        Assert.Equal(0, report.LinesChanged);
    }
}

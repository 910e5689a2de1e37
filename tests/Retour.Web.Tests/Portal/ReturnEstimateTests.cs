using Retour.Domain.Policies;
using Retour.Web.Features.Portal;

namespace Retour.Web.Tests.Portal;

/// <summary>The refund the portal promises before confirming is worked out as the refund will be.</summary>
public sealed class ReturnEstimateTests
{
    [Fact]
    public void Of_CustomerFaultLines_DeductsRestockingPerLineAndTheLargestShippingFeeOnce()
    {
        var estimate = ReturnEstimate.Of(
        [
            new EstimatedLine(40m, DecisionOutcome.Eligible, ReasonFault.Customer, 10m, 4.90m),
            new EstimatedLine(25.55m, DecisionOutcome.Eligible, ReasonFault.Customer, 10m, 2.50m),
            new EstimatedLine(30m, DecisionOutcome.Eligible, ReasonFault.Merchant, 10m, 0m),
            new EstimatedLine(99m, DecisionOutcome.NotEligible, ReasonFault.Customer, 10m, 9m),
        ], "EUR");

        Assert.Equal(new ReturnEstimate(95.55m, 6.56m, 4.90m, 84.09m), estimate);
    }

    [Fact]
    public void Of_Exchanges_RefundsNoItemAmountButTheDifferenceBackAndShowsWhatIsToPay()
    {
        var estimate = ReturnEstimate.Of(
        [
            new EstimatedLine(49m, DecisionOutcome.Eligible, ReasonFault.Customer, 0m, 0m, ExchangeDifference: 5m),
            new EstimatedLine(149m, DecisionOutcome.Eligible, ReasonFault.Customer, 0m, 0m, ExchangeDifference: -10m),
        ], "EUR");

        Assert.Equal((0m, 10m, 10m, 5m), (estimate.Items, estimate.DifferenceBack, estimate.Total, estimate.ToPay));
    }

    [Fact]
    public void Of_FeesLargerThanTheItems_NeverMakeTheRefundNegative()
    {
        var estimate = ReturnEstimate.Of([new EstimatedLine(3m, DecisionOutcome.Eligible, ReasonFault.Customer, 50m, 4.90m)], "EUR");

        Assert.Equal(0m, estimate.Total);
        Assert.Equal(3m, estimate.Restocking + estimate.Shipping);
    }
}

using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseRequestTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;

    [Fact]
    public void Request_WhenEveryLineIsEligible_IsRequested()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 2, 50m, 10m).Build();

        var (returnCase, result) = Request(order, [new RequestedLine(order.Lines[0].Id, 2, APolicy.ChangedMind, "Too small", Resolution.Refund)]);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Requested, returnCase!.Status);
        Assert.Equal("test-1", returnCase.PolicyVersion);
        var line = Assert.Single(returnCase.Lines);
        Assert.Equal(DecisionOutcome.Eligible, line.Outcome);
        Assert.Equal(2, line.Quantity);
        Assert.Equal(ReasonFault.Customer, line.Fault);
    }

    [Fact]
    public void Request_WhenALineNeedsReview_GoesToReviewWithTheReason()
    {
        var order = AnOrder.NotDelivered(Now.AddDays(-5)).WithLine("TEE-M", 1, 50m).Build();

        var (returnCase, result) = Request(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.Defective, null, Resolution.Refund)]);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.InReview, returnCase!.Status);
        var review = returnCase.Timeline[^1];
        Assert.Equal(ReturnStatus.Requested, review.From);
        Assert.Equal(ReturnStatus.InReview, review.To);
        Assert.Equal(ActorKind.System, review.ActorKind);
        Assert.Contains("not been delivered", review.Note, StringComparison.Ordinal);
        Assert.Collection(
            returnCase.PendingEvents,
            e => Assert.IsType<ReturnRequested>(e),
            e => Assert.IsType<ReturnSentToReview>(e));
    }

    [Fact]
    public void Request_WhenAccepted_StartsTheTimelineAndRaisesReturnRequested()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 3, 20m).WithLine("CAP", 1, 15m).Build();

        var (returnCase, _) = Request(order, [
            new RequestedLine(order.Lines[0].Id, 2, APolicy.ChangedMind, null, Resolution.Refund),
            new RequestedLine(order.Lines[1].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
        ]);

        var entry = Assert.Single(returnCase!.Timeline);
        Assert.Null(entry.From);
        Assert.Equal(ReturnStatus.Requested, entry.To);
        Assert.Equal(AReturn.Shopper.Name, entry.ActorName);
        Assert.Equal(ActorKind.Customer, entry.ActorKind);
        var requested = Assert.IsType<ReturnRequested>(Assert.Single(returnCase.PendingEvents));
        Assert.Equal(3, requested.Units);
        Assert.Equal(order.Id, requested.OrderId);
        Assert.Equal("Portal", requested.Channel);
    }

    [Fact]
    public void Request_WhenQuantityExceedsBoughtMinusClaimed_IsRefusedOnThatLine()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("CAP", 1, 15m).WithLine("TEE-M", 3, 20m).Build();
        var claimed = new Dictionary<Guid, int> { [order.Lines[1].Id] = 2 };

        var (returnCase, result) = ReturnCase.Request(
            order,
            [
                new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
                new RequestedLine(order.Lines[1].Id, 2, APolicy.ChangedMind, null, Resolution.Refund),
            ],
            claimed,
            APolicy.WithWindow(),
            ReturnChannel.Portal,
            AReturn.Shopper,
            "R-7K3M9Q",
            null,
            Now);

        Assert.Null(returnCase);
        var error = Assert.Single(result.Errors);
        Assert.Equal("return.quantity.exceedsReturnable", error.Code);
        Assert.Equal("lines[1].quantity", error.Target);
        Assert.Contains("2 requested but 1 can be returned (3 bought, 2 already in other returns)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Request_WhenQuantityIsNotPositive_IsRefused(int quantity)
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 3, 20m).Build();

        var (_, result) = Request(order, [new RequestedLine(order.Lines[0].Id, quantity, APolicy.ChangedMind, null, Resolution.Refund)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("return.quantity.exceedsReturnable", error.Code);
        Assert.Equal("lines[0].quantity", error.Target);
    }

    [Fact]
    public void Request_WhenReasonIsUnknown_IsRefused()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 1, 20m).Build();

        var (returnCase, result) = Request(order, [new RequestedLine(order.Lines[0].Id, 1, "bored", null, Resolution.Refund)]);

        Assert.Null(returnCase);
        var error = Assert.Single(result.Errors);
        Assert.Equal("return.reason.unknown", error.Code);
        Assert.Equal("lines[0].reasonCode", error.Target);
        Assert.Contains("'bored'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_WhenNoLineIsEligible_IsRefusedWithEveryLinesReasons()
    {
        var order = AnOrder.DeliveredDaysAgo(40, Now)
            .WithLine("TEE-M", 1, 20m)
            .WithLine("MASK", 1, 9m, 0m, "hygiene-sealed")
            .Build();

        var (returnCase, result) = Request(order, [
            new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
            new RequestedLine(order.Lines[1].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
        ]);

        Assert.Null(returnCase);
        Assert.Collection(
            result.Errors,
            e =>
            {
                Assert.Equal("return.line.notEligible", e.Code);
                Assert.Equal("lines[0]", e.Target);
                Assert.Contains("TEE-M", e.Message, StringComparison.Ordinal);
                Assert.Contains("return window ended", e.Message, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal("return.line.notEligible", e.Code);
                Assert.Equal("lines[1]", e.Target);
                Assert.Contains("'hygiene-sealed' are not taken back", e.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Request_WhenOneLineIsNotEligible_KeepsItWithItsReasonsAndNeverApprovesIt()
    {
        // A business buyer: no statutory right of withdrawal overrides the shop's final-sale exclusion.
        var order = AnOrder.DeliveredDaysAgo(10, Now)
            .WithLine("TEE-M", 1, 20m)
            .WithLine("SALE", 1, 9m, 0m, "Final-Sale")
            .ForBusiness()
            .Build();
        var (returnCase, _) = Request(order, [
            new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
            new RequestedLine(order.Lines[1].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
        ]);

        var approved = returnCase!.Approve(AReturn.Agent, null, AReturn.ShipBy, Now.AddHours(1));

        Assert.True(approved.IsSuccess);
        Assert.Equal(ReturnStatus.Approved, returnCase.Status);
        Assert.Equal(1, returnCase.Lines[0].ApprovedQuantity);
        Assert.Equal(DecisionOutcome.NotEligible, returnCase.Lines[1].Outcome);
        Assert.Equal(0, returnCase.Lines[1].ApprovedQuantity);
        Assert.Contains(returnCase.Lines[1].DecisionReasons, r => r.Rule == "exclusion.final-sale");
    }

    [Fact]
    public void Request_WhenNoLines_IsRefused()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 1, 20m).Build();

        var (_, result) = Request(order, []);

        Assert.Equal("return.lines.empty", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Request_WhenLineIsGivenTwice_IsRefused()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 3, 20m).Build();

        var (_, result) = Request(order, [
            new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
            new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund),
        ]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("return.line.duplicate", error.Code);
        Assert.Equal("lines[1].orderLineId", error.Target);
    }

    [Fact]
    public void Request_WhenSplitDeliveryIsNotComplete_GoesToReview()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now)
            .WithLine("TEE-M", 2, 20m)
            .WithParcel("TEE-M", 1, Now.AddDays(-10))
            .WithParcel("TEE-M", 1, null)
            .Build();

        var (returnCase, _) = Request(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)]);

        Assert.Equal(ReturnStatus.InReview, returnCase!.Status);
        Assert.Equal(DecisionOutcome.NeedsReview, returnCase.Lines[0].Outcome);
    }

    [Fact]
    public void Request_WhenThePolicyApprovesAutomatically_IsApprovedWithThePolicysShipBy()
    {
        var order = AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 20m).Build();
        var policy = APolicy.Standard().Automation(new Domain.Policies.AutomationRules(AutoApprove: true)).Compile();

        var (returnCase, result) = ReturnCase.Request(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], new Dictionary<Guid, int>(), policy, ReturnChannel.Portal, AReturn.Shopper, "R-7K3M9Q", null, Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Approved, returnCase!.Status);
        Assert.Equal(1, returnCase.Lines[0].ApprovedQuantity);
        Assert.Equal(policy.ShipBy(Now), returnCase.ShipBy);
    }

    [Fact]
    public void Request_WhenThePolicyDoesNotApproveAutomatically_WaitsForAPerson()
    {
        var order = AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 20m).Build();

        var (returnCase, _) = Request(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)]);

        Assert.Equal(ReturnStatus.Requested, returnCase!.Status);
    }

    private static (ReturnCase? Case, Result Result) Request(Orders.Order order, IReadOnlyList<RequestedLine> lines) =>
        ReturnCase.Request(order, lines, new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Portal, AReturn.Shopper, "R-7K3M9Q", null, Now);
}

using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseReceivingTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;
    private static readonly Actor Dock = new(ActorKind.Staff, "dock@shop.test");

    [Fact]
    public void ReceiveParcel_WhenEveryUnitIsIn_IsReceivedWithoutDiscrepancy()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 2)], [], "WH-LYON", Now.AddDays(3));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, r.Status);
        Assert.True(r.IsFullyReceived);
        Assert.Empty(r.Discrepancies);
        Assert.Contains("2 unit(s) received at WH-LYON; all approved units are in", r.Timeline[^1].Note, StringComparison.Ordinal);
        Assert.Contains(r.PendingEvents, e => e is ItemsReceived { Units: 2, Complete: true });
    }

    [Fact]
    public void ReceiveParcel_WhenUnitsAreMissing_ReceivesTheRestAndFlagsTheMissingOnesAsStillExpected()
    {
        var r = AReturn.In(ReturnStatus.AwaitingShipment).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 1)], [], null, Now.AddDays(3));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, r.Status);
        Assert.False(r.IsFullyReceived);
        var missing = Assert.Single(r.Discrepancies);
        Assert.Equal((DiscrepancyKind.Missing, "TEE-M", 1), (missing.Kind, missing.Sku, missing.Quantity));
        Assert.Equal([("TEE-M", 1)], r.StillExpected);
        Assert.Equal(nameof(DiscrepanciesFound), r.Timeline[^1].Event);
        Assert.Contains("more expected", r.Timeline[^2].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveParcel_WhenASecondParcelBringsTheRest_CompletesTheReceipt()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;
        r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 1)], [], null, Now.AddDays(3));

        var second = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 1)], [], null, Now.AddDays(5));

        Assert.True(second.IsSuccess);
        Assert.True(r.IsFullyReceived);
        Assert.Empty(r.StillExpected);
        Assert.Single(r.Discrepancies);
    }

    [Fact]
    public void ReceiveParcel_WhenTheParcelHoldsMoreOrOtherItems_FlagsThemAsUnexpected()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 3)], [new UnexpectedItem(" CAP-RED ", 1, "Cap in the box")], null, Now.AddDays(3));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, r.Lines[0].ReceivedQuantity);
        Assert.Collection(
            r.Discrepancies,
            d => Assert.Equal((DiscrepancyKind.Unexpected, "TEE-M", 1), (d.Kind, d.Sku, d.Quantity)),
            d => Assert.Equal((DiscrepancyKind.Unexpected, "CAP-RED", 1, "Cap in the box"), (d.Kind, d.Sku, d.Quantity, d.Note)));
        Assert.Contains(r.PendingEvents, e => e is DiscrepanciesFound { Unexpected: 2, Missing: 0 });
    }

    [Fact]
    public void ReceiveParcel_WhenNoneOfTheApprovedUnitsIsIn_RecordsTheParcelWithoutMovingTheReturn()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 0)], [new UnexpectedItem("SHOE-42", 1, null)], null, Now.AddDays(3));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.InTransit, r.Status);
        Assert.Equal([DiscrepancyKind.Missing, DiscrepancyKind.Unexpected], r.Discrepancies.Select(d => d.Kind));
    }

    [Fact]
    public void ReceiveParcel_WhenNothingIsCounted_IsRefused()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 0)], [], null, Now.AddDays(3));

        Assert.Equal(("receipt.empty", "lines"), (Assert.Single(result.Errors).Code, result.Errors[0].Target));
        Assert.Equal(ReturnStatus.InTransit, r.Status);
    }

    [Fact]
    public void ReceiveParcel_WhenCountsAreMalformed_NamesEachLine()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(Guid.NewGuid(), 1), new CountedLine(r.Lines[0].Id, -1)], [new UnexpectedItem(" ", 0, null)], null, Now.AddDays(3));

        Assert.Equal(
            ["lines[0].lineId", "lines[1].quantity", "unexpected[0].sku", "unexpected[0].quantity"],
            result.Errors.Select(e => e.Target));
        Assert.Empty(r.Discrepancies);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    [InlineData(ReturnStatus.Rejected)]
    [InlineData(ReturnStatus.Cancelled)]
    [InlineData(ReturnStatus.Inspected)]
    public void ReceiveParcel_WhenNotExpectingAParcel_IsRefused(ReturnStatus status)
    {
        var r = AReturn.In(status).Case;

        var result = r.ReceiveParcel(Dock, [new CountedLine(r.Lines[0].Id, 1)], [], null, Now.AddDays(6));

        Assert.Equal("return.transition.notAllowed", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void RegisterArrival_WhenEligible_IsApprovedAndReceivedInOneStep()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 2, 50m, 10m).Build();

        var (r, result) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 2, APolicy.ChangedMind, null, Resolution.Refund)], ReturnChannel.Unannounced);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, r!.Status);
        Assert.Equal(ReturnChannel.Unannounced, r.Channel);
        Assert.True(r.IsFullyReceived);
        Assert.Empty(r.Discrepancies);
        Assert.Equal(
            [nameof(ReturnRequested), nameof(ReturnApproved), nameof(ItemsReceived)],
            r.Timeline.Select(e => e.Event));
        Assert.All(r.Timeline, e => Assert.Equal(Dock.Name, e.ActorName));
    }

    [Fact]
    public void RegisterArrival_WhenThePolicyRefusesALine_ReceivesItAnywayAndFlagsItForReview()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("SALE", 1, 9m, 0m, "Final-Sale").ForBusiness().Build();

        var (r, result) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], ReturnChannel.PrePrintedLabel);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, r!.Status);
        var line = Assert.Single(r.Lines);
        Assert.Equal(DecisionOutcome.NotEligible, line.Outcome);
        Assert.Equal((1, 1), (line.ApprovedQuantity, line.ReceivedQuantity));
        var review = Assert.Single(r.Discrepancies);
        Assert.Equal((DiscrepancyKind.PolicyReview, "SALE", 1), (review.Kind, review.Sku, review.Quantity));
        Assert.StartsWith("Policy: NotEligible.", review.Note, StringComparison.Ordinal);
        Assert.Contains(r.PendingEvents, e => e is DiscrepanciesFound { ToReview: 1 });
    }

    [Fact]
    public void RegisterArrival_WhenALineNeedsReview_ApprovesOnArrivalAndFlagsIt()
    {
        var order = AnOrder.NotDelivered(Now.AddDays(-5)).WithLine("TEE-M", 1, 50m).Build();

        var (r, result) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.Defective, null, Resolution.Refund)], ReturnChannel.Unannounced);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, r!.Status);
        Assert.Contains(r.Timeline, e => e.Event == nameof(ReturnSentToReview));
        Assert.Equal(DiscrepancyKind.PolicyReview, Assert.Single(r.Discrepancies).Kind);
    }

    [Fact]
    public void RegisterArrival_WhenMoreThanTheOrderHolds_IsRefusedLikeAnyReturn()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 2, 50m).Build();

        var (r, result) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 3, APolicy.ChangedMind, null, Resolution.Refund)], ReturnChannel.Unannounced);

        Assert.Null(r);
        Assert.Equal(("return.quantity.exceedsReturnable", "lines[0].quantity"), (Assert.Single(result.Errors).Code, result.Errors[0].Target));
    }

    [Fact]
    public void RegisterArrival_WithUnexpectedItems_KeepsThemOnTheReturn()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 1, 50m).Build();

        var (r, _) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], ReturnChannel.Unannounced, [new UnexpectedItem("SOCK", 2, null)]);

        Assert.Equal((DiscrepancyKind.Unexpected, "SOCK", 2), (Assert.Single(r!.Discrepancies).Kind, r.Discrepancies[0].Sku, r.Discrepancies[0].Quantity));
    }

    [Fact]
    public void RegisterArrival_ForAnotherChannel_IsRefused()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 1, 50m).Build();

        var (_, result) = Arrive(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], ReturnChannel.Portal);

        Assert.Equal("return.arrival.channel", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Request_FromThePortal_WhenEveryLineIsRefused_IsStillRefused()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("SALE", 1, 9m, 0m, "Final-Sale").ForBusiness().Build();

        var (r, result) = ReturnCase.Request(order, [new RequestedLine(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Portal, AReturn.Shopper, "R-7K3M9Q", null, Now);

        Assert.Null(r);
        Assert.Equal("return.line.notEligible", Assert.Single(result.Errors).Code);
    }

    private static (ReturnCase? Case, Result Result) Arrive(Order order, IReadOnlyList<RequestedLine> lines, ReturnChannel channel, IReadOnlyList<UnexpectedItem>? unexpected = null) =>
        ReturnCase.RegisterArrival(order, lines, unexpected ?? [], new Dictionary<Guid, int>(), APolicy.WithWindow(), channel, Dock, "R-7K3M9Q", null, "WH-LYON", Now);
}

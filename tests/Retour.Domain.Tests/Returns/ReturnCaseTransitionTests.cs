using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseTransitionTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    public void Approve_WhenRequestedOrInReview_ApprovesEveryEligibleUnit(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;
        var at = Now.AddHours(1);

        var result = returnCase.Approve(AReturn.Agent, "Looks fine", AReturn.ShipBy, at);

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Approved, returnCase.Status);
        Assert.Equal(AReturn.ShipBy, returnCase.ShipBy);
        Assert.Equal(2, returnCase.Lines[0].ApprovedQuantity);
        AssertLastStep(returnCase, AReturn.Agent, from, ReturnStatus.Approved, nameof(ReturnApproved));
        var approved = Assert.IsType<ReturnApproved>(returnCase.PendingEvents[^1]);
        Assert.Equal(AReturn.ShipBy, approved.ShipBy);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    public void Reject_WhenGivenAMessage_IsRejectedWithTheMessage(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Reject(AReturn.Agent, "The tag was removed.", Now.AddHours(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Rejected, returnCase.Status);
        AssertLastStep(returnCase, AReturn.Agent, from, ReturnStatus.Rejected, nameof(ReturnRejected));
        Assert.Equal("The tag was removed.", returnCase.Timeline[^1].Note);
        Assert.Equal("The tag was removed.", Assert.IsType<ReturnRejected>(returnCase.PendingEvents[^1]).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Reject_WhenMessageIsBlank_IsRefused(string message)
    {
        var returnCase = AReturn.In(ReturnStatus.Requested).Case;

        var result = returnCase.Reject(AReturn.Agent, message, Now.AddHours(1));

        var error = Assert.Single(result.Errors);
        Assert.Equal("return.reject.messageRequired", error.Code);
        Assert.Equal("message", error.Target);
        Assert.Equal(ReturnStatus.Requested, returnCase.Status);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    [InlineData(ReturnStatus.Approved)]
    [InlineData(ReturnStatus.AwaitingShipment)]
    public void Cancel_WhenNothingWasShipped_IsCancelled(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Cancel(AReturn.Shopper, "Kept it.", Now.AddHours(3));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Cancelled, returnCase.Status);
        AssertLastStep(returnCase, AReturn.Shopper, from, ReturnStatus.Cancelled, nameof(ReturnCancelled));
        Assert.IsType<ReturnCancelled>(returnCase.PendingEvents[^1]);
        Assert.Equal(0, returnCase.Lines[0].ClaimedQuantity(returnCase.Status));
    }

    [Theory]
    [InlineData(ReturnStatus.InTransit)]
    [InlineData(ReturnStatus.Received)]
    public void Cancel_WhenParcelIsOnItsWay_IsRefused(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Cancel(AReturn.Shopper, null, Now.AddDays(3));

        Assert.Equal("return.transition.notAllowed", Assert.Single(result.Errors).Code);
        Assert.Equal(from, returnCase.Status);
    }

    [Theory]
    [InlineData(ReturnStatus.Approved)]
    [InlineData(ReturnStatus.AwaitingShipment)]
    public void Expire_WhenShipByHasPassed_IsExpired(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Expire(AReturn.ShipBy.AddTicks(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Expired, returnCase.Status);
        AssertLastStep(returnCase, Actor.System, from, ReturnStatus.Expired, nameof(ReturnExpired));
        Assert.IsType<ReturnExpired>(returnCase.PendingEvents[^1]);
    }

    [Fact]
    public void Expire_WhenShipByHasNotPassed_IsRefusedAsNotDue()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;

        var result = returnCase.Expire(AReturn.ShipBy);

        Assert.Equal("return.expire.notDue", Assert.Single(result.Errors).Code);
        Assert.Equal(ReturnStatus.Approved, returnCase.Status);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    public void Expire_WhenNeverApproved_IsRefusedAsNotAllowed(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Expire(AReturn.ShipBy.AddDays(100));

        Assert.Equal("return.transition.notAllowed", Assert.Single(result.Errors).Code);
        Assert.Equal(from, returnCase.Status);
    }

    [Theory]
    [InlineData(ReturnStatus.InTransit)]
    [InlineData(ReturnStatus.Received)]
    public void Expire_WhenParcelWasShipped_IsRefused(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Expire(AReturn.ShipBy.AddDays(1));

        Assert.Equal("return.transition.notAllowed", Assert.Single(result.Errors).Code);
        Assert.Equal(from, returnCase.Status);
    }

    [Fact]
    public void IssueLabel_WhenApproved_AwaitsShipmentWithTheLabel()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;

        var result = returnCase.IssueLabel(AReturn.Agent, "dhl", "JD0001", Now.AddHours(2));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.AwaitingShipment, returnCase.Status);
        Assert.Equal("dhl", returnCase.LabelCarrier);
        Assert.Equal("JD0001", returnCase.TrackingNumber);
        AssertLastStep(returnCase, AReturn.Agent, ReturnStatus.Approved, ReturnStatus.AwaitingShipment, nameof(LabelIssued));
        var issued = Assert.IsType<LabelIssued>(returnCase.PendingEvents[^1]);
        Assert.Equal("JD0001", issued.TrackingNumber);
    }

    [Theory]
    [InlineData(ReturnStatus.Approved)]
    [InlineData(ReturnStatus.AwaitingShipment)]
    public void RecordCarrierEvent_WhenFirstScanAfterApproval_IsInTransit(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, Now.AddDays(1), "Paris hub", Now.AddDays(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.InTransit, returnCase.Status);
        AssertLastStep(returnCase, Actor.System, from, ReturnStatus.InTransit, nameof(ParcelInTransit));
        Assert.Equal("FirstScan", Assert.IsType<ParcelInTransit>(returnCase.PendingEvents[^1]).Kind);
    }

    [Fact]
    public void RecordCarrierEvent_WhenDuplicate_IsIgnored()
    {
        var returnCase = AReturn.In(ReturnStatus.AwaitingShipment).Case;
        var scannedAt = Now.AddDays(1);
        returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, scannedAt, "Paris hub", scannedAt);
        var timeline = returnCase.Timeline.Count;
        var events = returnCase.PendingEvents.Count;

        var result = returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, scannedAt, "Paris hub", scannedAt.AddMinutes(5));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.InTransit, returnCase.Status);
        Assert.Equal(timeline, returnCase.Timeline.Count);
        Assert.Equal(events, returnCase.PendingEvents.Count);
    }

    [Fact]
    public void RecordCarrierEvent_WhenDeliveredArrivesAfterReceipt_IsRecordedWithoutMovingBack()
    {
        var returnCase = AReturn.In(ReturnStatus.Received).Case;

        var result = returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.Delivered, Now.AddDays(2), null, Now.AddDays(5));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, returnCase.Status);
        AssertLastStep(returnCase, Actor.System, ReturnStatus.Received, ReturnStatus.Received, nameof(ParcelDelivered));
        Assert.IsType<ParcelDelivered>(returnCase.PendingEvents[^1]);
    }

    [Theory]
    [InlineData(ReturnStatus.Requested)]
    [InlineData(ReturnStatus.InReview)]
    public void RecordCarrierEvent_WhenNotApproved_IsRefused(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;
        var timeline = returnCase.Timeline.Count;

        var result = returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, Now.AddDays(1), null, Now.AddDays(1));

        Assert.Equal("return.notApproved", Assert.Single(result.Errors).Code);
        Assert.Equal(from, returnCase.Status);
        Assert.Equal(timeline, returnCase.Timeline.Count);
    }

    [Fact]
    public void Receive_WhenPartThenTheRest_IsReceivedAndCompleteOnlyAtTheEnd()
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;
        var line = returnCase.Lines[0].Id;

        var first = returnCase.Receive(AReturn.Agent, [(line, 1)], Now.AddDays(3));

        Assert.True(first.IsSuccess);
        Assert.Equal(ReturnStatus.Received, returnCase.Status);
        Assert.False(returnCase.IsFullyReceived);
        Assert.False(Assert.IsType<ItemsReceived>(returnCase.PendingEvents[^1]).Complete);
        AssertLastStep(returnCase, AReturn.Agent, ReturnStatus.InTransit, ReturnStatus.Received, nameof(ItemsReceived));

        var second = returnCase.Receive(AReturn.Agent, [(line, 1)], Now.AddDays(4));

        Assert.True(second.IsSuccess);
        Assert.True(returnCase.IsFullyReceived);
        Assert.Equal(2, returnCase.Lines[0].ReceivedQuantity);
        Assert.True(Assert.IsType<ItemsReceived>(returnCase.PendingEvents[^1]).Complete);
        AssertLastStep(returnCase, AReturn.Agent, ReturnStatus.Received, ReturnStatus.Received, nameof(ItemsReceived));
    }

    [Fact]
    public void Receive_WhenApprovedWithoutLabel_IsReceived()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;

        var result = returnCase.Receive(AReturn.Agent, [(returnCase.Lines[0].Id, 2)], Now.AddDays(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, returnCase.Status);
    }

    [Fact]
    public void Receive_WhenMoreThanApproved_IsRefused()
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;
        var line = returnCase.Lines[0].Id;
        returnCase.Receive(AReturn.Agent, [(line, 1)], Now.AddDays(3));

        var result = returnCase.Receive(AReturn.Agent, [(line, 1), (line, 1)], Now.AddDays(4));

        var error = Assert.Single(result.Errors);
        Assert.Equal("receipt.exceedsApproved", error.Code);
        Assert.Equal("lines[1].quantity", error.Target);
        Assert.Equal(1, returnCase.Lines[0].ReceivedQuantity);
    }

    [Fact]
    public void Receive_WhenLineIsNotOnTheReturn_IsRefused()
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;

        var result = returnCase.Receive(AReturn.Agent, [(Guid.NewGuid(), 1)], Now.AddDays(3));

        Assert.Equal("return.line.unknown", Assert.Single(result.Errors).Code);
        Assert.Equal(ReturnStatus.InTransit, returnCase.Status);
    }

    [Fact]
    public void Inspect_WhenEveryApprovedUnitArrivedAndIsGraded_IsInspected()
    {
        var returnCase = AReturn.In(ReturnStatus.Received).Case;
        var line = returnCase.Lines[0].Id;

        var result = returnCase.Inspect(AReturn.Agent, [(line, AReturn.AUnit()), (line, AReturn.AUnit())], Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Inspected, returnCase.Status);
        Assert.Equal(2, returnCase.Lines[0].Units.Count);
        AssertLastStep(returnCase, AReturn.Agent, ReturnStatus.Received, ReturnStatus.Inspected, nameof(UnitsInspected));
        Assert.Equal("2 New → Restock", returnCase.Timeline[^1].Note);
        Assert.Equal(2, Assert.IsType<UnitsInspected>(returnCase.PendingEvents[^1]).Units);
    }

    [Fact]
    public void Inspect_WhenSomeReceivedUnitsAreNotGraded_StaysReceived()
    {
        var returnCase = AReturn.In(ReturnStatus.Received).Case;

        var result = returnCase.Inspect(AReturn.Agent, [(returnCase.Lines[0].Id, AReturn.AUnit())], Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, returnCase.Status);
        AssertLastStep(returnCase, AReturn.Agent, ReturnStatus.Received, ReturnStatus.Received, nameof(UnitsInspected));
    }

    [Fact]
    public void Inspect_WhenApprovedUnitsAreStillMissing_StaysReceived()
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;
        var line = returnCase.Lines[0].Id;
        returnCase.Receive(AReturn.Agent, [(line, 1)], Now.AddDays(3));

        var result = returnCase.Inspect(AReturn.Agent, [(line, AReturn.AUnit())], Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Received, returnCase.Status);
    }

    [Fact]
    public void Inspect_WhenMoreUnitsThanReceived_IsRefused()
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;
        var line = returnCase.Lines[0].Id;
        returnCase.Receive(AReturn.Agent, [(line, 1)], Now.AddDays(3));

        var result = returnCase.Inspect(AReturn.Agent, [(line, AReturn.AUnit()), (line, AReturn.AUnit())], Now.AddDays(4));

        var error = Assert.Single(result.Errors);
        Assert.Equal("inspection.exceedsReceived", error.Code);
        Assert.Equal("lines[1]", error.Target);
        Assert.Empty(returnCase.Lines[0].Units);
    }

    [Theory]
    [InlineData(ReturnStatus.Approved)]
    [InlineData(ReturnStatus.InTransit)]
    [InlineData(ReturnStatus.Inspected)]
    public void Inspect_WhenNotReceived_IsRefused(ReturnStatus from)
    {
        var returnCase = AReturn.In(from).Case;

        var result = returnCase.Inspect(AReturn.Agent, [(returnCase.Lines[0].Id, AReturn.AUnit())], Now.AddDays(4));

        Assert.Equal("return.transition.notAllowed", Assert.Single(result.Errors).Code);
        Assert.Equal(from, returnCase.Status);
    }

    [Fact]
    public void Close_WhenResolved_IsClosed()
    {
        var returnCase = AReturn.In(ReturnStatus.Resolved).Case;

        var result = returnCase.Close(Actor.System, Now.AddDays(30));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Closed, returnCase.Status);
        AssertLastStep(returnCase, Actor.System, ReturnStatus.Resolved, ReturnStatus.Closed, nameof(ReturnClosed));
        Assert.IsType<ReturnClosed>(returnCase.PendingEvents[^1]);
    }

    [Fact]
    public void Transitions_WhenFollowedToClosed_LeaveOneTimelineEntryPerStepInOrder()
    {
        var returnCase = AReturn.In(ReturnStatus.Closed).Case;

        var moves = returnCase.Timeline.Where(e => e.From != e.To).Select(e => (e.From, e.To)).ToList();

        Assert.Equal(
            [
                (null, ReturnStatus.Requested),
                (ReturnStatus.Requested, ReturnStatus.Approved),
                (ReturnStatus.Approved, ReturnStatus.AwaitingShipment),
                (ReturnStatus.AwaitingShipment, ReturnStatus.InTransit),
                (ReturnStatus.InTransit, ReturnStatus.Received),
                (ReturnStatus.Received, ReturnStatus.Inspected),
                (ReturnStatus.Inspected, ReturnStatus.Resolved),
                (ReturnStatus.Resolved, ReturnStatus.Closed),
            ],
            moves);
        Assert.All(returnCase.Timeline, e => Assert.False(string.IsNullOrEmpty(e.ActorName)));
        Assert.Equal(
            ["ReturnRequested", "ReturnApproved", "LabelIssued", "ParcelInTransit", "ItemsReceived", "UnitsInspected", "RefundRecorded", "RefundSucceeded", "ReturnResolved", "ReturnClosed"],
            returnCase.PendingEvents.Select(e => e.GetType().Name));
    }

    [Fact]
    public void ClearEvents_WhenEventsWereMovedToTheOutbox_LeavesNoPendingEvents()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;

        returnCase.ClearEvents();

        Assert.Empty(returnCase.PendingEvents);
        Assert.Equal(2, returnCase.Timeline.Count);
    }

    private static void AssertLastStep(ReturnCase returnCase, Actor actor, ReturnStatus from, ReturnStatus to, string eventName)
    {
        var entry = returnCase.Timeline[^1];
        Assert.Equal(actor.Kind, entry.ActorKind);
        Assert.Equal(actor.Name, entry.ActorName);
        Assert.Equal(from, entry.From);
        Assert.Equal(to, entry.To);
        Assert.Equal(eventName, entry.Event);
    }
}

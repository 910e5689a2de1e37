using Retour.Domain.Money;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

/// <summary>What carrier events do to a return, and refunds made before inspection (decision 0020).</summary>
public sealed class ReturnCaseTrackingTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;

    [Fact]
    public void Delivered_BeforeTheFirstScan_MovesInTransit_AndTheLateScanIsOnlyWrittenDown()
    {
        var returnCase = AReturn.In(ReturnStatus.AwaitingShipment).Case;

        returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.Delivered, Now.AddDays(2), null, Now.AddDays(2));
        var result = returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, Now.AddDays(1), null, Now.AddDays(2).AddMinutes(1));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.InTransit, returnCase.Status);
        Assert.Equal(Now.AddDays(2), returnCase.LastCarrierEventAt);
        var late = returnCase.Timeline[^1];
        Assert.Equal((ReturnStatus.InTransit, ReturnStatus.InTransit), (late.From, late.To));
        Assert.Contains("older than the last event", late.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelCreated_IsInformational()
    {
        var returnCase = AReturn.In(ReturnStatus.AwaitingShipment).Case;
        var events = returnCase.PendingEvents.Count;

        returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.LabelCreated, Now.AddHours(3), null, Now.AddHours(3));

        Assert.Equal(ReturnStatus.AwaitingShipment, returnCase.Status);
        Assert.Equal(ReturnCase.CarrierLabelEvent, returnCase.Timeline[^1].Event);
        Assert.Equal(events, returnCase.PendingEvents.Count);
    }

    [Theory]
    [InlineData(CarrierEventKind.Exception, ReturnAttention.CarrierException)]
    [InlineData(CarrierEventKind.ReturnedToSender, ReturnAttention.ReturnedToSender)]
    public void TroubleOnTheWay_FlagsTheReturn_AndTellsTheCustomer(CarrierEventKind kind, ReturnAttention expected)
    {
        var returnCase = AReturn.In(ReturnStatus.InTransit).Case;

        returnCase.RecordCarrierEvent(Actor.System, kind, Now.AddDays(2), "Parcel damaged", Now.AddDays(2));

        Assert.Equal((ReturnStatus.InTransit, expected, Now.AddDays(2)), (returnCase.Status, returnCase.Attention, returnCase.AttentionSince));
        Assert.Contains(returnCase.PendingEvents, e => e is ParcelProblem or ParcelReturnedToSender);
    }

    [Fact]
    public void AnOlderException_OrOneAfterReceipt_FlagsNothing()
    {
        var inTransit = AReturn.In(ReturnStatus.InTransit).Case;
        inTransit.RecordCarrierEvent(Actor.System, CarrierEventKind.InTransit, Now.AddDays(2), null, Now.AddDays(2));
        var received = AReturn.In(ReturnStatus.Received).Case;

        inTransit.RecordCarrierEvent(Actor.System, CarrierEventKind.Exception, Now.AddDays(1).AddHours(1), "Old news", Now.AddDays(2).AddHours(1));
        received.RecordCarrierEvent(Actor.System, CarrierEventKind.ReturnedToSender, Now.AddDays(5), null, Now.AddDays(5));

        Assert.Null(inTransit.Attention);
        Assert.Null(received.Attention);
        Assert.Equal(ReturnStatus.Received, received.Status);
        Assert.DoesNotContain(received.PendingEvents, e => e is ParcelReturnedToSender);
    }

    [Fact]
    public void ALaterScan_ClearsAnException_ButNotAReturnToSender()
    {
        var exception = AReturn.In(ReturnStatus.InTransit).Case;
        var back = AReturn.In(ReturnStatus.InTransit).Case;
        exception.RecordCarrierEvent(Actor.System, CarrierEventKind.Exception, Now.AddDays(2), null, Now.AddDays(2));
        back.RecordCarrierEvent(Actor.System, CarrierEventKind.ReturnedToSender, Now.AddDays(2), null, Now.AddDays(2));

        exception.RecordCarrierEvent(Actor.System, CarrierEventKind.InTransit, Now.AddDays(3), null, Now.AddDays(3));
        back.RecordCarrierEvent(Actor.System, CarrierEventKind.InTransit, Now.AddDays(3), null, Now.AddDays(3));

        Assert.Null(exception.Attention);
        Assert.Equal(ReturnAttention.ReturnedToSender, back.Attention);
        Assert.Equal("return.attention.note", Assert.Single(back.ClearAttention(AReturn.Agent, " ", Now.AddDays(4)).Errors).Code);
        Assert.True(back.ClearAttention(AReturn.Agent, "Customer ships again", Now.AddDays(4)).IsSuccess);
        Assert.Null(back.Attention);
    }

    [Fact]
    public void RefundInAdvance_AtTheFirstScan_RefundsOnce_AndTheSettlementPaysOnlyWhatIsLeft()
    {
        var scenario = AReturn.In(ReturnStatus.InTransit);
        var returnCase = scenario.Case;
        var before = new Dictionary<Guid, int>();

        var first = returnCase.RefundInAdvance(scenario.Order, before, RefundDeductions.None, RefundTiming.OnFirstScan, Actor.System, Now.AddDays(1));
        var again = returnCase.RefundInAdvance(scenario.Order, before, RefundDeductions.None, RefundTiming.OnFirstScan, Actor.System, Now.AddDays(1).AddMinutes(1));

        Assert.True(first.IsSuccess && again.IsSuccess);
        var advance = Assert.Single(returnCase.Refunds);
        Assert.Equal(RefundPurpose.Advance, advance.Purpose);
        Assert.Equal(returnCase.Lines.Sum(l => l.AdvanceRefundedAmount), advance.Amount);
        Assert.True(advance.Amount > 0m);

        scenario.ReceivedInFull().InspectedInFull();
        var settled = returnCase.RecordRefund(scenario.Order, before, RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        Assert.True(settled.IsSuccess);
        Assert.Single(returnCase.Refunds);
        Assert.Equal(ReturnStatus.Inspected, returnCase.Status);
        Assert.True(returnCase.CompleteRefund(advance.Id, "re_1", Actor.System, Now.AddDays(5)).IsSuccess);
        Assert.Equal(ReturnStatus.Resolved, returnCase.Status);
        Assert.Null(returnCase.Attention);
    }

    [Theory]
    [InlineData(RefundTiming.AfterInspection, ReturnStatus.InTransit)]
    [InlineData(RefundTiming.OnReceipt, ReturnStatus.InTransit)]
    [InlineData(RefundTiming.OnFirstScan, ReturnStatus.AwaitingShipment)]
    public void RefundInAdvance_BeforeItsMoment_DoesNothing(RefundTiming timing, ReturnStatus status)
    {
        var scenario = AReturn.In(status);

        var result = scenario.Case.RefundInAdvance(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, timing, Actor.System, Now.AddDays(1));

        Assert.True(result.IsSuccess);
        Assert.Empty(scenario.Case.Refunds);
    }

    [Fact]
    public void RefundInAdvance_BeyondTheSettlement_IsNotClawedBack_ButFlagged()
    {
        var scenario = AReturn.In(ReturnStatus.InTransit);
        var returnCase = scenario.Case;
        var before = new Dictionary<Guid, int>();
        returnCase.RefundInAdvance(scenario.Order, before, RefundDeductions.None, RefundTiming.OnFirstScan, Actor.System, Now.AddDays(1));
        var advance = returnCase.Refunds[0].Amount;
        scenario.ReceivedInFull().InspectedInFull();

        // The settlement's deductions (decided at inspection) leave less than what went back early.
        returnCase.RecordRefund(scenario.Order, before, new RefundDeductions(0m, 10m), AReturn.Agent, Now.AddDays(4));

        Assert.Single(returnCase.Refunds);
        Assert.Equal(advance, returnCase.Refunds[0].Amount);
        Assert.Equal(ReturnAttention.AdvanceRefundExceeded, returnCase.Attention);
        Assert.Contains(returnCase.Timeline, t => t.Event == ReturnCase.AdvanceExceededEvent);
    }

    [Fact]
    public void RefundInAdvance_OnApproval_ThenExpired_IsLeftForStaff()
    {
        var scenario = AReturn.In(ReturnStatus.Approved);
        var returnCase = scenario.Case;
        returnCase.RefundInAdvance(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, RefundTiming.OnApproval, Actor.System, Now.AddHours(2));

        var expired = returnCase.Expire(AReturn.ShipBy.AddMinutes(1));

        Assert.True(expired.IsSuccess);
        Assert.Single(returnCase.Refunds);
        Assert.Equal(ReturnAttention.AdvanceRefundExceeded, returnCase.Attention);
        Assert.Contains("Expired", returnCase.Timeline[^1].Note, StringComparison.Ordinal);
    }
}

using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseRefundTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;
    private static readonly RefundDeductions TenPercentAndShipping = new(10m, 4.90m);

    [Fact]
    public void RecordRefund_WhenInspected_AllocatesToThePaymentsAndReservesThem()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now)
            .WithLine("COAT", 1, 100.00m, 20.00m)
            .PaidBy(TenderMethod.GiftCard, 30.00m)
            .PaidBy(TenderMethod.Card, 90.00m)
            .Build();
        var scenario = AReturn.RequestedFrom(order, APolicy.Defective).Approved().ReceivedInFull().InspectedInFull();
        var returnCase = scenario.Case;

        var result = returnCase.RecordRefund(order, new Dictionary<Guid, int>(), TenPercentAndShipping, AReturn.Agent, Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Inspected, returnCase.Status);
        var card = order.Tenders.Single(t => t.Method == TenderMethod.Card);
        var giftCard = order.Tenders.Single(t => t.Method == TenderMethod.GiftCard);
        Assert.Collection(
            returnCase.Refunds,
            r =>
            {
                Assert.Equal(card.Id, r.TenderId);
                Assert.Equal(90m, r.Amount);
                Assert.Equal(RefundStatus.Recorded, r.Status);
                Assert.Equal("simulator", r.Provider);
                Assert.Equal("EUR", r.CurrencyCode);
                Assert.StartsWith("retour-refund-", r.IdempotencyKey, StringComparison.Ordinal);
            },
            r =>
            {
                Assert.Equal(giftCard.Id, r.TenderId);
                Assert.Equal(30m, r.Amount);
            });
        Assert.Equal(0m, card.Refundable);
        Assert.Equal(0m, giftCard.Refundable);
        Assert.Equal(0m, returnCase.RestockingFee);
        Assert.Equal(0m, returnCase.ReturnShippingFee);
        Assert.Equal(120m, returnCase.Lines[0].RefundedAmount);
        Assert.Equal(1, returnCase.Lines[0].RefundedQuantity);
        Assert.Equal(2, returnCase.PendingEvents.OfType<RefundRecorded>().Count());
        var entry = returnCase.Timeline[^1];
        Assert.Equal(nameof(RefundRecorded), entry.Event);
        Assert.StartsWith("Refund of 120", entry.Note, StringComparison.Ordinal);
        Assert.Contains(" EUR recorded", entry.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordRefund_WhenCustomerIsAtFault_DeductsTheFees()
    {
        var scenario = AReturn.In(ReturnStatus.Inspected);

        var result = scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), TenPercentAndShipping, AReturn.Agent, Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal(12.00m, scenario.Case.RestockingFee);
        Assert.Equal(4.90m, scenario.Case.ReturnShippingFee);
        Assert.Equal(103.10m, Assert.Single(scenario.Case.Refunds).Amount);
        Assert.Equal(120m - 103.10m, scenario.Order.Tenders[0].Refundable);
    }

    [Fact]
    public void RecordRefund_WhenUnitsWereRefundedBefore_TakesTheNextUnitsOfTheLine()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("SOCKS", 3, 10m).WithOrderDiscount(1m).Build();
        var orderLine = order.Lines[0];
        var (returnCase, _) = ReturnCase.Request(
            order,
            [new RequestedLine(orderLine.Id, 2, APolicy.Defective, null, Resolution.Refund)],
            new Dictionary<Guid, int> { [orderLine.Id] = 1 },
            APolicy.WithWindow(),
            ReturnChannel.Portal,
            AReturn.Shopper,
            "R-ABCDEF",
            null,
            Now);
        returnCase!.Approve(AReturn.Agent, null, AReturn.ShipBy, Now);
        returnCase.Receive(AReturn.Agent, [(returnCase.Lines[0].Id, 2)], Now.AddDays(1));
        returnCase.Inspect(AReturn.Agent, [(returnCase.Lines[0].Id, AReturn.AUnit()), (returnCase.Lines[0].Id, AReturn.AUnit())], Now.AddDays(2));

        var result = returnCase.RecordRefund(order, new Dictionary<Guid, int> { [orderLine.Id] = 1 }, RefundDeductions.None, AReturn.Agent, Now.AddDays(2));

        Assert.True(result.IsSuccess);
        Assert.Equal(9.67m + 9.66m, Assert.Single(returnCase.Refunds).Amount);
    }

    [Fact]
    public void RecordRefund_WhenAlreadyRecorded_IsRefusedAndReservesNothingMore()
    {
        var scenario = AReturn.In(ReturnStatus.Inspected);
        scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        var result = scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        Assert.Equal("refund.alreadyRecorded", Assert.Single(result.Errors).Code);
        Assert.Single(scenario.Case.Refunds);
        Assert.Equal(120m, scenario.Order.Tenders[0].Refunded);
    }

    [Fact]
    public void RecordRefund_WhenPaymentsCannotCoverIt_IsRefusedAndReservesNothing()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100m, 20m).PaidBy(TenderMethod.Card, 50m).Build();
        var returnCase = AReturn.RequestedFrom(order).Approved().ReceivedInFull().InspectedInFull().Case;

        var result = returnCase.RecordRefund(order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        var error = Assert.Single(result.Errors);
        Assert.Equal("refund.exceedsPayments", error.Code);
        Assert.Equal("amount", error.Target);
        Assert.Empty(returnCase.Refunds);
        Assert.Equal(0m, order.Tenders[0].Refunded);
        Assert.Equal(ReturnStatus.Inspected, returnCase.Status);
    }

    [Fact]
    public void RecordRefund_WhenSettlementIsZero_ResolvesAtOnce()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("SAMPLE", 1, 0m).Build();
        var returnCase = AReturn.RequestedFrom(order).Approved().ReceivedInFull().InspectedInFull().Case;

        var result = returnCase.RecordRefund(order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Empty(returnCase.Refunds);
        Assert.Equal(ReturnStatus.Resolved, returnCase.Status);
        Assert.IsType<ReturnResolved>(returnCase.PendingEvents[^1]);
    }

    [Fact]
    public void CompleteRefund_WhenEveryRefundSucceeded_Resolves()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now)
            .WithLine("COAT", 1, 100m, 20m)
            .PaidBy(TenderMethod.GiftCard, 30m)
            .PaidBy(TenderMethod.Card, 90m)
            .Build();
        var returnCase = AReturn.RequestedFrom(order, APolicy.Defective).Approved().ReceivedInFull().InspectedInFull().Case;
        returnCase.RecordRefund(order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        var first = returnCase.CompleteRefund(returnCase.Refunds[0].Id, "re_1", Actor.System, Now.AddDays(5));

        Assert.True(first.IsSuccess);
        Assert.Equal(ReturnStatus.Inspected, returnCase.Status);
        Assert.Equal(RefundStatus.Succeeded, returnCase.Refunds[0].Status);
        Assert.Equal("re_1", returnCase.Refunds[0].ProviderReference);

        var second = returnCase.CompleteRefund(returnCase.Refunds[1].Id, "re_2", Actor.System, Now.AddDays(5));

        Assert.True(second.IsSuccess);
        Assert.Equal(ReturnStatus.Resolved, returnCase.Status);
        var resolved = returnCase.Timeline[^1];
        Assert.Equal(ReturnStatus.Inspected, resolved.From);
        Assert.Equal(ReturnStatus.Resolved, resolved.To);
        Assert.Equal(ActorKind.System, resolved.ActorKind);
        Assert.Equal(2, returnCase.PendingEvents.OfType<RefundSucceeded>().Count());
        Assert.IsType<ReturnResolved>(returnCase.PendingEvents[^1]);
    }

    [Fact]
    public void CompleteRefund_WhenConfirmedTwice_IsIdempotent()
    {
        var returnCase = AReturn.In(ReturnStatus.Resolved).Case;
        var timeline = returnCase.Timeline.Count;
        var events = returnCase.PendingEvents.Count;

        var result = returnCase.CompleteRefund(returnCase.Refunds[0].Id, "re_again", Actor.System, Now.AddDays(6));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Resolved, returnCase.Status);
        Assert.Equal(timeline, returnCase.Timeline.Count);
        Assert.Equal(events, returnCase.PendingEvents.Count);
        Assert.NotEqual("re_again", returnCase.Refunds[0].ProviderReference);
    }

    [Fact]
    public void CompleteRefund_WhenPendingAtTheProvider_Resolves()
    {
        var scenario = AReturn.In(ReturnStatus.Inspected);
        scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));
        var refund = scenario.Case.Refunds[0];
        scenario.Case.MarkRefundPending(refund.Id, "pending_1", Now.AddDays(4));

        Assert.Equal(RefundStatus.Pending, refund.Status);
        var result = scenario.Case.CompleteRefund(refund.Id, "re_1", Actor.System, Now.AddDays(6));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.Resolved, scenario.Case.Status);
    }

    [Fact]
    public void CompleteRefund_WhenRefundIsUnknown_IsRefused()
    {
        var returnCase = AReturn.In(ReturnStatus.Inspected).Case;

        var result = returnCase.CompleteRefund(Guid.NewGuid(), "re_1", Actor.System, Now.AddDays(5));

        Assert.Equal("refund.unknown", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void FailRefund_WhenProviderDeclines_ReleasesTheReservationAndWaitsForAPerson()
    {
        var scenario = AReturn.In(ReturnStatus.Inspected);
        scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));
        var refund = scenario.Case.Refunds[0];
        Assert.Equal(0m, scenario.Order.Tenders[0].Refundable);

        var result = scenario.Case.FailRefund(refund.Id, "card_expired", scenario.Order, Now.AddDays(5));

        Assert.True(result.IsSuccess);
        Assert.Equal(RefundStatus.Failed, refund.Status);
        Assert.Equal("card_expired", refund.FailureReason);
        Assert.Equal(120m, scenario.Order.Tenders[0].Refundable);
        Assert.Equal(ReturnStatus.Inspected, scenario.Case.Status);
        var entry = scenario.Case.Timeline[^1];
        Assert.Equal(nameof(RefundFailed), entry.Event);
        Assert.Equal("card_expired", entry.Note);
        Assert.Equal("card_expired", Assert.IsType<RefundFailed>(scenario.Case.PendingEvents[^1]).Reason);
    }

    [Fact]
    public void FailRefund_WhenReportedTwice_ReleasesOnlyOnce()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 2, 50m, 10m).PaidBy(TenderMethod.Card, 200m).Build();
        var returnCase = AReturn.RequestedFrom(order).Approved().ReceivedInFull().InspectedInFull().Case;
        returnCase.RecordRefund(order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));
        order.Tenders[0].Reserve(50m);
        var refundId = returnCase.Refunds[0].Id;
        returnCase.FailRefund(refundId, "declined", order, Now.AddDays(5));

        var result = returnCase.FailRefund(refundId, "declined", order, Now.AddDays(6));

        Assert.True(result.IsSuccess);
        Assert.Equal(50m, order.Tenders[0].Refunded);
    }

    [Fact]
    public void CompleteRefund_WhenRefundFailed_IsRefused()
    {
        var scenario = AReturn.In(ReturnStatus.Inspected);
        scenario.Case.RecordRefund(scenario.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));
        var refundId = scenario.Case.Refunds[0].Id;
        scenario.Case.FailRefund(refundId, "declined", scenario.Order, Now.AddDays(5));

        var result = scenario.Case.CompleteRefund(refundId, "re_1", Actor.System, Now.AddDays(6));

        Assert.Equal("refund.failed", Assert.Single(result.Errors).Code);
        Assert.Equal(ReturnStatus.Inspected, scenario.Case.Status);
    }
}

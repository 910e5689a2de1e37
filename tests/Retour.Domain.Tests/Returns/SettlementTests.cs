using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class SettlementTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;
    private static readonly DateTimeOffset At = Now.AddDays(4);

    private static Order TwoLines() => AnOrder.DeliveredDaysAgo(10, Now)
        .WithLine("COAT", 1, 100.00m, 20.00m)
        .WithLine("TEE", 1, 20.00m, 4.00m)
        .PaidBy(TenderMethod.Card, 144.00m)
        .Build();

    private static ReturnCase Inspected(Order order, params (Resolution, RequestedExchange?)[] settle) =>
        AReturn.RequestedFrom(order, APolicy.Defective, settle).Approved().ReceivedInFull().InspectedInFull().Case;

    [Fact]
    public void Settle_AsRequested_GivesEachLineItsOwnResolution()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.StoreCredit, null), (Resolution.Refund, null));

        var result = r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None, StoreCreditBonusPercent: 10m), AReturn.Agent, At);

        Assert.True(result.IsSuccess);
        var refund = Assert.Single(r.Refunds);
        Assert.Equal(24.00m, refund.Amount);
        var credit = Assert.Single(r.Settlements);
        Assert.Equal(SettlementKind.StoreCredit, credit.Kind);
        Assert.Equal(120.00m, credit.Amount);
        Assert.Equal(12.00m, credit.Bonus);
        Assert.Equal(SettlementStatus.Issued, credit.Status);
        Assert.Equal(120.00m, order.Tenders[0].Refundable);
        var issued = Assert.Single(r.PendingEvents.OfType<StoreCreditGranted>());
        Assert.Equal(r.CustomerEmail, issued.CustomerEmail);
        Assert.Equal(ReturnStatus.Inspected, r.Status);
    }

    [Fact]
    public void Settle_WhenNothingGoesToAPayment_ResolvesAtOnceWithoutTouchingThePayments()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.GiftCard, null), (Resolution.GiftCard, null));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        Assert.Empty(r.Refunds);
        var card = Assert.Single(r.Settlements);
        Assert.Equal((SettlementKind.GiftCard, 144.00m, 0m), (card.Kind, card.Amount, card.Bonus));
        Assert.Equal(144.00m, order.Tenders[0].Refundable);
        Assert.Single(r.PendingEvents.OfType<GiftCardGranted>());
        Assert.Equal(ReturnStatus.Resolved, r.Status);
    }

    [Fact]
    public void Settle_ACheaperExchange_RefundsTheDifferenceAndSendsTheItem()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Exchange, new RequestedExchange("COAT-BLUE", -30.00m)));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        var exchange = Assert.Single(r.Settlements);
        Assert.Equal((SettlementKind.Exchange, "COAT-BLUE", 1, 0m, SettlementStatus.AwaitingFulfilment), (exchange.Kind, exchange.Sku, exchange.Quantity, exchange.AmountDue, exchange.Status));
        // 30.00 back on the coat, and the tee (refund by default) 24.00.
        Assert.Equal(54.00m, r.Refunds.Sum(f => f.Amount));
        var created = Assert.Single(r.PendingEvents.OfType<ExchangeCreated>());
        Assert.Equal(("COAT-BLUE", 1, 0m, r.OrderNumber), (created.Sku, created.Quantity, created.AmountDue, created.OrderNumber));
    }

    [Fact]
    public void Settle_ADearerExchange_LeavesTheGapDueAndRefundsNothingForIt()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Exchange, new RequestedExchange("COAT-LONG", 15.50m)), (Resolution.StoreCredit, null));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        Assert.Empty(r.Refunds);
        var exchange = Assert.Single(r.Settlements, s => s.Kind == SettlementKind.Exchange);
        Assert.Equal(15.50m, exchange.AmountDue);
        Assert.Equal(24.00m, Assert.Single(r.Settlements, s => s.Kind == SettlementKind.StoreCredit).Amount);
        Assert.Equal(ReturnStatus.Resolved, r.Status);
    }

    [Fact]
    public void Settle_AnExchangeOutOfStock_BecomesStoreCreditAndSaysSo()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Exchange, new RequestedExchange("COAT-BLUE", 0m)));
        var coat = r.Lines[0].Id;

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None, Unavailable: new HashSet<Guid> { coat }), AReturn.Agent, At).IsSuccess);

        var credit = Assert.Single(r.Settlements);
        Assert.Equal((SettlementKind.StoreCredit, 120.00m), (credit.Kind, credit.Amount));
        Assert.Contains("COAT-BLUE is out of stock, settled in store credit", r.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_AReplacementOutOfStock_IsRefunded()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Replacement, null), (Resolution.Replacement, null));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None, Unavailable: new HashSet<Guid> { r.Lines[1].Id }), AReturn.Agent, At).IsSuccess);

        var replacement = Assert.Single(r.Settlements);
        Assert.Equal((SettlementKind.Replacement, "COAT", 0m), (replacement.Kind, replacement.Sku, replacement.AmountDue));
        Assert.Equal(24.00m, Assert.Single(r.Refunds).Amount);
    }

    [Fact]
    public void Settle_StaffChoosingOneResolution_OverridesTheCustomersChoices()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.StoreCredit, null), (Resolution.Exchange, new RequestedExchange("TEE-L", 0m)));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None, Resolution.Refund), AReturn.Agent, At).IsSuccess);

        Assert.Empty(r.Settlements);
        Assert.Equal(144.00m, r.Refunds.Sum(f => f.Amount));
    }

    [Fact]
    public void Settle_SharesTheDeductionsOverTheLinesInProportion()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithLine("TEE", 1, 50.00m).PaidBy(TenderMethod.Card, 150.00m).Build();
        var r = AReturn.RequestedFrom(order, APolicy.ChangedMind, (Resolution.StoreCredit, null), (Resolution.Refund, null)).Approved().ReceivedInFull().InspectedInFull().Case;

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(new RefundDeductions(10m, 0m)), AReturn.Agent, At).IsSuccess);

        // 10 % of 150 = 15 withheld, 10 from the coat and 5 from the tee; nothing lost or made up in the split.
        Assert.Equal(90.00m, Assert.Single(r.Settlements).Amount);
        Assert.Equal(45.00m, Assert.Single(r.Refunds).Amount);
        Assert.Equal(15.00m, r.RestockingFee);
    }

    [Fact]
    public void Settle_Twice_IsRefused()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.StoreCredit, null), (Resolution.StoreCredit, null));
        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        var again = r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At);

        Assert.False(again.IsSuccess);
        Assert.Single(r.Settlements);
    }

    [Fact]
    public void FulfilSettlement_RecordsTheShopsOrderOnceAndRefusesAnother()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Exchange, new RequestedExchange("COAT-BLUE", 0m)), (Resolution.StoreCredit, null));
        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);
        var exchange = r.Settlements.Single(s => s.Kind == SettlementKind.Exchange);
        var credit = r.Settlements.Single(s => s.Kind == SettlementKind.StoreCredit);

        Assert.True(r.FulfilSettlement(exchange.Id, " #1042 ", AReturn.Agent, At.AddHours(1)).IsSuccess);
        Assert.True(r.FulfilSettlement(exchange.Id, "#1042", AReturn.Agent, At.AddHours(2)).IsSuccess);

        Assert.Equal((SettlementStatus.Fulfilled, "#1042"), (exchange.Status, exchange.FulfilmentReference));
        Assert.Single(r.PendingEvents.OfType<ExchangeFulfilled>());
        Assert.Equal("settlement.alreadyFulfilled", r.FulfilSettlement(exchange.Id, "#2000", AReturn.Agent, At).Errors[0].Code);
        Assert.Equal("settlement.unknown", r.FulfilSettlement(credit.Id, "#1042", AReturn.Agent, At).Errors[0].Code);
    }

    [Fact]
    public void Goodwill_OnAnAmazonPayOrder_MayGoBeyondTheCaptureWithinAmazonsAllowance()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).PaidBy(TenderMethod.AmazonPay, 100.00m).Build();
        var r = AReturn.RequestedFrom(order).Approved().Case;

        var tooMuch = r.RecordGoodwill(order, 15.01m, "Parcel lost for a week", AReturn.Agent, At);
        var allowed = r.RecordGoodwill(order, 15.00m, "Parcel lost for a week", AReturn.Agent, At);

        Assert.Equal("refund.goodwill.exceedsPayments", tooMuch.Errors[0].Code);
        Assert.True(allowed.IsSuccess);
        Assert.Equal(15.00m, Assert.Single(r.Refunds).Amount);
    }

    [Fact]
    public void Settle_TheWholeOrderByAnEuConsumer_RefundsTheDeliveryUpToTheCheapestStandardRate()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(6.90m, 4.90m).Build();
        var r = Inspected(order);

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        Assert.Equal(104.90m, Assert.Single(r.Refunds).Amount);
        Assert.Contains("Outbound delivery 4.90 EUR refunded", r.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_TheWholeOrderInStoreCredit_StillRefundsTheDeliveryToThePayment()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(4.90m, 4.90m).Build();
        var r = Inspected(order, (Resolution.StoreCredit, null));

        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);

        Assert.Equal(4.90m, Assert.Single(r.Refunds).Amount);
        Assert.Equal(100.00m, Assert.Single(r.Settlements).Amount);
    }

    [Fact]
    public void OutboundDelivery_IsOwedOnlyForTheWholeOrder_AndOnlyToConsumersWithAWithdrawalRight()
    {
        var partOnly = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithLine("TEE", 1, 20.00m).WithShipping(4.90m, 4.90m).Build();
        var business = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(4.90m, 4.90m).ForBusiness().Build();
        var american = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(4.90m, 4.90m).ShippedTo("US").Build();
        var rest = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithLine("TEE", 1, 20.00m).WithShipping(4.90m, 0m).Build();
        var restReturn = Inspected(rest);

        Assert.Equal(0m, ReturnCase.OutboundDeliveryOwed(partOnly, new Dictionary<Guid, int>(), [Inspected(partOnly).Lines[0]]));
        Assert.Equal(0m, ReturnCase.OutboundDeliveryOwed(business, new Dictionary<Guid, int>(), Inspected(business).Lines));
        Assert.Equal(0m, ReturnCase.OutboundDeliveryOwed(american, new Dictionary<Guid, int>(), Inspected(american).Lines));
        // The last item of an order whose first came back in an earlier return: the order is now whole; no cheapest rate known, what was paid.
        Assert.Equal(4.90m, ReturnCase.OutboundDeliveryOwed(rest, new Dictionary<Guid, int> { [rest.Lines[0].Id] = 1 }, [restReturn.Lines[1]]));
    }

    [Fact]
    public void Goodwill_WhenTheWholeOrderComesBack_LeavesTheDeliveryOwedOnThePayment()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(4.90m, 4.90m).Build();
        var r = AReturn.RequestedFrom(order).Approved().Case;

        var refused = r.RecordGoodwill(order, 0.01m, "Late parcel", AReturn.Agent, At);

        Assert.Equal("refund.goodwill.exceedsPayments", refused.Errors[0].Code);
    }

    [Fact]
    public void Goodwill_WhereNoWithdrawalRightOwesTheDelivery_MayUseTheDeliveryMoney()
    {
        var order = AnOrder.DeliveredDaysAgo(10, Now).WithLine("COAT", 1, 100.00m).WithShipping(4.90m, 4.90m).ShippedTo("US").Build();
        var r = AReturn.RequestedFrom(order).Approved().Case;

        Assert.True(r.RecordGoodwill(order, 4.90m, "Late parcel", AReturn.Agent, At).IsSuccess);
    }

    [Fact]
    public void ARepair_IsSentBackWithTracking_ThenDelivered_EachStepOnce()
    {
        var order = TwoLines();
        var r = Inspected(order, (Resolution.Repair, null), (Resolution.Refund, null));
        Assert.True(r.Settle(order, new Dictionary<Guid, int>(), new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);
        var repair = Assert.Single(r.Settlements);
        Assert.Equal((SettlementKind.Repair, "COAT", SettlementStatus.AwaitingFulfilment), (repair.Kind, repair.Sku, repair.Status));

        Assert.Equal("settlement.notSent", r.ConfirmSettlementDelivered(repair.Id, AReturn.Agent, At).Errors[0].Code);
        Assert.True(r.FulfilSettlement(repair.Id, "WS-7", AReturn.Agent, At.AddDays(3)).IsSuccess);
        r.ClearEvents();
        Assert.True(r.FulfilSettlement(repair.Id, "WS-7", AReturn.Agent, At.AddDays(4), "ups", "1Z999").IsSuccess);
        Assert.True(r.FulfilSettlement(repair.Id, "WS-7", AReturn.Agent, At.AddDays(4), "ups", "1Z999").IsSuccess);

        var sent = Assert.Single(r.PendingEvents.OfType<ExchangeFulfilled>());
        Assert.Equal(("Repair", "ups", "1Z999"), (sent.Kind, sent.Carrier, sent.TrackingNumber));
        Assert.Equal((SettlementStatus.Fulfilled, At.AddDays(3)), (repair.Status, repair.FulfilledAt));
        Assert.Contains("Repaired COAT sent back with order WS-7, tracking 1Z999 (ups)", r.Timeline[^1].Note, StringComparison.Ordinal);

        Assert.True(r.ConfirmSettlementDelivered(repair.Id, AReturn.Agent, At.AddDays(6)).IsSuccess);
        Assert.True(r.ConfirmSettlementDelivered(repair.Id, AReturn.Agent, At.AddDays(7)).IsSuccess);
        Assert.Equal((SettlementStatus.Delivered, At.AddDays(6)), (repair.Status, repair.DeliveredAt));
        Assert.Single(r.PendingEvents.OfType<ExchangeDelivered>());
        Assert.Equal("settlement.alreadyFulfilled", r.FulfilSettlement(repair.Id, "WS-8", AReturn.Agent, At.AddDays(8)).Errors[0].Code);
    }
}

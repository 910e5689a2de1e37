using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

/// <summary>Charges to the customer's card: a dearer exchange's difference, and the hold of an instant exchange.</summary>
public sealed class CustomerChargeTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;
    private static readonly DateTimeOffset At = Now.AddDays(4);
    private static readonly Dictionary<Guid, int> NothingBefore = [];

    private static Order TwoLines() => AnOrder.DeliveredDaysAgo(10, Now)
        .WithLine("COAT", 1, 100.00m, 20.00m)
        .WithLine("TEE", 1, 20.00m, 4.00m)
        .PaidBy(TenderMethod.Card, 144.00m)
        .Build();

    private static AReturn Approved(Order order, RequestedExchange exchange) =>
        AReturn.RequestedFrom(order, APolicy.Defective, (Resolution.Exchange, exchange)).Approved();

    private static AReturn InstantStarted(Order order, decimal difference = 0m)
    {
        var r = Approved(order, new RequestedExchange("COAT-BLUE", difference, Instant: true));
        return r.Then(c => c.StartInstantExchanges(order, order.Tenders[0], 7, new HashSet<Guid> { c.Lines[0].Id }, Now.AddHours(2)));
    }

    [Fact]
    public void Settle_ADearerExchangeWithACardToCharge_ChargesTheGapBeforeTheShopIsTold()
    {
        var order = TwoLines();
        var r = AReturn.RequestedFrom(order, APolicy.Defective, (Resolution.Exchange, new RequestedExchange("COAT-LONG", 15.50m))).Approved().ReceivedInFull().InspectedInFull().Case;

        Assert.True(r.Settle(order, NothingBefore, new SettlementTerms(RefundDeductions.None, ChargeTenderId: order.Tenders[0].Id), AReturn.Agent, At).IsSuccess);

        var exchange = Assert.Single(r.Settlements);
        Assert.Equal((SettlementStatus.AwaitingPayment, 15.50m, 0m), (exchange.Status, exchange.AmountCharged, exchange.AmountDue));
        var charge = Assert.Single(r.Charges);
        Assert.Equal((ChargePurpose.PriceDifference, ChargeStatus.Recorded, 15.50m, exchange.Id), (charge.Purpose, charge.Status, charge.Amount, charge.SettlementEntryId));
        Assert.Equal(order.Tenders[0].TransactionId, charge.TransactionId);
        Assert.Empty(r.PendingEvents.OfType<ExchangeCreated>());
        Assert.Single(r.PendingEvents.OfType<ChargeRequested>());
        Assert.False(r.FulfilSettlement(exchange.Id, "SHOP-1", AReturn.Agent, At).IsSuccess);

        r.ClearEvents();
        Assert.True(r.ChargeTaken(charge.Id, "ch_diff", At.AddMinutes(1)).IsSuccess);
        Assert.True(r.ChargeTaken(charge.Id, "ch_diff", At.AddMinutes(2)).IsSuccess);

        Assert.Equal((ChargeStatus.Captured, "ch_diff"), (charge.Status, charge.ProviderReference));
        Assert.Equal(SettlementStatus.AwaitingFulfilment, exchange.Status);
        var created = Assert.Single(r.PendingEvents.OfType<ExchangeCreated>());
        Assert.Equal((0m, 15.50m, false), (created.AmountDue, created.AmountCharged, created.Instant));
        Assert.Single(r.PendingEvents.OfType<ChargeCaptured>());
        Assert.True(r.FulfilSettlement(exchange.Id, "SHOP-1", AReturn.Agent, At.AddHours(1)).IsSuccess);
    }

    [Fact]
    public void ChargeRefused_ForAPriceDifference_LeavesItForTheShopToCollect()
    {
        var order = TwoLines();
        var r = AReturn.RequestedFrom(order, APolicy.Defective, (Resolution.Exchange, new RequestedExchange("COAT-LONG", 15.50m))).Approved().ReceivedInFull().InspectedInFull().Case;
        Assert.True(r.Settle(order, NothingBefore, new SettlementTerms(RefundDeductions.None, ChargeTenderId: order.Tenders[0].Id), AReturn.Agent, At).IsSuccess);
        r.ClearEvents();

        Assert.True(r.ChargeRefused(r.Charges[0].Id, "card_declined", At.AddMinutes(1)).IsSuccess);

        var exchange = r.Settlements[0];
        Assert.Equal((SettlementStatus.AwaitingFulfilment, 15.50m, 0m), (exchange.Status, exchange.AmountDue, exchange.AmountCharged));
        Assert.Equal(15.50m, Assert.Single(r.PendingEvents.OfType<ExchangeCreated>()).AmountDue);
        Assert.Equal("card_declined", Assert.Single(r.PendingEvents.OfType<ChargeFailed>()).Reason);
        Assert.Equal(ChargeStatus.Failed, r.Charges[0].Status);
    }

    [Fact]
    public void StartInstantExchanges_HoldsTheNewItemsValueAndShortensTheShippingDeadline()
    {
        var order = TwoLines();
        var r = InstantStarted(order, difference: 10.00m).Case;

        var entry = Assert.Single(r.Settlements);
        Assert.True(entry.Instant);
        Assert.Equal((SettlementKind.Exchange, SettlementStatus.AwaitingPayment, "COAT-BLUE", 130.00m), (entry.Kind, entry.Status, entry.Sku, entry.Amount));
        var hold = Assert.Single(r.Charges);
        Assert.Equal((ChargePurpose.InstantExchangeHold, ChargeStatus.Recorded, 130.00m), (hold.Purpose, hold.Status, hold.Amount));
        Assert.Equal(Now.AddHours(2).AddDays(7), r.ShipBy);
        Assert.Equal(r.ShipBy, hold.CaptureAfter);
        Assert.Empty(r.PendingEvents.OfType<ExchangeCreated>());

        // Started again (the approval's event delivered twice): nothing more.
        Assert.True(r.StartInstantExchanges(order, order.Tenders[0], 7, new HashSet<Guid> { r.Lines[0].Id }, Now.AddHours(3)).IsSuccess);
        Assert.Single(r.Charges);
    }

    [Fact]
    public void StartInstantExchanges_WithoutTheItemInStock_StartsNothing()
    {
        var order = TwoLines();
        var r = Approved(order, new RequestedExchange("COAT-BLUE", 0m, Instant: true)).Case;

        Assert.True(r.StartInstantExchanges(order, order.Tenders[0], 7, new HashSet<Guid>(), Now.AddHours(2)).IsSuccess);

        Assert.Empty(r.Settlements);
        Assert.Empty(r.Charges);
        Assert.Equal(AReturn.ShipBy, r.ShipBy);
    }

    [Fact]
    public void AnInstantExchange_ShipsOnceHeld_IsReleasedByTheFirstScan_AndSettlesWithoutASecondItem()
    {
        var order = TwoLines();
        var built = InstantStarted(order);
        var r = built.Case;
        var hold = r.Charges[0];
        r.ClearEvents();

        Assert.True(r.ChargeAuthorised(hold.Id, "auth_1", Now.AddHours(3)).IsSuccess);
        Assert.Equal(ChargeStatus.Held, hold.Status);
        var created = Assert.Single(r.PendingEvents.OfType<ExchangeCreated>());
        Assert.True(created.Instant);
        Assert.Equal(SettlementStatus.AwaitingFulfilment, r.Settlements[0].Status);
        Assert.True(r.FulfilSettlement(r.Settlements[0].Id, "SHOP-9", AReturn.Agent, Now.AddHours(5)).IsSuccess);

        r.ClearEvents();
        built.Scanned();
        Assert.Equal(ChargeStatus.Releasing, hold.Status);
        Assert.Equal(hold.Id, Assert.Single(r.PendingEvents.OfType<ChargeRequested>()).ChargeId);
        Assert.True(r.ChargeReleased(hold.Id, null, Now.AddDays(1).AddMinutes(1)).IsSuccess);
        Assert.Equal(ChargeStatus.Released, hold.Status);

        built.ReceivedInFull().InspectedInFull();
        Assert.True(r.Settle(order, NothingBefore, new SettlementTerms(RefundDeductions.None, ChargeTenderId: order.Tenders[0].Id), AReturn.Agent, At).IsSuccess);

        // The coat was exchanged already; only the tee is refunded, and no second coat is sent.
        Assert.Single(r.Settlements);
        Assert.Equal(24.00m, Assert.Single(r.Refunds).Amount);
        Assert.Single(r.Charges);
    }

    [Fact]
    public void AnInstantExchange_NotSentByTheDeadline_HasItsHoldTaken()
    {
        var order = TwoLines();
        var r = InstantStarted(order).Case;
        var hold = r.Charges[0];
        Assert.True(r.ChargeAuthorised(hold.Id, "auth_1", Now.AddHours(3)).IsSuccess);
        r.ClearEvents();

        Assert.True(r.Expire(r.ShipBy!.Value.AddMinutes(1)).IsSuccess);

        Assert.Equal(ChargeStatus.Capturing, hold.Status);
        Assert.Single(r.PendingEvents.OfType<ChargeRequested>());
        Assert.True(r.ChargeTaken(hold.Id, "auth_1", r.ShipBy.Value.AddMinutes(2)).IsSuccess);
        Assert.Equal(ChargeStatus.Captured, hold.Status);
        Assert.Equal(120.00m, Assert.Single(r.PendingEvents.OfType<ChargeCaptured>()).Amount);
    }

    [Fact]
    public void Cancelling_BeforeTheHoldWasPlaced_GivesItBackAndWithdrawsTheExchange()
    {
        var order = TwoLines();
        var r = InstantStarted(order).Case;
        var hold = r.Charges[0];

        Assert.True(r.Cancel(AReturn.Shopper, "Changed my mind", Now.AddHours(3)).IsSuccess);
        Assert.Equal(ChargeStatus.Releasing, hold.Status);

        // The provider had placed it after all: it is authorised, then given back; nothing ships.
        Assert.True(r.ChargeAuthorised(hold.Id, "auth_1", Now.AddHours(4)).IsSuccess);
        Assert.Equal(ChargeStatus.Releasing, hold.Status);
        Assert.True(r.ChargeReleased(hold.Id, null, Now.AddHours(4)).IsSuccess);
        Assert.Equal(SettlementStatus.Withdrawn, r.Settlements[0].Status);
        Assert.Empty(r.PendingEvents.OfType<ExchangeCreated>());
    }

    [Fact]
    public void ARefusedHold_WithdrawsTheInstantExchange_AndTheLineIsExchangedOnArrival()
    {
        var order = TwoLines();
        var built = InstantStarted(order);
        var r = built.Case;

        Assert.True(r.ChargeRefused(r.Charges[0].Id, "insufficient_funds", Now.AddHours(3)).IsSuccess);
        Assert.Equal(SettlementStatus.Withdrawn, r.Settlements[0].Status);
        Assert.Contains("nothing ships early", r.Timeline[^1].Note, StringComparison.Ordinal);

        built.ReceivedInFull().InspectedInFull();
        Assert.True(r.Settle(order, NothingBefore, new SettlementTerms(RefundDeductions.None), AReturn.Agent, At).IsSuccess);
        var exchange = Assert.Single(r.Settlements, s => !s.Instant);
        Assert.Equal((SettlementKind.Exchange, "COAT-BLUE", SettlementStatus.AwaitingFulfilment), (exchange.Kind, exchange.Sku, exchange.Status));
    }

    [Fact]
    public void ATakenHoldThatFails_WaitsForAPerson()
    {
        var order = TwoLines();
        var r = InstantStarted(order).Case;
        var hold = r.Charges[0];
        Assert.True(r.ChargeAuthorised(hold.Id, "auth_1", Now.AddHours(3)).IsSuccess);
        Assert.True(r.Expire(r.ShipBy!.Value.AddMinutes(1)).IsSuccess);
        r.ClearEvents();

        Assert.True(r.ChargeRefused(hold.Id, "authorization_expired", r.ShipBy.Value.AddMinutes(2)).IsSuccess);

        Assert.Equal(ChargeStatus.Failed, hold.Status);
        Assert.Single(r.PendingEvents.OfType<ChargeFailed>());
        Assert.Contains("a person follows it up", r.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedCapture_IsFollowedUpByChargingAgain_OrSettledElsewhere_OnceOnly()
    {
        var order = TwoLines();
        var r = InstantStarted(order).Case;
        var hold = r.Charges[0];
        Assert.True(r.ChargeAuthorised(hold.Id, "auth_1", Now.AddHours(3)).IsSuccess);
        Assert.True(r.Expire(r.ShipBy!.Value.AddMinutes(1)).IsSuccess);
        Assert.True(r.ChargeRefused(hold.Id, "authorization_expired", r.ShipBy.Value.AddMinutes(2)).IsSuccess);
        Assert.True(hold.NeedsFollowUp);
        r.ClearEvents();

        Assert.False(r.FollowUpCharge(hold.Id, retry: true, " ", AReturn.Agent, At).IsSuccess);
        Assert.True(r.FollowUpCharge(hold.Id, retry: true, "Customer asked us to try again", AReturn.Agent, At).IsSuccess);
        Assert.False(r.FollowUpCharge(hold.Id, retry: false, "Twice", AReturn.Agent, At).IsSuccess);

        Assert.False(hold.NeedsFollowUp);
        var again = r.Charges[1];
        Assert.Equal((ChargePurpose.InstantExchangeHold, ChargeStatus.Capturing, 120.00m), (again.Purpose, again.Status, again.Amount));
        Assert.NotEqual(hold.AuthoriseKey, again.AuthoriseKey);
        Assert.Equal(again.Id, Assert.Single(r.PendingEvents.OfType<ChargeRequested>()).ChargeId);
        Assert.True(r.ChargeRefused(again.Id, "card_declined", At.AddMinutes(1)).IsSuccess);
        Assert.True(r.FollowUpCharge(again.Id, retry: false, "Paid by bank transfer", AReturn.Agent, At.AddHours(1)).IsSuccess);
        Assert.DoesNotContain(r.Charges, c => c.NeedsFollowUp);
        Assert.Contains("settled outside Retour", r.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void FailuresWithNothingOwed_NeedNoPerson()
    {
        var order = TwoLines();
        var r = InstantStarted(order).Case;

        Assert.True(r.ChargeRefused(r.Charges[0].Id, "insufficient_funds", Now.AddHours(3)).IsSuccess);

        Assert.False(r.Charges[0].NeedsFollowUp);
        Assert.False(r.FollowUpCharge(r.Charges[0].Id, retry: true, "Try again", AReturn.Agent, At).IsSuccess);
    }
}

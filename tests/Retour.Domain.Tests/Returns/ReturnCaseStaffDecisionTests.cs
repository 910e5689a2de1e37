using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

/// <summary>What staff do to a return besides approving and rejecting: notes, messages, overrides, edits, goodwill.</summary>
public sealed class ReturnCaseStaffDecisionTests
{
    private static readonly DateTimeOffset Later = AReturn.Now.AddHours(3);

    [Fact]
    public void AddNote_KeepsTheNoteOnTheTimelineWithoutAnEventForTheCustomer()
    {
        var r = AReturn.In(ReturnStatus.Approved).Case;
        r.ClearEvents();

        Assert.True(r.AddNote(AReturn.Agent, "Customer called, parcel is on its way.", Later).IsSuccess);

        var entry = r.Timeline[^1];
        Assert.Equal(ReturnCase.NoteEvent, entry.Event);
        Assert.Equal("Customer called, parcel is on its way.", entry.Note);
        Assert.Equal(ReturnStatus.Approved, r.Status);
        Assert.Empty(r.PendingEvents);
    }

    [Fact]
    public void MessageCustomer_RaisesTheEventThatEmailsThem()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;
        r.ClearEvents();

        Assert.True(r.MessageCustomer(AReturn.Agent, "Your parcel reached us.", Later).IsSuccess);

        var e = Assert.IsType<CustomerMessaged>(Assert.Single(r.PendingEvents));
        Assert.Equal("Your parcel reached us.", e.Message);
        Assert.Equal(nameof(CustomerMessaged), r.Timeline[^1].Event);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void NoteAndMessage_WithoutText_AreRefusedNamingTheField(string text)
    {
        var r = AReturn.In(ReturnStatus.Approved).Case;

        Assert.Equal("text", r.AddNote(AReturn.Agent, text, Later).Errors[0].Target);
        Assert.Equal("text", r.MessageCustomer(AReturn.Agent, text, Later).Errors[0].Target);
    }

    [Fact]
    public void OverridePolicy_OnALineInReview_MakesItEligibleAndRecordsTheJustification()
    {
        var r = AReturn.In(ReturnStatus.InReview).Case;
        var line = r.Lines[0];

        Assert.True(r.OverridePolicy(AReturn.Agent, line.Id, "Carrier lost the delivery scan; customer has the parcel.", Later).IsSuccess);

        Assert.Equal(DecisionOutcome.Eligible, line.Outcome);
        Assert.Equal("override", line.Basis);
        Assert.Contains(line.DecisionReasons, x => x.Text.Contains("Carrier lost the delivery scan", StringComparison.Ordinal));
        Assert.Equal(nameof(PolicyOverridden), r.Timeline[^1].Event);
        Assert.Contains(r.PendingEvents, e => e is PolicyOverridden);
    }

    [Fact]
    public void OverridePolicy_AfterTheDecisionOrWithoutJustification_IsRefused()
    {
        var approved = AReturn.In(ReturnStatus.Approved).Case;
        var review = AReturn.In(ReturnStatus.InReview).Case;

        Assert.Equal("return.override.decided", approved.OverridePolicy(AReturn.Agent, approved.Lines[0].Id, "why", Later).Errors[0].Code);
        Assert.Equal("justification", review.OverridePolicy(AReturn.Agent, review.Lines[0].Id, " ", Later).Errors[0].Target);
    }

    [Fact]
    public void Request_OutsideTheWindow_WithAStaffOverride_IsApprovedByThatPerson()
    {
        var order = AnOrder.DeliveredDaysAgo(90, AReturn.Now).WithLine("TEE-M", 1, 50m).Build();
        var lines = new List<RequestedLine> { new(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund) };

        var (refused, why) = ReturnCase.Request(order, lines, new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Agent, AReturn.Agent, "R-AAAAAA", null, AReturn.Now);
        var (overridden, ok) = ReturnCase.Request(order, lines, new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Agent, AReturn.Agent, "R-AAAAAB", null, AReturn.Now, overrideJustification: "Loyal customer, parcel was abroad.");
        var (byCustomer, notStaff) = ReturnCase.Request(order, lines, new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Portal, AReturn.Shopper, "R-AAAAAC", null, AReturn.Now, overrideJustification: "I say so.");

        Assert.Null(refused);
        Assert.Equal("return.line.notEligible", why.Errors[0].Code);
        Assert.True(ok.IsSuccess);
        Assert.Equal(ReturnStatus.Approved, overridden!.Status);
        Assert.Equal(1, overridden.Lines[0].ApprovedQuantity);
        Assert.Equal(AReturn.Agent.Name, overridden.Timeline[^1].ActorName);
        Assert.Null(byCustomer);
        Assert.Equal("return.override.staffOnly", notStaff.Errors[0].Code);
    }

    [Fact]
    public void ChangeQuantity_BeforeShipping_LowersTheApprovedUnits_AndNeverRaisesThemOrEmptiesTheReturn()
    {
        var r = AReturn.In(ReturnStatus.Approved).Case;
        var line = r.Lines[0];

        Assert.Equal("return.edit.quantity", r.ChangeQuantity(AReturn.Agent, line.Id, 3, "more", Later).Errors[0].Code);
        Assert.Equal("return.edit.empty", r.ChangeQuantity(AReturn.Agent, line.Id, 0, "none", Later).Errors[0].Code);
        Assert.True(r.ChangeQuantity(AReturn.Agent, line.Id, 1, "Customer keeps one.", Later).IsSuccess);

        Assert.Equal(1, line.ApprovedQuantity);
        Assert.Equal(2, line.Quantity);
        Assert.Equal(1, line.ClaimedQuantity(r.Status));
    }

    [Fact]
    public void ChangeQuantity_OnceTheParcelTravels_IsRefused()
    {
        var r = AReturn.In(ReturnStatus.InTransit).Case;

        Assert.Equal("return.edit.tooLate", r.ChangeQuantity(AReturn.Agent, r.Lines[0].Id, 1, "why", Later).Errors[0].Code);
    }

    [Fact]
    public void LowerFees_LowersButNeverRaises()
    {
        var order = AnOrder.DeliveredDaysAgo(10, AReturn.Now).WithLine("TEE-M", 1, 50m).Build();
        var policy = new APolicy().Window(30).ShippingFee(5m).Restocking(10m).Compile();
        var (r, _) = ReturnCase.Request(order, [new(order.Lines[0].Id, 1, APolicy.ChangedMind, null, Resolution.Refund)], new Dictionary<Guid, int>(), policy, ReturnChannel.Portal, AReturn.Shopper, "R-AAAAAD", null, AReturn.Now);
        var line = r!.Lines[0];

        var raised = r.LowerFees(AReturn.Agent, line.Id, 20m, 5m, "why", Later);
        Assert.Equal("restockingPercent", raised.Errors[0].Target);
        Assert.True(r.LowerFees(AReturn.Agent, line.Id, 0m, 2.5m, "Long-standing customer.", Later).IsSuccess);

        Assert.Equal(0m, line.RestockingPercent);
        Assert.Equal(2.5m, line.ReturnShippingFee);
    }

    [Fact]
    public void WaiveReturnShipping_ZeroesEveryLinesFee_Once()
    {
        var order = AnOrder.DeliveredDaysAgo(10, AReturn.Now).WithLine("TEE-M", 1, 50m).WithLine("TEE-L", 1, 50m).Build();
        var policy = new APolicy().Window(30).ShippingFee(5m).Compile();
        var (r, _) = ReturnCase.Request(order, [.. order.Lines.Select(l => new RequestedLine(l.Id, 1, APolicy.ChangedMind, null, Resolution.Refund))], new Dictionary<Guid, int>(), policy, ReturnChannel.Portal, AReturn.Shopper, "R-AAAAAE", null, AReturn.Now);

        Assert.True(r!.WaiveReturnShipping(AReturn.Agent, "Our mistake.", Later).IsSuccess);
        Assert.True(r.WaiveReturnShipping(AReturn.Agent, "Again.", Later).IsSuccess);

        Assert.All(r.Lines, l => Assert.Equal(0m, l.ReturnShippingFee));
        Assert.True(r.ReturnShippingWaived);
        Assert.Single(r.Timeline, e => e.Event == ReturnCase.ShippingWaivedEvent);
    }

    [Fact]
    public void Goodwill_IsAnExtraRefundOnThePayment_ThatNeitherBlocksNorResolvesTheSettlement()
    {
        // 2 × (50 + 10) for the items, and 10 of outbound shipping also captured.
        var built = AReturn.RequestedFrom(AnOrder.DeliveredDaysAgo(10, AReturn.Now).WithLine("TEE-M", 2, 50m, 10m).PaidBy(Orders.TenderMethod.Card, 130m).Build())
            .Approved().Labelled().Scanned().ReceivedInFull();
        var r = built.Case;
        Assert.Equal("refund.goodwill.exceedsPayments", r.RecordGoodwill(built.Order, 10.01m, "Too much.", AReturn.Agent, Later).Errors[0].Code);

        Assert.True(r.RecordGoodwill(built.Order, 5m, "Parcel arrived late.", AReturn.Agent, Later).IsSuccess);
        var goodwill = Assert.Single(r.Refunds);
        Assert.Equal(RefundPurpose.Goodwill, goodwill.Purpose);
        Assert.True(r.CompleteRefund(goodwill.Id, "re_gw", Actor.System, Later).IsSuccess);
        Assert.Equal(ReturnStatus.Received, r.Status);

        built.InspectedInFull();
        Assert.True(r.RecordRefund(built.Order, new Dictionary<Guid, int>(), Retour.Domain.Money.RefundDeductions.None, AReturn.Agent, Later).IsSuccess);
        var items = r.Refunds.Single(x => x.Purpose == RefundPurpose.Items);
        Assert.Equal(120m, items.Amount);
        Assert.True(r.CompleteRefund(items.Id, "re_items", Actor.System, Later).IsSuccess);
        Assert.Equal(ReturnStatus.Resolved, r.Status);
    }

    [Fact]
    public void Goodwill_BeyondWhatThePaymentHasLeft_IsRefused()
    {
        var built = AReturn.In(ReturnStatus.Approved);

        var result = built.Case.RecordGoodwill(built.Order, 1000m, "Too generous.", AReturn.Agent, Later);

        Assert.Equal("refund.goodwill.exceedsPayments", result.Errors[0].Code);
        Assert.Empty(built.Case.Refunds);
    }
}

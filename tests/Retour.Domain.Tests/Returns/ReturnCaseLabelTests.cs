using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

public sealed class ReturnCaseLabelTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;

    private static readonly PickupCalendar Weekdays = new(new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, new TimeOnly(18, 0));

    [Theory]
    [InlineData(12345678, 5)]
    [InlineData(10000000, 3)]
    [InlineData(12, 0)]
    [InlineData(0, 5)]
    public void CheckDigit_IsTheUpuS10Modulus11(int serial, int expected) =>
        Assert.Equal(expected, S10TrackingNumber.CheckDigit(serial));

    [Theory]
    [InlineData("EE123456785US", true)]
    [InlineData("EE123456784US", false)]
    [InlineData("ee123456785US", false)]
    [InlineData("EE12345678US", false)]
    public void IsValid_ChecksShapeAndCheckDigit(string number, bool valid) =>
        Assert.Equal(valid, S10TrackingNumber.IsValid(number));

    [Fact]
    public void AddLabel_WhenApproved_MovesToAwaitingShipment_WithTheLabelsTrackingNumber()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;

        var result = returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000003FR"), AReturn.Agent, Now.AddHours(2));

        Assert.True(result.IsSuccess);
        Assert.Equal(ReturnStatus.AwaitingShipment, returnCase.Status);
        Assert.Equal("RR100000003FR", returnCase.TrackingNumber);
        Assert.IsType<LabelIssued>(returnCase.PendingEvents[^1]);
        Assert.Equal(4.9m, Assert.Single(returnCase.Labels).Cost);
    }

    [Fact]
    public void AddLabel_WhileOneIsLive_IsRefused_AndAfterVoidIsReplaced()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;
        var first = Guid.NewGuid();
        returnCase.AddLabel(first, Issue("RR100000003FR"), AReturn.Agent, Now.AddHours(2));

        var second = returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000017FR"), AReturn.Agent, Now.AddHours(3));
        var voided = returnCase.VoidLabel(first, "reprint", AReturn.Agent, Now.AddHours(4));
        var third = returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000017FR"), AReturn.Agent, Now.AddHours(5));

        Assert.Equal("return.label.live", Assert.Single(second.Errors).Code);
        Assert.True(voided.IsSuccess);
        Assert.True(third.IsSuccess);
        Assert.Equal([LabelState.Voided, LabelState.Live], returnCase.Labels.Select(l => l.StateAt(Now.AddHours(6))));
        Assert.Equal("RR100000017FR", returnCase.TrackingNumber);
        Assert.Equal(ReturnStatus.AwaitingShipment, returnCase.Status);
    }

    [Fact]
    public void AddLabel_AfterTheLastExpired_IsAllowedUntilTheShipByDate()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;
        returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000003FR", expiresAt: Now.AddDays(3)), AReturn.Agent, Now.AddHours(2));

        var fresh = returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000017FR", expiresAt: Now.AddDays(8)), AReturn.Agent, Now.AddDays(4));
        var late = AReturn.In(ReturnStatus.Approved).Case.CanCreateLabel(AReturn.ShipBy.AddMinutes(1));

        Assert.True(fresh.IsSuccess);
        Assert.Equal("return.label.pastShipBy", Assert.Single(late.Errors).Code);
    }

    [Fact]
    public void VoidLabel_AfterTheFirstScan_IsRefused()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;
        var id = Guid.NewGuid();
        returnCase.AddLabel(id, Issue("RR100000003FR"), AReturn.Agent, Now.AddHours(2));
        returnCase.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, Now.AddDays(1), null, Now.AddDays(1));

        var result = returnCase.VoidLabel(id, null, AReturn.Agent, Now.AddDays(1).AddHours(1));

        Assert.Equal("return.label.scanned", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Cancel_OrExpire_VoidsTheLiveLabel_SoTheCarrierDoesNotBillIt()
    {
        var cancelled = AReturn.In(ReturnStatus.Approved).Case;
        cancelled.AddLabel(Guid.NewGuid(), Issue("RR100000003FR", expiresAt: AReturn.ShipBy.AddDays(5)), AReturn.Agent, Now.AddHours(2));
        var expired = AReturn.In(ReturnStatus.Approved).Case;
        expired.AddLabel(Guid.NewGuid(), Issue("RR100000017FR", expiresAt: AReturn.ShipBy.AddDays(5)), AReturn.Agent, Now.AddHours(2));

        var cancel = cancelled.Cancel(AReturn.Agent, "changed my mind", Now.AddHours(3));
        var expire = expired.Expire(AReturn.ShipBy.AddMinutes(1));

        Assert.True(cancel.IsSuccess);
        Assert.True(expire.IsSuccess);
        foreach (var ended in new[] { cancelled, expired })
        {
            var label = Assert.Single(ended.Labels);
            Assert.Equal(LabelState.Voided, label.StateAt(AReturn.ShipBy.AddHours(1)));
            Assert.Equal(ReturnCase.ReturnEndedReason, label.VoidReason);
            Assert.Null(ended.TrackingNumber);
            Assert.Contains(ended.Timeline, t => t.Event == ReturnCase.LabelVoidedEvent && t.Note!.Contains(label.TrackingNumber, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CheckPickup_NamesEveryBrokenRuleWithItsField()
    {
        var returnCase = AReturn.In(ReturnStatus.Approved).Case;
        returnCase.AddLabel(Guid.NewGuid(), Issue("RR100000003FR"), AReturn.Agent, Now.AddHours(2));
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var saturday = Enumerable.Range(1, 7).Select(today.AddDays).First(d => d.DayOfWeek == DayOfWeek.Saturday);
        var monday = Enumerable.Range(2, 7).Select(today.AddDays).First(d => d.DayOfWeek == DayOfWeek.Monday);
        var at = Now.AddHours(3);

        var weekend = returnCase.CheckPickup(new PickupBooking(saturday, new(9, 0), new(13, 0), null), Weekdays, today, new(10, 0), saturday.AddDays(10), at);
        var afterShipBy = returnCase.CheckPickup(new PickupBooking(monday, new(9, 0), new(13, 0), null), Weekdays, today, new(10, 0), monday.AddDays(-1), at);
        var afterCutOff = returnCase.CheckPickup(new PickupBooking(today.AddDays(1), new(9, 0), new(13, 0), null), new PickupCalendar(new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>()), new(18, 0)), today, new(19, 0), null, at);
        var fine = returnCase.CheckPickup(new PickupBooking(monday, new(9, 0), new(13, 0), null), Weekdays, today, new(10, 0), null, at);

        Assert.Equal(("pickup.date.weekday", "date"), (Assert.Single(weekend.Errors).Code, weekend.Errors[0].Target));
        Assert.Equal("pickup.date.afterShipBy", Assert.Single(afterShipBy.Errors).Code);
        Assert.Equal("pickup.date.afterCutOff", Assert.Single(afterCutOff.Errors).Code);
        Assert.True(fine.IsSuccess);
    }

    [Theory]
    [InlineData("FR", "DE", false)]
    [InlineData("IT", "MC", false)]
    [InlineData("GB", "FR", true)]
    [InlineData("CH", "FR", true)]
    [InlineData("NO", "SE", true)]
    [InlineData("US", "US", false)]
    public void CustomsTerritory_SeparatesTheUnionFromEveryOtherCountry(string from, string to, bool crosses) =>
        Assert.Equal(crosses, CustomsTerritory.Crosses(from, to));

    private static LabelIssue Issue(string tracking, DateTimeOffset? expiresAt = null) =>
        new("own", tracking, 4.9m, "EUR", expiresAt ?? Now.AddDays(3), null, null);
}

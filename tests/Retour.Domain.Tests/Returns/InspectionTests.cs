using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Returns;

/// <summary>Inspection against the order: authenticity, the diminished-value deduction the law allows, and the refund it reduces.</summary>
public sealed class InspectionTests
{
    private static readonly DateTimeOffset Now = AReturn.Now;

    [Fact]
    public void Inspect_WhenTheSerialIsOneShipped_MarksTheUnitAuthenticAndKeepsTheLocation()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("PHONE-1", 2, 300m, 0m, "serialised").WithSerials("SN-1", "SN-2"));

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit() with { SerialNumber = " sn-2 ", LocationCode = "wh-lyon" })], Now.AddDays(4));

        Assert.True(result.IsSuccess);
        var unit = Assert.Single(r.Case.Lines[0].Units);
        Assert.Equal(Authenticity.SerialMatches, unit.Authenticity);
        Assert.Equal("WH-LYON", unit.LocationCode);
    }

    [Fact]
    public void Inspect_WhenTheSerialWasNotShippedOrCameBackTwice_IsAMismatchThatCannotBeRestocked()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("PHONE-1", 2, 300m, 0m, "serialised").WithSerials("SN-1", "SN-2"));

        var restock = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit() with { SerialNumber = "SN-9", LocationCode = "WH-LYON" })], Now.AddDays(4));
        var twice = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit(Disposition.ReturnToVendor) with { SerialNumber = "SN-1" }), (Line(r), Unit(Disposition.ReturnToVendor) with { SerialNumber = "SN-1" })], Now.AddDays(4));

        Assert.Equal("inspection.authenticity.restockRefused", Assert.Single(restock.Errors).Code);
        Assert.Equal("lines[0].disposition", restock.Errors[0].Target);
        Assert.True(twice.IsSuccess);
        Assert.Equal([Authenticity.SerialMatches, Authenticity.Mismatch], r.Case.Lines[0].Units.Select(u => u.Authenticity));
        Assert.Contains("1 not what was shipped", r.Case.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_WhenASerialisedLineShippedSerialsButNoneIsRead_AsksForIt()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("PHONE-1", 1, 300m, 0m, "serialised").WithSerials("SN-1"));

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit() with { LocationCode = "WH-LYON" })], Now.AddDays(4));

        Assert.Equal(("inspection.serial.required", "lines[0].serialNumber"), (Assert.Single(result.Errors).Code, result.Errors[0].Target));
    }

    [Fact]
    public void Inspect_WhenNoSerialWasShipped_ComparesTheSku()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 2, 20m));

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit(Disposition.Refurbish) with { SkuSeen = "tee-m" }), (Line(r), Unit(Disposition.Dispose) with { SkuSeen = "TEE-L" })], Now.AddDays(4));

        Assert.True(result.IsSuccess);
        Assert.Equal([Authenticity.SkuMatches, Authenticity.Mismatch], r.Case.Lines[0].Units.Select(u => u.Authenticity));
        Assert.Equal(ReturnStatus.Inspected, r.Case.Status);
    }

    [Fact]
    public void Inspect_WhenRestockedWithoutALocation_IsRefused()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 20m));

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit())], Now.AddDays(4));

        Assert.Equal("inspection.location.required", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void RecordRefund_WhenHandledBeyondNecessary_DeductsTheDiminishedValueAndSaysSo()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 2, 50m, 10m));
        var worn = Unit(Disposition.SecondHand) with { Grade = ConditionGrade.Used, HandledBeyondNecessary = true, Deduction = 12.50m };

        var inspected = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), worn), (Line(r), Unit(Disposition.Refurbish))], Now.AddDays(4));
        var refunded = r.Case.RecordRefund(r.Order, new Dictionary<Guid, int>(), RefundDeductions.None, AReturn.Agent, Now.AddDays(4));

        Assert.True(inspected.IsSuccess);
        Assert.True(refunded.IsSuccess);
        Assert.Equal(107.50m, r.Case.Refunds.Sum(x => x.Amount));
        Assert.Contains("diminished value 12.50", r.Case.Timeline[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_WhenTheCustomerWasNotInformedOfTheRight_RefusesAnyDeduction()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 50m).WithoutWithdrawalInfo());

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit(Disposition.SecondHand) with { HandledBeyondNecessary = true, Deduction = 5m })], Now.AddDays(4));

        Assert.Equal(("inspection.deduction.notInformed", "lines[0].deduction"), (Assert.Single(result.Errors).Code, result.Errors[0].Target));
        Assert.Empty(r.Case.Lines[0].Units);
    }

    [Theory]
    [InlineData(false, 5, "inspection.deduction.handlingNotBeyondNecessary")]
    [InlineData(true, 50.01, "inspection.deduction.exceedsValue")]
    [InlineData(true, -1, "inspection.deduction.negative")]
    [InlineData(true, 1.005, "inspection.deduction.precision")]
    public void Inspect_WhenTheDeductionBreaksTheLaw_IsRefusedWithTheRule(bool beyondNecessary, double deduction, string code)
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 50m));

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit(Disposition.SecondHand) with { HandledBeyondNecessary = beyondNecessary, Deduction = (decimal)deduction })], Now.AddDays(4));

        Assert.Equal(code, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Inspect_WhenTheReasonIsADefect_RefusesAnyDeduction()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 50m), APolicy.Defective);

        var result = r.Case.Inspect(AReturn.Agent, r.Order, [(Line(r), Unit(Disposition.Repair) with { Fault = UnitFault.Defect, HandledBeyondNecessary = true, Deduction = 5m })], Now.AddDays(4));

        Assert.Equal("inspection.deduction.notCustomerFault", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Inspect_WithoutTheOrder_RefusesADeduction()
    {
        var r = Received(AnOrder.DeliveredDaysAgo(5, Now).WithLine("TEE-M", 1, 50m));

        var result = r.Case.Inspect(AReturn.Agent, [(Line(r), Unit(Disposition.SecondHand) with { HandledBeyondNecessary = true, Deduction = 5m })], Now.AddDays(4));

        Assert.Equal("inspection.deduction.needsOrder", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Quote_TakesTheDiminishedValueBeforeShippingAndNeverMoreThanTheItem()
    {
        var quote = Refunds.Quote([new RefundItem(10m, true, 25m), new RefundItem(40m, false)], new RefundDeductions(0m, 5m), "EUR");

        Assert.Equal(new RefundQuote(50m, 0m, 5m, 35m, 10m), quote);
    }

    private static Guid Line(AReturn r) => r.Case.Lines[0].Id;

    private static InspectedUnit Unit(Disposition disposition = Disposition.Restock) => new(ConditionGrade.New, UnitFault.None, disposition, null, Now.AddDays(4));

    private static AReturn Received(AnOrder order, string reason = APolicy.ChangedMind) =>
        AReturn.RequestedFrom(order.Build(), reason).Approved().Labelled().Scanned().ReceivedInFull();
}

using Retour.Domain.Money;

namespace Retour.Domain.Tests.Money;

public sealed class LatePaymentIncreaseTests
{
    private const double LegalRate = 6.67;

    [Theory]
    [InlineData(-3, 0)]
    [InlineData(0, 0)]
    [InlineData(1, LegalRate)]
    [InlineData(10, LegalRate)]
    [InlineData(11, 5)]
    [InlineData(20, 5)]
    [InlineData(21, 10)]
    [InlineData(30, 10)]
    [InlineData(31, 20)]
    [InlineData(60, 20)]
    [InlineData(61, 50)]
    [InlineData(90, 50)]
    [InlineData(91, 55)]
    [InlineData(120, 55)]
    [InlineData(121, 60)]
    [InlineData(150, 60)]
    [InlineData(151, 65)]
    [InlineData(365, 100)]
    public void PercentFor_AtEveryBandBoundary_IsTheBandOfL242_4(int daysLate, double percent) =>
        Assert.Equal((decimal)percent, LatePaymentIncrease.PercentFor(daysLate, (decimal)LegalRate));

    [Fact]
    public void Compute_WhenInTime_IsNothing() =>
        Assert.Null(LatePaymentIncrease.Compute(100m, 100m, 0, (decimal)LegalRate, "EUR"));

    [Theory]
    [InlineData(10, 6.67)]
    [InlineData(11, 5.00)]
    [InlineData(25, 10.00)]
    [InlineData(45, 20.00)]
    [InlineData(75, 50.00)]
    [InlineData(100, 55.00)]
    public void Compute_OnAHundredEuros_IsThePercentRoundedToCents(int daysLate, double increase)
    {
        var result = LatePaymentIncrease.Compute(100m, 100m, daysLate, (decimal)LegalRate, "EUR")!;

        Assert.Equal((decimal)increase, result.Amount);
        Assert.False(result.Capped);
        Assert.Equal(daysLate, result.DaysLate);
    }

    [Fact]
    public void Compute_WhenTheIncreaseWouldPassTheProductPrice_IsCappedAtThePrice()
    {
        // 60 months late: 50 % + 5 points × 30 months = 200 %, but never more than the product's price.
        var result = LatePaymentIncrease.Compute(80m, 70m, 90 + (30 * 30), (decimal)LegalRate, "EUR")!;

        Assert.Equal(200m, result.Percent);
        Assert.Equal(70m, result.Amount);
        Assert.True(result.Capped);
    }

    [Fact]
    public void Compute_RoundsToTheCurrencysMinorUnit()
    {
        Assert.Equal(0.67m, LatePaymentIncrease.Compute(9.99m, 9.99m, 3, (decimal)LegalRate, "EUR")!.Amount);
        Assert.Equal(67m, LatePaymentIncrease.Compute(999m, 999m, 3, (decimal)LegalRate, "JPY")!.Amount);
    }

    [Theory]
    [InlineData("2024-12-31", null)]
    [InlineData("2025-01-01", 7.21)]
    [InlineData("2025-06-30", 7.21)]
    [InlineData("2025-07-01", 6.65)]
    [InlineData("2026-01-01", 6.67)]
    [InlineData("2026-11-23", 6.67)]
    public void RateOn_PicksTheHalfYearInForce(string on, double? percent) =>
        Assert.Equal(percent is null ? null : (decimal)percent.Value, LatePaymentIncrease.RateOn(LatePaymentIncrease.PublishedRates, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture))?.Percent);
}

public sealed class RefundDeadlinesTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateTimeOffset Told = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DueDate_InTheEu_WhenTheGoodsComeBackEarly_Is14DaysFromTheWithdrawal()
    {
        var due = RefundDeadlines.DueDate(new("FR", true, false, Told, Told.AddDays(2), Told.AddDays(5), null, 30), Paris);

        Assert.Equal(new DateOnly(2026, 3, 16), due.Due);
        Assert.Equal("C. consom. L221-24", due.Basis);
    }

    [Fact]
    public void DueDate_InTheEu_MayWaitForTheProofOfSendingWhenItComesAfterDay14()
    {
        var due = RefundDeadlines.DueDate(new("DE", true, false, Told, Told.AddDays(20), Told.AddDays(23), null, 30), Paris);

        Assert.Equal(new DateOnly(2026, 3, 22), due.Due);
        Assert.Equal("CRD art. 13(1), 13(3)", due.Basis);
    }

    [Fact]
    public void DueDate_InTheEu_WithoutGoodsOrProof_DoesNotRunYet()
    {
        var due = RefundDeadlines.DueDate(new("IT", true, false, Told, null, null, null, 30), Paris);

        Assert.Null(due.Due);
        Assert.Equal(0, due.DaysLate(new DateOnly(2027, 1, 1)));
        Assert.NotNull(due.WaitingFor);
    }

    [Fact]
    public void DueDate_InTheUk_Is14DaysAfterTheGoodsBackOrTheProofWhicheverIsFirst()
    {
        var due = RefundDeadlines.DueDate(new("UK", true, false, Told, Told.AddDays(3), Told.AddDays(6), null, 30), TimeZoneInfo.Utc);

        Assert.Equal(new DateOnly(2026, 3, 19), due.Due);
        Assert.Equal("CCR 2013 reg. 34", due.Basis);
    }

    [Fact]
    public void DueDate_InTheUkForFaultyGoods_Is14DaysFromAgreeingTheRefund()
    {
        var due = RefundDeadlines.DueDate(new("UK", true, true, Told, Told.AddDays(1), Told.AddDays(4), Told.AddDays(9), 30), TimeZoneInfo.Utc);

        Assert.Equal(new DateOnly(2026, 3, 25), due.Due);
        Assert.Equal("CRA 2015 s.20(15)", due.Basis);
    }

    [Fact]
    public void DueDate_InTheUs_IsTheMerchantsPolicy()
    {
        var due = RefundDeadlines.DueDate(new("US", true, false, Told, null, Told.AddDays(4), null, 30), TimeZoneInfo.Utc);

        Assert.Equal(new DateOnly(2026, 4, 5), due.Due);
        Assert.StartsWith("merchant policy", due.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void DueDate_ForABusinessBuyerInTheEu_IsTheMerchantsPolicy() =>
        Assert.StartsWith("merchant policy", RefundDeadlines.DueDate(new("FR", false, false, Told, null, Told.AddDays(4), null, 30), Paris).Basis, StringComparison.Ordinal);

    [Fact]
    public void DueDate_IsAMerchantCalendarDay()
    {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Paris: the period counts from the 2nd.
        var due = RefundDeadlines.DueDate(new("FR", true, false, new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero), Told, Told, null, 30), Paris);

        Assert.Equal(new DateOnly(2026, 3, 16), due.Due);
        Assert.Equal(1, due.DaysLate(new DateOnly(2026, 3, 17)));
        Assert.Equal(0, due.DaysLate(new DateOnly(2026, 3, 16)));
    }
}

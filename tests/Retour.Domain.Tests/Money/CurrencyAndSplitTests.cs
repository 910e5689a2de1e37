using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Money;

public sealed class CurrencyAndSplitTests
{
    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    public void MinorUnits_WhenIsoCurrency_IsItsDecimals(string code, int expected)
    {
        Assert.Equal(expected, Currency.MinorUnits(code));
    }

    [Theory]
    [InlineData("JPY", "1234.5", "1235")]
    [InlineData("EUR", "10.005", "10.01")]
    [InlineData("EUR", "-10.005", "-10.01")]
    [InlineData("KWD", "1.23456", "1.235")]
    public void Round_WhenBelowTheMinorUnit_RoundsHalfAwayFromZero(string code, string amount, string expected)
    {
        var rounded = Currency.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rounded);
        Assert.True(Currency.IsInMinorUnits(rounded, code));
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("eur", false)]
    [InlineData("EU", false)]
    [InlineData(null, false)]
    public void IsWellFormed_WhenGivenACode_ChecksItsShape(string? code, bool expected)
    {
        Assert.Equal(expected, Currency.IsWellFormed(code));
    }

    [Fact]
    public void Evenly_WhenAmountDoesNotDivide_GivesTheLeftoverToTheFirstParts()
    {
        Assert.Equal([3.34m, 3.33m, 3.33m], Split.Evenly(10m, 3, 2));
        Assert.Equal([334m, 333m, 333m], Split.Evenly(1000m, 3, 0));
    }

    [Theory]
    [InlineData(10.00, 3, 2)]
    [InlineData(29.00, 3, 2)]
    [InlineData(0.05, 7, 2)]
    [InlineData(1001, 6, 0)]
    [InlineData(1.001, 4, 3)]
    public void EvenRange_WhenAnyRange_EqualsTheSumOfTheEvenParts(double totalValue, int parts, int minorUnits)
    {
        var total = (decimal)totalValue;
        var even = Split.Evenly(total, parts, minorUnits);

        for (var first = 0; first < parts; first++)
        {
            for (var count = 0; first + count <= parts; count++)
            {
                Assert.Equal(even.Skip(first).Take(count).Sum(), Split.EvenRange(total, parts, first, count, minorUnits));
            }
        }
    }

    [Fact]
    public void Proportionally_WhenRemaindersTie_GivesTheCentToTheEarlierPart()
    {
        Assert.Equal([0.34m, 0.33m, 0.33m], Split.Proportionally(1m, [1m, 1m, 1m], 2));
    }

    [Fact]
    public void Proportionally_WhenEveryWeightIsZero_SplitsEvenly()
    {
        Assert.Equal([0.02m, 0.02m, 0.01m], Split.Proportionally(0.05m, [0m, 0m, 0m], 2));
    }

    [Fact]
    public void Proportionally_WhenTotalHasSubMinorDigits_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Split.Proportionally(1.005m, [1m, 2m], 2));
    }

    [Fact]
    public void LineTotalsPaid_WhenOrderHasADiscount_SpreadsItByAmount()
    {
        var totals = Refunds.LineTotalsPaid([new PaidLine(1, 100m, 20m), new PaidLine(2, 30m, 0m)], 18m, "EUR");

        Assert.Equal([120m - 12m, 60m - 6m], totals);
    }

    [Fact]
    public void LineTotalsPaid_WhenDiscountExceedsTheOrder_StopsAtZero()
    {
        var totals = Refunds.LineTotalsPaid([new PaidLine(1, 10m, 0m)], 50m, "EUR");

        Assert.Equal([0m], totals);
    }

    [Fact]
    public void Quote_WhenCustomerIsAtFault_DeductsRestockingAndShippingOnce()
    {
        var quote = Refunds.Quote([new RefundItem(100m, true), new RefundItem(50m, false), new RefundItem(20m, true)], new RefundDeductions(15m, 5.95m), "EUR");

        Assert.Equal(new RefundQuote(170m, 18m, 5.95m, 146.05m), quote);
    }

    [Fact]
    public void Quote_WhenMerchantIsAtFault_DeductsNothing()
    {
        var quote = Refunds.Quote([new RefundItem(80m, false)], new RefundDeductions(15m, 5.95m), "EUR");

        Assert.Equal(new RefundQuote(80m, 0m, 0m, 80m), quote);
    }

    [Fact]
    public void Quote_WhenFeesExceedTheItems_NeverGoesBelowZero()
    {
        var quote = Refunds.Quote([new RefundItem(3m, true)], new RefundDeductions(50m, 5.95m), "EUR");

        Assert.Equal(new RefundQuote(3m, 1.50m, 1.50m, 0m), quote);
    }

    [Fact]
    public void Allocate_WhenOriginalPaymentsAndGiftCard_RefundsTheLatestCaptureFirstAndTheGiftCardLast()
    {
        var placed = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var order = AnOrder.DeliveredAt(placed.AddDays(3))
            .WithLine("TEE-M", 1, 100m)
            .PaidBy(TenderMethod.GiftCard, 25m, placed)
            .PaidBy(TenderMethod.Card, 50m, placed)
            .PaidBy(TenderMethod.PayPal, 25m, placed.AddHours(1))
            .Build();

        var (shares, result) = TenderAllocation.Allocate(60m, order.Tenders);

        Assert.True(result.IsSuccess);
        Assert.Equal(
            [(TenderMethod.PayPal, 25m), (TenderMethod.Card, 35m)],
            shares.Select(s => (order.Tenders.Single(t => t.Id == s.TenderId).Method, s.Amount)));
    }

    [Fact]
    public void Allocate_WhenPaymentsCannotCoverTheAmount_IsRefusedWithNoShares()
    {
        var order = AnOrder.DeliveredAt(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero))
            .WithLine("TEE-M", 1, 100m)
            .PaidBy(TenderMethod.Card, 40m)
            .Build();

        var (shares, result) = TenderAllocation.Allocate(60m, order.Tenders);

        Assert.Empty(shares);
        var error = Assert.Single(result.Errors);
        Assert.Equal("refund.exceedsPayments", error.Code);
        Assert.Equal("The payments on this order have only 40 left to refund, 60 is needed.", error.Message);
    }
}

using Retour.Web.Features.Receiving;

namespace Retour.Web.Tests.Receiving;

/// <summary>The pre-printed label's code: a configurable prefix and the order number.</summary>
public sealed class ReceivingOptionsTests
{
    [Theory]
    [InlineData("RET-", "RET-1042", "1042")]
    [InlineData("RET-", " ret-N-77ab ", "N-77ab")]
    [InlineData("BACK/", "back/1042", "1042")]
    [InlineData("RET-", "RET-", null)]
    [InlineData("RET-", "R-7K3M9Q", null)]
    [InlineData("RET-", "6A12345678", null)]
    public void OrderNumberOf_ReadsTheOrderNumberAfterThePrefixInAnyCase(string prefix, string code, string? expected)
    {
        var options = new ReceivingOptions { PrePrintedPrefix = prefix };

        Assert.Equal(expected, options.OrderNumberOf(code));
    }
}

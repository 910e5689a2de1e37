using Retour.Domain.Returns;

namespace Retour.Domain.Tests.Returns;

public sealed class WithdrawalNoticeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Receive_WithEveryDetail_KeepsTheStatementWordForWordWithAReferenceAndTheTime()
    {
        var (notice, result) = WithdrawalNotice.Receive("  Léa Dubois ", "lea@example.test", " #1042 ", "fr", Now, (name, order) => $"Je, {name}, me rétracte de la commande {order}.");

        Assert.True(result.IsSuccess);
        Assert.Matches("^W-[2-9A-HJKMNP-TV-Z]{8}$", notice!.Reference);
        Assert.Equal("Je, Léa Dubois, me rétracte de la commande #1042.", notice.Statement);
        Assert.Equal((Now, "fr", (Guid?)null), (notice.ReceivedAt, notice.Locale, notice.OrderId));
    }

    [Fact]
    public void Check_WithABlankNameAMalformedEmailAndNoOrder_NamesEachField()
    {
        var result = WithdrawalNotice.Check(" ", "not an address", null);

        Assert.Equal(["name", "email", "orderNumber"], result.Errors.Select(e => e.Target));
    }
}

using Retour.Domain.Money;

namespace Retour.Domain.Tests.Money;

public sealed class GiftCardCodeTests
{
    private const string CheckSymbols = GiftCardCode.Alphabet + "*~$=U";

    [Fact]
    public void New_IsSeventeenSymbolsThatReadBackAsThemselves()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = GiftCardCode.New();

            Assert.Equal(17, code.Length);
            Assert.Equal(code, GiftCardCode.Read(code).Code);
            Assert.Equal(code, GiftCardCode.Read(GiftCardCode.Display(code).ToLowerInvariant()).Code);
        }
    }

    [Fact]
    public void Read_WhenAnyOneSymbolIsWrong_RefusesTheCheck()
    {
        for (var n = 0; n < 50; n++)
        {
            var code = GiftCardCode.New();
            for (var position = 0; position < code.Length; position++)
            {
                var symbols = position < GiftCardCode.Length ? GiftCardCode.Alphabet : CheckSymbols;
                foreach (var wrong in symbols.Where(s => s != code[position]))
                {
                    var typo = code[..position] + wrong + code[(position + 1)..];

                    Assert.Null(GiftCardCode.Read(typo).Code);
                }
            }
        }
    }

    [Fact]
    public void Read_WhenAnyTwoAdjacentSymbolsAreSwapped_RefusesTheCheck()
    {
        for (var n = 0; n < 2000; n++)
        {
            var code = GiftCardCode.New();
            for (var position = 0; position < code.Length - 1; position++)
            {
                if (code[position] == code[position + 1])
                {
                    continue;
                }

                var swapped = code[..position] + code[position + 1] + code[position] + code[(position + 2)..];

                var (read, error) = GiftCardCode.Read(swapped);
                Assert.Null(read);
                Assert.Equal("code", error!.Target);
            }
        }
    }

    [Fact]
    public void Read_WhenEverySwapOfTwoSymbolsIsTried_CatchesEachOneIncludingZeroAndZ()
    {
        foreach (var a in GiftCardCode.Alphabet)
        {
            foreach (var b in GiftCardCode.Alphabet.Where(b => b != a))
            {
                var body = "0000000000000" + a + b + "7";
                var code = body + GiftCardCode.CheckOf(body);
                var swapped = "0000000000000" + b + a + "7" + GiftCardCode.CheckOf(body);

                Assert.Equal(code, GiftCardCode.Read(code).Code);
                Assert.Null(GiftCardCode.Read(swapped).Code);
            }
        }
    }

    [Theory]
    [InlineData("", "giftCard.code.length")]
    [InlineData("ABCD-EFGH", "giftCard.code.length")]
    [InlineData("ABCD-EFGH-JKMN-PQR!-0", "giftCard.code.symbol")]
    public void Read_WhenNotACode_SaysWhy(string input, string rule)
    {
        var (code, error) = GiftCardCode.Read(input);

        Assert.Null(code);
        Assert.Equal((rule, "code"), (error!.Code, error.Target));
    }

    [Fact]
    public void Read_WhenTypedWithOAndIAndL_ReadsThemAsZeroAndOne()
    {
        var body = "0101ABCDEFGH1010";
        var code = body + GiftCardCode.CheckOf(body);

        Assert.Equal(code, GiftCardCode.Read("OlOi-abcd-efgh-LOIO-" + code[16]).Code);
    }

    [Fact]
    public void Issue_KeepsOnlyTheHashAndTheLastFour()
    {
        var code = GiftCardCode.New();

        var (card, transaction, result) = GiftCard.Issue(code, 25m, "EUR", "R-1", null, DateTimeOffset.UnixEpoch, null);

        Assert.True(result.IsSuccess);
        Assert.Equal(GiftCardCode.Hash(code), card!.CodeHash);
        Assert.Equal(code[12..16], card.Last4);
        Assert.Equal(25m, card.Available);
        Assert.Equal(0m, transaction!.Entries.Sum(e => e.Amount));
    }
}

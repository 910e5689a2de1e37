using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Money;

/// <summary>The allocation rule, Amazon Pay's allowance above the capture included.</summary>
public sealed class TenderAllocationPropertyTests
{
    private static readonly DateTimeOffset Placed = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 300)]
    public Property Allocate_AnyPaymentsAndAmount_StaysWithinEachPaymentSumsExactlyAndFollowsTheOrder() =>
        Prop.ForAll(
            Arb.From(
                from currency in Gen.Elements("EUR", "USD", "GBP", "SEK")
                from tenders in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(
                    from method in Gen.Elements(TenderMethod.Card, TenderMethod.PayPal, TenderMethod.AmazonPay, TenderMethod.AmazonPay, TenderMethod.GiftCard, TenderMethod.StoreCredit)
                    from capturedCents in Gen.Choose(1, 200_000)
                    from refundedPercent in Gen.Choose(0, 100)
                    from hoursAfterOrder in Gen.Choose(0, 48)
                    select (method, capturedCents, refundedPercent, hoursAfterOrder), n))
                from amountPercent in Gen.Choose(1, 130)
                from extra in Gen.Elements(true, false)
                select (currency, tenders, amountPercent, extra)),
            input =>
            {
                var order = Build(input.currency, input.tenders);
                var (tenders, currency, extra) = (order.Tenders, input.currency, input.extra);
                var captured = tenders.Sum(t => t.Refundable);
                var withAllowance = tenders.Sum(t => t.RefundableWithAllowance(currency));
                var amount = Math.Round(withAllowance * input.amountPercent / 100m, 2);
                var limit = extra ? withAllowance : captured;

                var (shares, result) = extra ? TenderAllocation.Allocate(amount, tenders, currency) : TenderAllocation.Allocate(amount, tenders);

                if (amount > limit || amount <= 0m)
                {
                    return (amount <= 0m || (!result.IsSuccess && shares.Count == 0)).Label("refused above what the payments have left");
                }

                Tender Of(TenderShare s) => tenders.Single(t => t.Id == s.TenderId);
                var ordered = TenderAllocation.Ordered(tenders).Select(t => t.Id).ToList();
                var positions = shares.Select(s => ordered.IndexOf(s.TenderId)).ToList();
                return result.IsSuccess.Label("allocated")
                    .And((shares.Sum(s => s.Amount) == amount).Label("shares sum exactly to the amount"))
                    .And(shares.All(s => s.Amount > 0m).Label("no empty share"))
                    .And((shares.Select(s => s.TenderId).Distinct().Count() == shares.Count).Label("one share per payment"))
                    .And(shares.All(s => s.Amount <= (extra ? Of(s).RefundableWithAllowance(currency) : Of(s).Refundable)).Label("never above captured - refunded (+ the allowance)"))
                    .And(shares.All(s => Of(s).Method == TenderMethod.AmazonPay || s.Amount <= Of(s).Refundable).Label("only Amazon Pay goes above its capture"))
                    .And((amount > captured || shares.All(s => s.Amount <= Of(s).Refundable)).Label("the allowance only when the captures cannot cover the amount"))
                    .And(positions.SequenceEqual(positions.Order()).Label("shares in the documented order"))
                    .And(shares.SkipLast(1).All(s => s.Amount >= Of(s).Refundable).Label("a later payment only once the earlier ones are used up"))
                    .And(Reserves(shares, tenders, currency, extra).Label("each payment accepts its share"));
            });

    [Property(MaxTest = 200)]
    public Property Allowance_IsTheLesserOf15PercentAnd75_OnlyForAmazonPayInUsdGbpEur() =>
        Prop.ForAll(
            Arb.From(
                from method in Gen.Elements(TenderMethod.Card, TenderMethod.AmazonPay, TenderMethod.GiftCard)
                from currency in Gen.Elements("EUR", "USD", "GBP", "JPY", "SEK")
                from capturedCents in Gen.Choose(1, 2_000_000)
                select (method, currency, capturedCents)),
            input =>
            {
                var tender = Build(input.currency, [(input.method, input.capturedCents, 0, 0)]).Tenders[0];
                var allowance = tender.Allowance(input.currency);
                var applies = input.method == TenderMethod.AmazonPay && input.currency is "EUR" or "USD" or "GBP";
                return applies
                    ? (allowance <= tender.Captured * 0.15m && allowance <= 75m && allowance >= Math.Min(tender.Captured * 0.15m - 0.01m, 75m)).ToProperty()
                    : (allowance == 0m).ToProperty();
            });

    [Fact]
    public void Allocate_WithExtraAboveTheCaptures_PutsTheRestOnAmazonPayWithinItsAllowance()
    {
        var order = AnOrder.DeliveredAt(Placed.AddDays(3)).WithLine("TEE-M", 1, 10m)
            .PaidBy(TenderMethod.Card, 100m, Placed)
            .PaidBy(TenderMethod.AmazonPay, 200m, Placed.AddHours(1))
            .Build();

        var (withoutAllowance, refused) = TenderAllocation.Allocate(310m, order.Tenders);
        var (shares, result) = TenderAllocation.Allocate(310m, order.Tenders, "EUR");
        var (_, beyond) = TenderAllocation.Allocate(330.01m, order.Tenders, "EUR");

        Assert.Empty(withoutAllowance);
        Assert.False(refused.IsSuccess);
        Assert.True(result.IsSuccess);
        Assert.Equal([210m, 100m], shares.Select(s => s.Amount));
        Assert.Equal(TenderMethod.AmazonPay, order.Tenders.Single(t => t.Id == shares[0].TenderId).Method);
        Assert.False(beyond.IsSuccess);
        Assert.True(order.Tenders.Single(t => t.Method == TenderMethod.AmazonPay).Reserve(230m, "EUR").IsSuccess);
        Assert.False(order.Tenders.Single(t => t.Method == TenderMethod.Card).Reserve(100.01m, "EUR").IsSuccess);
    }

    private static bool Reserves(IReadOnlyList<TenderShare> shares, IReadOnlyList<Tender> tenders, string currency, bool extra) =>
        shares.All(s =>
        {
            var tender = tenders.Single(t => t.Id == s.TenderId);
            return (extra ? tender.Reserve(s.Amount, currency) : tender.Reserve(s.Amount)).IsSuccess;
        });

    private static Order Build(string currency, (TenderMethod Method, int CapturedCents, int RefundedPercent, int HoursAfterOrder)[] tenders)
    {
        var builder = AnOrder.DeliveredAt(Placed.AddDays(3)).InCurrency(currency).WithLine("TEE-M", 1, 10m);
        foreach (var t in tenders)
        {
            builder.PaidBy(t.Method, t.CapturedCents / 100m, Placed.AddHours(t.HoursAfterOrder));
        }

        var order = builder.Build();
        for (var i = 0; i < order.Tenders.Count; i++)
        {
            var refunded = Math.Round(order.Tenders[i].Captured * tenders[i].RefundedPercent / 100m, 2);
            if (refunded > 0m)
            {
                order.Tenders[i].Reserve(refunded);
            }
        }

        return order;
    }
}

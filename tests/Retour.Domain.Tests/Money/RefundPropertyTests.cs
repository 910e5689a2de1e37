using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Money;

/// <summary>The refund invariants of the domain model, checked over generated orders of realistic size.</summary>
public sealed class RefundPropertyTests
{
    private static readonly string[] Currencies = ["JPY", "EUR", "KWD"];

    [Property(MaxTest = 200)]
    public Property Proportionally_WhenAnyWeights_PartsSumToTheTotalAndStayWithinOneMinorUnitOfTheirShare() =>
        Prop.ForAll(
            Arb.From(
                from minorUnits in Gen.Elements(0, 2, 3)
                from totalUnits in Gen.Choose(0, 5_000_000)
                from weights in Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 500_000), n))
                select (minorUnits, totalUnits, weights)),
            input =>
            {
                var scale = Scale(input.minorUnits);
                var total = input.totalUnits / scale;
                var weights = input.weights.Select(w => w / 100m).ToArray();

                var parts = Split.Proportionally(total, weights, input.minorUnits);

                var weightSum = weights.Sum();
                var oneUnit = 1m / scale;
                var withinShare = parts.Select((p, i) => weightSum == 0m ? total / parts.Length : total * weights[i] / weightSum)
                    .Zip(parts, (exact, part) => Math.Abs(part - exact) <= oneUnit)
                    .All(ok => ok);
                return (parts.Sum() == total)
                    .Label("sum is the total")
                    .And(parts.All(p => p >= 0m).Label("no negative part"))
                    .And(parts.All(p => Currency.IsInMinorUnits(p, CodeFor(input.minorUnits))).Label("in minor units"))
                    .And(withinShare.Label("within one minor unit of the exact share"));
            });

    [Property(MaxTest = 300)]
    public Property Proportionally_WhenUnitsAreLeftOver_GivesThemToTheLargestRemaindersTiesToTheEarlierPart() =>
        Prop.ForAll(
            Arb.From(
                from totalUnits in Gen.Choose(0, 100_000)
                from weights in Gen.Choose(1, 80).SelectMany(n => Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 6)), (1, Gen.Choose(0, 500_000))), n))
                select (totalUnits, weights)),
            input =>
            {
                var total = input.totalUnits / 100m;
                var weights = input.weights.Select(w => (decimal)w).ToArray();

                var parts = Split.Proportionally(total, weights, 2);

                return parts.SequenceEqual(LargestRemainder(input.totalUnits, weights)).Label("largest remainder, ties to the earlier part");
            });

    [Property(MaxTest = 200)]
    public Property EvenRange_WhenAnyRange_EqualsTheSumOfTheEvenParts() =>
        Prop.ForAll(
            Arb.From(
                from minorUnits in Gen.Elements(0, 2, 3)
                from totalUnits in Gen.Choose(0, 5_000_000)
                from parts in Gen.Choose(1, 50)
                from first in Gen.Choose(0, parts)
                from count in Gen.Choose(0, parts - first)
                select (minorUnits, totalUnits, parts, first, count)),
            input =>
            {
                var total = input.totalUnits / Scale(input.minorUnits);
                var even = Split.Evenly(total, input.parts, input.minorUnits);

                return Split.EvenRange(total, input.parts, input.first, input.count, input.minorUnits)
                    == even.Skip(input.first).Take(input.count).Sum();
            });

    [Property(MaxTest = 200)]
    public Property LineTotalsPaid_WhenAnyOrder_SumToGrossLessDiscountExactly() =>
        Prop.ForAll(
            Arb.From(OrderGen()),
            order =>
            {
                var totals = Refunds.LineTotalsPaid(order.Lines, order.Discount, order.Currency);

                var expected = order.Gross - Math.Min(order.Discount, order.Gross);
                return (totals.Sum() == expected)
                    .Label($"sum {totals.Sum()} is gross {order.Gross} less discount {order.Discount}")
                    .And(totals.All(t => t >= 0m).Label("no negative line"))
                    .And(totals.All(t => Currency.IsInMinorUnits(t, order.Currency)).Label("in minor units"));
            });

    [Property(MaxTest = 200)]
    public Property Quote_WhenAnyItemsAndDeductions_IsNeverNegativeNorAboveTheItems() =>
        Prop.ForAll(
            Arb.From(
                from currency in Gen.Elements(Currencies)
                from items in Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(
                    from units in Gen.Choose(0, 500_000)
                    from customerAtFault in Gen.Elements(true, false)
                    select (units, customerAtFault), n))
                from restockingPercent in Gen.Choose(0, 100)
                from shippingUnits in Gen.Choose(0, 10_000)
                select (currency, items, restockingPercent, shippingUnits)),
            input =>
            {
                var scale = Scale(Currency.MinorUnits(input.currency));
                var items = input.items.Select(i => new RefundItem(i.units / scale, i.customerAtFault)).ToArray();
                var deductions = new RefundDeductions(input.restockingPercent, input.shippingUnits / scale);

                var quote = Refunds.Quote(items, deductions, input.currency);

                return (quote.Items == items.Sum(i => i.Amount)).Label("items are the sum of the amounts")
                    .And((quote.Total >= 0m).Label("total never negative"))
                    .And((quote.Total <= quote.Items).Label("total never above the items"))
                    .And((quote.RestockingFee >= 0m && quote.ReturnShippingFee >= 0m).Label("fees never negative"))
                    .And((quote.Total == quote.Items - quote.RestockingFee - quote.ReturnShippingFee).Label("total is items less fees"))
                    .And((items.Any(i => i.CustomerAtFault) || quote.Total == quote.Items).Label("no fee when nobody is at fault"));
            });

    [Property(MaxTest = 150)]
    public Property UnitsAmount_WhenEveryUnitIsRefundedOverSeveralReturns_SumsToTheOrderTotalPaid() =>
        Prop.ForAll(
            Arb.From(
                from order in OrderGen()
                from chunks in Gen.CollectToArray(order.Lines, line => PartitionGen(line.Quantity))
                select (order, chunks)),
            input =>
            {
                var (order, chunks) = input;
                var totals = Refunds.LineTotalsPaid(order.Lines, order.Discount, order.Currency);
                var refundedSoFar = new int[order.Lines.Length];
                var refunded = 0m;
                var anyNegative = false;
                var returns = chunks.Max(c => c.Length);

                // Return k takes the k-th chunk of every line that still has one, so returns interleave across lines.
                for (var k = 0; k < returns; k++)
                {
                    for (var line = 0; line < order.Lines.Length; line++)
                    {
                        if (k >= chunks[line].Length)
                        {
                            continue;
                        }

                        var amount = Refunds.UnitsAmount(totals[line], order.Lines[line].Quantity, refundedSoFar[line], chunks[line][k], order.Currency);
                        anyNegative |= amount < 0m;
                        refunded += amount;
                        refundedSoFar[line] += chunks[line][k];
                    }
                }

                return (refunded == totals.Sum()).Label($"refunded {refunded}, paid {totals.Sum()}")
                    .And((refunded == order.Gross - Math.Min(order.Discount, order.Gross)).Label("paid is gross less discount"))
                    .And((!anyNegative).Label("no negative refund"));
            });

    [Property(MaxTest = 150)]
    public Property Allocate_WhenAnyPaymentsAndAmount_NeverExceedsATenderAndSharesSumToTheAmount() =>
        Prop.ForAll(
            Arb.From(
                from tenders in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(
                    from method in Gen.Elements(TenderMethod.Card, TenderMethod.PayPal, TenderMethod.GiftCard, TenderMethod.StoreCredit)
                    from capturedCents in Gen.Choose(1, 500_000)
                    from reservedPercent in Gen.Choose(0, 100)
                    from hoursAfterOrder in Gen.Choose(0, 48)
                    select (method, capturedCents, reservedPercent, hoursAfterOrder), n))
                from amountPercent in Gen.Choose(0, 120)
                select (tenders, amountPercent)),
            input =>
            {
                var placed = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
                var builder = AnOrder.DeliveredAt(placed.AddDays(3)).WithLine("TEE-M", 1, 10m);
                foreach (var t in input.tenders)
                {
                    builder.PaidBy(t.method, t.capturedCents / 100m, placed.AddHours(t.hoursAfterOrder));
                }

                var order = builder.Build();
                for (var i = 0; i < order.Tenders.Count; i++)
                {
                    var reserve = Math.Round(order.Tenders[i].Captured * input.tenders[i].reservedPercent / 100m, 2);
                    if (reserve > 0m)
                    {
                        order.Tenders[i].Reserve(reserve);
                    }
                }

                var refundable = order.Tenders.Sum(t => t.Refundable);
                var amount = Math.Round(refundable * input.amountPercent / 100m, 2);

                var (shares, result) = TenderAllocation.Allocate(amount, order.Tenders);

                if (amount > refundable)
                {
                    return (!result.IsSuccess && shares.Count == 0).Label("refused above what the payments have left");
                }

                return result.IsSuccess.Label("allocated")
                    .And((shares.Sum(s => s.Amount) == amount).Label("shares sum to the amount"))
                    .And(shares.All(s => s.Amount > 0m && s.Amount <= order.Tenders.Single(t => t.Id == s.TenderId).Refundable).Label("no share above a tender's refundable"))
                    .And((shares.Select(s => s.TenderId).Distinct().Count() == shares.Count).Label("one share per tender"));
            });

    /// <summary>An order's paid lines and discount, in one of the test currencies, amounts in its minor unit.</summary>
    public sealed record GeneratedOrder(string Currency, PaidLine[] Lines, decimal Discount, decimal Gross);

    private static Gen<GeneratedOrder> OrderGen() =>
        from currency in Gen.Elements(Currencies)
        from lines in Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(
            from quantity in Gen.Choose(1, 50)
            from priceUnits in Gen.Choose(0, 500_000)
            from taxPercent in Gen.Elements(0, 5, 10, 20)
            select (quantity, priceUnits, taxPercent), n))
        from discountPercent in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 100)), (1, Gen.Choose(101, 150)))
        select Build(currency, lines, discountPercent);

    private static GeneratedOrder Build(string currency, (int Quantity, int PriceUnits, int TaxPercent)[] lines, int discountPercent)
    {
        var scale = Scale(Currency.MinorUnits(currency));
        var paid = lines
            .Select(l => new PaidLine(l.Quantity, l.PriceUnits / scale, Currency.Round(l.PriceUnits / scale * l.TaxPercent / 100m, currency)))
            .ToArray();
        var gross = paid.Sum(l => Currency.Round(l.Quantity * (l.UnitPricePaid + l.UnitTax), currency));
        var discount = Currency.Round(gross * discountPercent / 100m, currency);
        return new GeneratedOrder(currency, paid, discount, gross);
    }

    /// <summary>Splits a quantity into chunks of at least one unit, in a random order of sizes.</summary>
    private static Gen<int[]> PartitionGen(int quantity) =>
        Gen.ArrayOf(Gen.Elements(true, false), quantity - 1).Select(cuts =>
        {
            var chunks = new List<int>();
            var size = 1;
            foreach (var cut in cuts)
            {
                if (cut)
                {
                    chunks.Add(size);
                    size = 1;
                }
                else
                {
                    size++;
                }
            }

            chunks.Add(size);
            return chunks.ToArray();
        });

    /// <summary>The class's contract spelled out naively: floors, then one unit at a time to the largest remainder left.</summary>
    private static decimal[] LargestRemainder(int totalCents, decimal[] weights)
    {
        var weightSum = weights.Sum();
        if (weightSum == 0m)
        {
            return Split.Evenly(totalCents / 100m, weights.Length, 2);
        }

        var exact = weights.Select(w => totalCents * w / weightSum).ToArray();
        var cents = exact.Select(decimal.Floor).ToArray();
        var taken = new bool[weights.Length];
        for (var left = totalCents - (int)cents.Sum(); left > 0; left--)
        {
            var best = Enumerable.Range(0, weights.Length)
                .Where(i => !taken[i])
                .OrderByDescending(i => exact[i] - cents[i])
                .ThenBy(i => i)
                .First();
            cents[best] += 1m;
            taken[best] = true;
        }

        return [.. cents.Select(c => c / 100m)];
    }

    private static decimal Scale(int minorUnits) => minorUnits switch
    {
        0 => 1m,
        2 => 100m,
        _ => 1000m,
    };

    private static string CodeFor(int minorUnits) => minorUnits switch
    {
        0 => "JPY",
        2 => "EUR",
        _ => "KWD",
    };
}

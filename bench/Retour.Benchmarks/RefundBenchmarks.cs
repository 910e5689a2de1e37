using BenchmarkDotNet.Attributes;
using Retour.Domain.Money;

namespace Retour.Benchmarks;

/// <summary>
/// The cost of the refund arithmetic for one line: the line's total after the order discount, the amount of the
/// units returned, and the quote with deductions. 1,000 prepared lines, either in orders of 1 to 10 lines (what a
/// shop sends) or as one order of 1,000 lines with a discount (a large business order, where the discount split
/// dominates).
/// </summary>
[MemoryDiagnoser]
public class RefundBenchmarks
{
    private const int Lines = 1000;

    private readonly List<PaidLine[]> _orders = [];
    private readonly List<decimal> _discounts = [];
    private readonly List<int[]> _returned = [];
    private readonly RefundItem[] _items = new RefundItem[Lines];
    private PaidLine[] _largeOrder = [];
    private int[] _largeReturned = [];
    private readonly RefundDeductions _deductions = new(10m, 4.90m);

    /// <summary>Builds the orders once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var lines = 0;
        while (lines < Lines)
        {
            var count = Math.Min(random.Next(1, 11), Lines - lines);
            var order = new PaidLine[count];
            var returned = new int[count];
            for (var i = 0; i < count; i++)
            {
                var quantity = random.Next(1, 6);
                var price = random.Next(100, 20_000) / 100m;
                order[i] = new PaidLine(quantity, price, decimal.Round(price * 0.2m, 2));
                returned[i] = random.Next(1, quantity + 1);
            }

            _orders.Add(order);
            _discounts.Add(random.Next(3) == 0 ? random.Next(0, 2_000) / 100m : 0m);
            _returned.Add(returned);
            lines += count;
        }

        _largeOrder = [.. _orders.SelectMany(o => o)];
        _largeReturned = [.. _returned.SelectMany(r => r)];
    }

    /// <summary>Line totals, units amount and quote for every prepared line; reported per line.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public decimal LineTotalsUnitsAndQuote()
    {
        var refunded = 0m;
        for (var o = 0; o < _orders.Count; o++)
        {
            var order = _orders[o];
            var returned = _returned[o];
            var totals = Refunds.LineTotalsPaid(order, _discounts[o], "EUR");
            for (var i = 0; i < order.Length; i++)
            {
                var amount = Refunds.UnitsAmount(totals[i], order[i].Quantity, 0, returned[i], "EUR");
                _items[i] = new RefundItem(amount, (i & 1) == 0);
            }

            refunded += Refunds.Quote(new ArraySegment<RefundItem>(_items, 0, order.Length), _deductions, "EUR").Total;
        }

        return refunded;
    }

    /// <summary>The same arithmetic for one order of 1,000 lines with an order discount; reported per line.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public decimal OneOrderOf1000Lines()
    {
        var totals = Refunds.LineTotalsPaid(_largeOrder, 123.45m, "EUR");
        for (var i = 0; i < _largeOrder.Length; i++)
        {
            var amount = Refunds.UnitsAmount(totals[i], _largeOrder[i].Quantity, 0, _largeReturned[i], "EUR");
            _items[i] = new RefundItem(amount, (i & 1) == 0);
        }

        return Refunds.Quote(_items, _deductions, "EUR").Total;
    }
}

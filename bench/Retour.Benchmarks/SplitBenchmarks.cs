using BenchmarkDotNet.Attributes;
using Retour.Domain.Money;

namespace Retour.Benchmarks;

/// <summary>The largest-remainder split of an amount over a number of weights, as an order discount over its lines.</summary>
[MemoryDiagnoser]
public class SplitBenchmarks
{
    private decimal[] _weights = [];
    private decimal[] _parts = [];
    private decimal _total;

    /// <summary>Number of weights: a typical order, a large one, and a very large B2B order.</summary>
    [Params(10, 100, 1000)]
    public int Weights { get; set; }

    /// <summary>Builds the weights once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _weights = new decimal[Weights];
        for (var i = 0; i < Weights; i++)
        {
            _weights[i] = random.Next(100, 500_000) / 100m;
        }

        _parts = new decimal[Weights];

        // A total whose split leaves many minor units over, the costly case for largest remainder.
        _total = (Weights * 1.37m) + 0.99m;
    }

    /// <summary>Splits into a new array.</summary>
    [Benchmark]
    public decimal[] Proportionally() => Split.Proportionally(_total, _weights, 2);

    /// <summary>Splits into a caller's buffer.</summary>
    [Benchmark]
    public decimal ProportionallyIntoBuffer()
    {
        Split.Proportionally(_total, _weights, 2, _parts);
        return _parts[0];
    }
}

using BenchmarkDotNet.Attributes;
using Retour.Domain.Policies;

namespace Retour.Benchmarks;

/// <summary>
/// A what-if simulation over 90 days of a busy shop held in memory: 100,000 orders of 1–4 lines and a return for about
/// one line in five, replayed under the current policy and a draft (a longer window, new fees). Target: under 10 s
/// (issue #3). Loading the rows from the database is measured separately over HTTP (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private const int Orders = 100_000;

    private readonly List<SimulatedLine> _lines = [];
    private CompiledPolicy _current = null!;
    private CompiledPolicy _draft = null!;

    /// <summary>Compiles both policies and generates the orders and returns once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _current = CompiledPolicy.Compile(PolicyWorkload.Policy(30), "v1");
        _draft = CompiledPolicy.Compile(PolicyWorkload.Policy(45) with { Fees = new FeeRules([new ShippingFeeRule("fee.all", null, null, 3.90m)], []) }, "draft");
        var now = new DateTimeOffset(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        for (var o = 0; o < Orders; o++)
        {
            var placed = now.AddMinutes(-random.Next(60, 60 * 24 * 90));
            var number = $"#{100000 + o}";
            var count = random.Next(1, 5);
            for (var l = 0; l < count; l++)
            {
                var facts = PolicyWorkload.Line(random, now, placed);
                var amount = facts.UnitValue * facts.Quantity;
                _lines.Add(new SimulatedLine(number, "EUR", facts, default, amount, IsReturn: false));
                if (random.Next(5) == 0 && facts.DeliveredAt is { } delivered)
                {
                    var requested = delivered.AddHours(random.Next(1, 24 * 40));
                    _lines.Add(new SimulatedLine(number, "EUR", facts, requested < now ? requested : now, amount, IsReturn: true));
                }
            }
        }
    }

    /// <summary>Replays every line under both policies.</summary>
    [Benchmark]
    public int Run() => PolicySimulation.Run(_current, _draft, _lines).LinesChanged;
}

using BenchmarkDotNet.Attributes;
using Retour.Domain.Policies;

namespace Retour.Benchmarks;

/// <summary>
/// The cost of deciding one line with the policy engine: a compiled realistic policy (see <see cref="PolicyWorkload"/>)
/// on top of the legal baselines, over lines shipped to every jurisdiction, for every kind of reason. Target: at
/// least 200,000 lines per second on one core (issue #3); the foundation's target was 1,000,000 for its simple window.
/// </summary>
[MemoryDiagnoser]
public class EligibilityBenchmarks
{
    private const int Lines = 1000;

    private readonly LineFacts[] _facts = new LineFacts[Lines];
    private CompiledPolicy _policy = null!;
    private DateTimeOffset _now;

    /// <summary>Compiles the policy once (as Retour does per version) and prepares the lines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _policy = CompiledPolicy.Compile(PolicyWorkload.Policy(), "bench-1");
        _now = new DateTimeOffset(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        for (var i = 0; i < Lines; i++)
        {
            _facts[i] = PolicyWorkload.Line(random, _now);
        }
    }

    /// <summary>Decides every prepared line; reported per line.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int Decide()
    {
        var eligible = 0;
        for (var i = 0; i < _facts.Length; i++)
        {
            if (_policy.Decide(_facts[i], _now).Outcome == DecisionOutcome.Eligible)
            {
                eligible++;
            }
        }

        return eligible;
    }
}

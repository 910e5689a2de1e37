using BenchmarkDotNet.Attributes;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Benchmarks;

/// <summary>
/// The cost of deciding one line with the return-window policy. The prepared lines mix what a portal sees: mostly
/// delivered lines inside or outside the window, some with a non-returnable tag, some not delivered yet.
/// </summary>
[MemoryDiagnoser]
public class EligibilityBenchmarks
{
    private const int Lines = 1000;

    private readonly LineFacts[] _facts = new LineFacts[Lines];
    private ReturnWindowPolicy _policy = null!;
    private DateTimeOffset _now;

    /// <summary>Builds the policy and the lines once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _policy = new ReturnWindowPolicy(
            30,
            ["final-sale", "hygiene-sealed", "personalised"],
            new Dictionary<string, ReasonFault> { ["changed-mind"] = ReasonFault.Customer, ["defective"] = ReasonFault.Merchant },
            TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"),
            "bench-1");
        _now = new DateTimeOffset(2026, 4, 15, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        string[][] tagSets = [[], ["sale"], ["gift", "new-season"], ["final-sale"], ["Hygiene-Sealed", "beauty"]];
        for (var i = 0; i < Lines; i++)
        {
            var tags = tagSets[random.Next(tagSets.Length)];
            var delivered = _now.AddHours(-random.Next(0, 24 * 60));
            DateTimeOffset? deliveredAt = random.Next(20) == 0 ? null : delivered;
            _facts[i] = new LineFacts(tags, delivered.AddDays(-3), deliveredAt, CustomerKind.Consumer, "FR", "changed-mind");
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

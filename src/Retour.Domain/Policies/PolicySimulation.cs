using Retour.Domain.Money;

namespace Retour.Domain.Policies;

/// <summary>
/// One line to replay: an order line (would it still be returnable, and until when?) or a line that was actually
/// returned (would it be decided the same, and what would the refund and fees be?).
/// </summary>
/// <param name="OrderNumber">The order's number, for the examples.</param>
/// <param name="Currency">ISO currency of the amounts.</param>
/// <param name="Facts">The facts the policy reads; for an order line the reason is replaced by a change of mind.</param>
/// <param name="DecidedAt">When the return was requested; for an order line, ignored (it is judged on the day after delivery).</param>
/// <param name="Amount">What the units cost the customer (the refund before fees).</param>
/// <param name="IsReturn">A line that was actually returned.</param>
public sealed record SimulatedLine(string OrderNumber, string Currency, LineFacts Facts, DateTimeOffset DecidedAt, decimal Amount, bool IsReturn);

/// <summary>A line whose decision would change, shown as an example in the report.</summary>
public sealed record SimulatedChange(string OrderNumber, string Sku, bool IsReturn, DecisionOutcome Before, DecisionOutcome After, string BasisBefore, string BasisAfter, DateTimeOffset? ReturnByBefore, DateTimeOffset? ReturnByAfter);

/// <summary>Money moved by a draft policy in one currency: refunds and fees under the current and the draft policy.</summary>
public sealed record SimulatedMoney(string Currency, decimal RefundsBefore, decimal RefundsAfter, decimal FeesBefore, decimal FeesAfter)
{
    /// <summary>Draft minus current refunds.</summary>
    public decimal RefundImpact => RefundsAfter - RefundsBefore;

    /// <summary>Draft minus current fees.</summary>
    public decimal FeeImpact => FeesAfter - FeesBefore;
}

/// <summary>What a draft policy would have changed over past orders and returns.</summary>
/// <param name="CurrentVersion">The policy compared against.</param>
/// <param name="DraftVersion">The draft.</param>
/// <param name="OrderLines">Order lines replayed.</param>
/// <param name="OrderLinesBecomingReturnable">Order lines the draft would take back that the current policy does not.</param>
/// <param name="OrderLinesBecomingNonReturnable">Order lines the draft would refuse that the current policy takes back.</param>
/// <param name="OrderLinesWithLongerDeadline">Order lines returnable for longer.</param>
/// <param name="OrderLinesWithShorterDeadline">Order lines returnable for less long.</param>
/// <param name="ReturnLines">Returned lines replayed.</param>
/// <param name="ReturnLinesChanged">Returned lines decided differently.</param>
/// <param name="Transitions">Count per change, e.g. "Eligible → NotEligible".</param>
/// <param name="Money">Refunds and fees per currency, for the returned lines.</param>
/// <param name="Examples">The first changed lines.</param>
public sealed record SimulationReport(
    string CurrentVersion,
    string DraftVersion,
    int OrderLines,
    int OrderLinesBecomingReturnable,
    int OrderLinesBecomingNonReturnable,
    int OrderLinesWithLongerDeadline,
    int OrderLinesWithShorterDeadline,
    int ReturnLines,
    int ReturnLinesChanged,
    IReadOnlyDictionary<string, int> Transitions,
    IReadOnlyList<SimulatedMoney> Money,
    IReadOnlyList<SimulatedChange> Examples)
{
    /// <summary>Start of the period replayed, when the caller names one.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the period replayed, when the caller names one.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Lines of either kind whose decision would change.</summary>
    public int LinesChanged => OrderLinesBecomingReturnable + OrderLinesBecomingNonReturnable + ReturnLinesChanged;
}

/// <summary>
/// Replays past orders and returns under the current policy and a draft, so a merchant sees what publishing the draft
/// would change before doing it: which lines would be decided differently, and the effect on refunds and fees.
/// Lines are added one at a time (<see cref="Add"/>), so a caller can stream them from storage; nothing is kept but
/// the totals and a few examples.
/// </summary>
public sealed class PolicySimulation
{
    private readonly CompiledPolicy _current;
    private readonly CompiledPolicy _draft;
    private readonly int _maxExamples;
    private readonly string _changeOfMindNow;
    private readonly string _changeOfMindDraft;
    private readonly Dictionary<string, int> _transitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal[]> _money = new(StringComparer.Ordinal);
    private readonly List<SimulatedChange> _examples = [];
    private int _orderLines;
    private int _returnable;
    private int _nonReturnable;
    private int _longer;
    private int _shorter;
    private int _returnLines;
    private int _changed;

    /// <summary>Starts a simulation of <paramref name="draft"/> against <paramref name="current"/>.</summary>
    public PolicySimulation(CompiledPolicy current, CompiledPolicy draft, int maxExamples = 20)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(draft);
        (_current, _draft, _maxExamples) = (current, draft, maxExamples);
        _changeOfMindNow = ChangeOfMind(current);
        _changeOfMindDraft = ChangeOfMind(draft);
    }

    /// <summary>Replays <paramref name="lines"/> and reports.</summary>
    public static SimulationReport Run(CompiledPolicy current, CompiledPolicy draft, IEnumerable<SimulatedLine> lines, int maxExamples = 20)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var simulation = new PolicySimulation(current, draft, maxExamples);
        foreach (var line in lines)
        {
            simulation.Add(line);
        }

        return simulation.Report();
    }

    /// <summary>Replays one line under both policies.</summary>
    public void Add(SimulatedLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.IsReturn)
        {
            AddReturned(line);
        }
        else
        {
            AddOrdered(line);
        }
    }

    /// <summary>What the lines added so far would change.</summary>
    public SimulationReport Report() => new(
        _current.Version,
        _draft.Version,
        _orderLines,
        _returnable,
        _nonReturnable,
        _longer,
        _shorter,
        _returnLines,
        _changed,
        new Dictionary<string, int>(_transitions, StringComparer.Ordinal),
        [.. _money.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new SimulatedMoney(m.Key, m.Value[0], m.Value[1], m.Value[2], m.Value[3]))],
        [.. _examples]);

    private void AddReturned(SimulatedLine line)
    {
        _returnLines++;
        var before = _current.Decide(line.Facts, line.DecidedAt);
        var after = _draft.Decide(line.Facts, line.DecidedAt);
        if (!_money.TryGetValue(line.Currency, out var sums))
        {
            sums = new decimal[4];
            _money[line.Currency] = sums;
        }

        var (refundBefore, feesBefore) = Settle(before, line);
        var (refundAfter, feesAfter) = Settle(after, line);
        sums[0] += refundBefore;
        sums[1] += refundAfter;
        sums[2] += feesBefore;
        sums[3] += feesAfter;
        if (before.Outcome != after.Outcome || feesBefore != feesAfter)
        {
            _changed++;
            var key = $"{before.Outcome} → {after.Outcome}";
            _transitions[key] = _transitions.GetValueOrDefault(key) + 1;
            Example(line, before, after);
        }
    }

    private void AddOrdered(SimulatedLine line)
    {
        _orderLines++;
        var start = line.Facts.DeliveredAt ?? line.Facts.PlacedAt;
        var at = start.AddDays(1);
        var now = _current.Decide(line.Facts with { ReasonCode = _changeOfMindNow }, at);
        var next = _draft.Decide(line.Facts with { ReasonCode = _changeOfMindDraft }, at);
        var wasReturnable = now.Outcome != DecisionOutcome.NotEligible;
        var isReturnable = next.Outcome != DecisionOutcome.NotEligible;
        if (wasReturnable != isReturnable)
        {
            if (isReturnable)
            {
                _returnable++;
            }
            else
            {
                _nonReturnable++;
            }

            Example(line, now, next);
        }
        else if (isReturnable && now.ReturnBy != next.ReturnBy)
        {
            if ((next.ReturnBy ?? DateTimeOffset.MaxValue) > (now.ReturnBy ?? DateTimeOffset.MaxValue))
            {
                _longer++;
            }
            else
            {
                _shorter++;
            }
        }
    }

    /// <summary>The refund and the fees a decision gives for a returned line (nothing when it is refused).</summary>
    private static (decimal Refund, decimal Fees) Settle(LineDecision decision, SimulatedLine line)
    {
        if (decision.Outcome == DecisionOutcome.NotEligible)
        {
            return (0m, 0m);
        }

        var fees = Math.Min(line.Amount, Currency.Round(line.Amount * decision.RestockingPercent / 100m, line.Currency) + decision.ReturnShippingFee);
        return (line.Amount - fees, fees);
    }

    private void Example(SimulatedLine line, LineDecision before, LineDecision after)
    {
        if (_examples.Count < _maxExamples)
        {
            _examples.Add(new SimulatedChange(line.OrderNumber, line.Facts.Sku, line.IsReturn, before.Outcome, after.Outcome, before.Basis, after.Basis, before.ReturnBy, after.ReturnBy));
        }
    }

    private static string ChangeOfMind(CompiledPolicy policy) =>
        policy.Policy.Reasons.FirstOrDefault(r => r.Claim == ClaimKind.ChangeOfMind)?.Code ?? policy.Policy.Reasons[0].Code;
}

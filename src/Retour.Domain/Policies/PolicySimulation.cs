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
    /// <summary>Lines of either kind whose decision would change.</summary>
    public int LinesChanged => OrderLinesBecomingReturnable + OrderLinesBecomingNonReturnable + ReturnLinesChanged;
}

/// <summary>
/// Replays past orders and returns under the current policy and a draft, so a merchant sees what publishing the draft
/// would change before doing it: which lines would be decided differently, and the effect on refunds and fees.
/// </summary>
public static class PolicySimulation
{
    /// <summary>Replays <paramref name="lines"/> (streamed; nothing is kept but the totals and a few examples).</summary>
    public static SimulationReport Run(CompiledPolicy current, CompiledPolicy draft, IEnumerable<SimulatedLine> lines, int maxExamples = 20)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(lines);
        var changeOfMindNow = ChangeOfMind(current);
        var changeOfMindDraft = ChangeOfMind(draft);
        int orderLines = 0, returnable = 0, nonReturnable = 0, longer = 0, shorter = 0, returnLines = 0, changed = 0;
        var transitions = new Dictionary<string, int>(StringComparer.Ordinal);
        var money = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        var examples = new List<SimulatedChange>();
        foreach (var line in lines)
        {
            if (line.IsReturn)
            {
                returnLines++;
                var before = current.Decide(line.Facts, line.DecidedAt);
                var after = draft.Decide(line.Facts, line.DecidedAt);
                if (!money.TryGetValue(line.Currency, out var sums))
                {
                    sums = new decimal[4];
                    money[line.Currency] = sums;
                }

                var (refundBefore, feesBefore) = Settle(before, line);
                var (refundAfter, feesAfter) = Settle(after, line);
                sums[0] += refundBefore;
                sums[1] += refundAfter;
                sums[2] += feesBefore;
                sums[3] += feesAfter;
                if (before.Outcome != after.Outcome || feesBefore != feesAfter)
                {
                    changed++;
                    var key = $"{before.Outcome} → {after.Outcome}";
                    transitions[key] = transitions.GetValueOrDefault(key) + 1;
                    Example(examples, maxExamples, line, before, after);
                }

                continue;
            }

            orderLines++;
            var start = line.Facts.DeliveredAt ?? line.Facts.PlacedAt;
            var at = start.AddDays(1);
            var now = current.Decide(line.Facts with { ReasonCode = changeOfMindNow }, at);
            var next = draft.Decide(line.Facts with { ReasonCode = changeOfMindDraft }, at);
            var wasReturnable = now.Outcome != DecisionOutcome.NotEligible;
            var isReturnable = next.Outcome != DecisionOutcome.NotEligible;
            if (wasReturnable != isReturnable)
            {
                if (isReturnable)
                {
                    returnable++;
                }
                else
                {
                    nonReturnable++;
                }

                Example(examples, maxExamples, line, now, next);
            }
            else if (isReturnable && now.ReturnBy != next.ReturnBy)
            {
                if ((next.ReturnBy ?? DateTimeOffset.MaxValue) > (now.ReturnBy ?? DateTimeOffset.MaxValue))
                {
                    longer++;
                }
                else
                {
                    shorter++;
                }
            }
        }

        return new SimulationReport(
            current.Version,
            draft.Version,
            orderLines,
            returnable,
            nonReturnable,
            longer,
            shorter,
            returnLines,
            changed,
            transitions,
            [.. money.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new SimulatedMoney(m.Key, m.Value[0], m.Value[1], m.Value[2], m.Value[3]))],
            examples);
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

    private static void Example(List<SimulatedChange> examples, int max, SimulatedLine line, LineDecision before, LineDecision after)
    {
        if (examples.Count < max)
        {
            examples.Add(new SimulatedChange(line.OrderNumber, line.Facts.Sku, line.IsReturn, before.Outcome, after.Outcome, before.Basis, after.Basis, before.ReturnBy, after.ReturnBy));
        }
    }

    private static string ChangeOfMind(CompiledPolicy policy) =>
        policy.Policy.Reasons.FirstOrDefault(r => r.Claim == ClaimKind.ChangeOfMind)?.Code ?? policy.Policy.Reasons[0].Code;
}

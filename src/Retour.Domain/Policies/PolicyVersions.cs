namespace Retour.Domain.Policies;

/// <summary>
/// Which version of the policy judges a return: the one in force when the order was placed, unless the current one
/// is more generous to the customer for that line.
/// </summary>
public static class PolicyVersions
{
    /// <summary>
    /// Decides a line by the version in force at purchase and by the current version and keeps the more favourable
    /// decision: eligible before review before refusal, then lower fees, then the later deadline.
    /// </summary>
    public static LineDecision Decide(IEligibilityPolicy atPurchase, IEligibilityPolicy current, in LineFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(atPurchase);
        ArgumentNullException.ThrowIfNull(current);
        var then = atPurchase.Decide(facts, now);
        if (ReferenceEquals(atPurchase, current))
        {
            return then;
        }

        var today = current.Decide(facts, now);
        return MoreGenerous(today, then) ? today : then;
    }

    /// <summary>Whether <paramref name="a"/> is strictly more favourable to the customer than <paramref name="b"/>.</summary>
    public static bool MoreGenerous(LineDecision a, LineDecision b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Rank(a.Outcome) != Rank(b.Outcome))
        {
            return Rank(a.Outcome) > Rank(b.Outcome);
        }

        var burdenA = a.ReturnShippingFee + a.RestockingPercent;
        var burdenB = b.ReturnShippingFee + b.RestockingPercent;
        if (burdenA != burdenB)
        {
            return burdenA < burdenB;
        }

        return (a.ReturnBy ?? DateTimeOffset.MaxValue) > (b.ReturnBy ?? DateTimeOffset.MaxValue);
    }

    /// <summary>The published version in force at an instant: the latest published at or before it, else the earliest.</summary>
    public static T? InForceAt<T>(IReadOnlyList<T> published, Func<T, DateTimeOffset> publishedAt, DateTimeOffset at)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(publishedAt);
        T? found = null;
        T? earliest = null;
        foreach (var p in published)
        {
            var when = publishedAt(p);
            if (when <= at && (found is null || when > publishedAt(found)))
            {
                found = p;
            }

            if (earliest is null || when < publishedAt(earliest))
            {
                earliest = p;
            }
        }

        return found ?? earliest;
    }

    private static int Rank(DecisionOutcome o) => o switch { DecisionOutcome.Eligible => 2, DecisionOutcome.NeedsReview => 1, _ => 0 };
}

namespace Retour.Domain.Money;

/// <summary>
/// Splits an amount into parts that always sum exactly to the whole, in the currency's minor unit,
/// by the largest-remainder method: every part gets its floor, and the minor units left over go one each
/// to the parts with the largest remainders (ties to the earlier part, so the result is deterministic).
/// </summary>
public static class Split
{
    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> (all ≥ 0).</summary>
    public static decimal[] Proportionally(decimal total, IReadOnlyList<decimal> weights, int minorUnits)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parts = new decimal[weights.Count];
        Proportionally(total, weights, minorUnits, parts);
        return parts;
    }

    /// <summary>Splits into a caller-provided buffer, without allocating when there are at most 64 parts.</summary>
    public static void Proportionally(decimal total, IReadOnlyList<decimal> weights, int minorUnits, Span<decimal> parts)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (parts.Length != weights.Count)
        {
            throw new ArgumentException("One part per weight is needed.", nameof(parts));
        }

        var n = weights.Count;
        if (n == 0)
        {
            return;
        }

        var scale = Currency.Scale(minorUnits);
        var units = total * scale;
        if (decimal.Truncate(units) != units)
        {
            throw new ArgumentException("The total has digits below the currency's minor unit.", nameof(total));
        }

        var weightSum = 0m;
        for (var i = 0; i < n; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i]);
            weightSum += weights[i];
        }

        if (weightSum == 0m)
        {
            EvenlyInto(units, parts, scale);
            return;
        }

        Span<decimal> remainders = n <= 64 ? stackalloc decimal[n] : new decimal[n];
        var given = 0m;
        for (var i = 0; i < n; i++)
        {
            var exact = units * weights[i] / weightSum;
            var floor = decimal.Floor(exact);
            parts[i] = floor;
            remainders[i] = exact - floor;
            given += floor;
        }

        var left = (int)(units - given);
        if (left > 0)
        {
            GiveLeftover(parts, remainders, left);
        }

        for (var i = 0; i < n; i++)
        {
            parts[i] /= scale;
        }
    }

    /// <summary>Splits <paramref name="total"/> into <paramref name="count"/> equal parts; earlier parts take the leftover minor units.</summary>
    public static decimal[] Evenly(decimal total, int count, int minorUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var parts = new decimal[count];
        var scale = Currency.Scale(minorUnits);
        EvenlyInto(total * scale, parts, scale);
        return parts;
    }

    /// <summary>
    /// The sum of parts <c>[first, first + count)</c> of an even split of <paramref name="total"/> into
    /// <paramref name="parts"/> parts, computed without building the split.
    /// </summary>
    public static decimal EvenRange(decimal total, int parts, int first, int count, int minorUnits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, parts);
        var scale = Currency.Scale(minorUnits);
        var units = total * scale;
        var each = decimal.Floor(units / parts);
        var extra = (int)(units - (each * parts));
        var extraInRange = Math.Max(0, Math.Min(first + count, extra) - first);
        return ((each * count) + extraInRange) / scale;
    }

    /// <summary>
    /// Gives one unit each to the <paramref name="left"/> parts with the largest remainders, ties to the earlier part.
    /// Sorting a copy of the remainders finds the smallest remainder that still gets a unit; every part above it gets
    /// one, and the earliest of the parts equal to it share what is left. O(n log n) where picking the largest
    /// remainder <paramref name="left"/> times was O(n²) on large orders.
    /// </summary>
    private static void GiveLeftover(Span<decimal> parts, ReadOnlySpan<decimal> remainders, int left)
    {
        var n = remainders.Length;
        Span<decimal> sorted = n <= 64 ? stackalloc decimal[n] : new decimal[n];
        remainders.CopyTo(sorted);
        sorted.Sort(static (a, b) => b.CompareTo(a));
        var threshold = sorted[left - 1];
        var atThreshold = left - sorted.IndexOf(threshold);
        for (var i = 0; i < n; i++)
        {
            if (remainders[i] > threshold)
            {
                parts[i] += 1m;
            }
            else if (remainders[i] == threshold && atThreshold > 0)
            {
                parts[i] += 1m;
                atThreshold--;
            }
        }
    }

    private static void EvenlyInto(decimal units, Span<decimal> parts, decimal scale)
    {
        var n = parts.Length;
        var each = decimal.Floor(units / n);
        var extra = (int)(units - (each * n));
        for (var i = 0; i < n; i++)
        {
            parts[i] = (each + (i < extra ? 1m : 0m)) / scale;
        }
    }
}

using System.Globalization;

namespace Retour.Domain.Money;

/// <summary>The legal interest rate in force from a date (France: fixed each half-year by an arrêté, Code monétaire et financier L313-2).</summary>
/// <param name="From">First day it applies.</param>
/// <param name="Percent">The rate, in percent, for claims of natural persons not acting for their business.</param>
/// <param name="Source">Where it was published.</param>
public sealed record LegalInterestRate(DateOnly From, decimal Percent, string Source);

/// <summary>How much a late refund is increased by, and why.</summary>
/// <param name="DaysLate">Calendar days after the due date.</param>
/// <param name="Percent">The increase in percent of the amount due.</param>
/// <param name="Amount">The increase, rounded to the currency, never above the product price.</param>
/// <param name="Band">The band of L242-4 that applies, in words.</param>
/// <param name="Capped">True when the product price capped the increase.</param>
public sealed record LateIncrease(int DaysLate, decimal Percent, decimal Amount, string Band, bool Capped);

/// <summary>
/// The French late-refund increase (Code de la consommation L242-4): when a trader refunds a withdrawal late (after
/// the deadline of L221-24), the amounts due are increased by the legal interest rate if the refund is at most 10
/// days late, 5 % if 10 to 20 days, 10 % if 20 to 30, 20 % if 30 to 60, 50 % if 60 to 90, then 5 more points for
/// each further month, up to the product's price. A band's upper bound belongs to it ("au plus tard dix jours": day
/// 10 is still the first band; day 11 is the second). A "further month" is counted as 30 days.
/// </summary>
public static class LatePaymentIncrease
{
    /// <summary>The legal basis, as shown to staff and in the API.</summary>
    public const string Basis = "C. consom. L242-4";

    /// <summary>
    /// The published legal interest rates for consumers' claims (percent), newest last. A deployment can replace them
    /// from configuration when a new half-year's arrêté is published.
    /// </summary>
    public static IReadOnlyList<LegalInterestRate> PublishedRates { get; } =
    [
        new(new DateOnly(2025, 1, 1), 7.21m, "Arrêté du 19 décembre 2024 (JORF 24 décembre 2024), 1er semestre 2025"),
        new(new DateOnly(2025, 7, 1), 6.65m, "Arrêté du 19 juin 2025 (JORF 24 juin 2025), 2nd semestre 2025"),
        new(new DateOnly(2026, 1, 1), 6.67m, "Arrêté du 15 décembre 2025 (JORF 26 décembre 2025), 1er semestre 2026"),
    ];

    /// <summary>The rate in force on <paramref name="on"/>: the latest one starting on or before it, or null before the first.</summary>
    public static LegalInterestRate? RateOn(IReadOnlyList<LegalInterestRate> rates, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(rates);
        LegalInterestRate? found = null;
        foreach (var rate in rates)
        {
            if (rate.From <= on && (found is null || rate.From > found.From))
            {
                found = rate;
            }
        }

        return found;
    }

    /// <summary>The increase in percent for a refund <paramref name="daysLate"/> days late; 0 when it is not late.</summary>
    public static decimal PercentFor(int daysLate, decimal legalRatePercent) => daysLate switch
    {
        <= 0 => 0m,
        <= 10 => legalRatePercent,
        <= 20 => 5m,
        <= 30 => 10m,
        <= 60 => 20m,
        <= 90 => 50m,
        _ => 50m + (5m * ((daysLate - 90 + 29) / 30)),
    };

    /// <summary>
    /// The increase owed on <paramref name="amountDue"/> refunded <paramref name="daysLate"/> days late, at most
    /// <paramref name="productPrice"/>; null when the refund is not late.
    /// </summary>
    public static LateIncrease? Compute(decimal amountDue, decimal productPrice, int daysLate, decimal legalRatePercent, string currency)
    {
        if (daysLate <= 0 || amountDue <= 0m)
        {
            return null;
        }

        var percent = PercentFor(daysLate, legalRatePercent);
        var raw = Currency.Round(amountDue * percent / 100m, currency);
        var cap = Math.Max(0m, productPrice);
        var capped = raw > cap;
        return new LateIncrease(daysLate, percent, capped ? cap : raw, BandOf(daysLate), capped);
    }

    private static string BandOf(int daysLate) => daysLate switch
    {
        <= 10 => "up to 10 days late: the legal interest rate",
        <= 20 => "10 to 20 days late: 5 %",
        <= 30 => "20 to 30 days late: 10 %",
        <= 60 => "30 to 60 days late: 20 %",
        <= 90 => "60 to 90 days late: 50 %",
        _ => string.Create(CultureInfo.InvariantCulture, $"more than 90 days late: 50 % and 5 points for each further month ({(daysLate - 90 + 29) / 30} month(s))"),
    };
}

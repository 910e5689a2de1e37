using System.Globalization;

namespace Retour.Domain.Money;

/// <summary>What the refund deadline of a return depends on. Instants are UTC; the zone turns them into the merchant's days.</summary>
/// <param name="Jurisdiction">From <c>LegalBaselines.JurisdictionOf</c>: FR, IT, DE, ES, EU, UK, US, US-CA, AU, or null.</param>
/// <param name="Consumer">False for a business buyer: no statutory deadline, the merchant's policy applies.</param>
/// <param name="Faulty">The merchant's fault (defective or wrong item): a rejection or conformity claim, not a withdrawal.</param>
/// <param name="ToldAt">When the merchant was told (the return was requested: the withdrawal statement).</param>
/// <param name="ProofOfSendingAt">The carrier's first scan of the parcel, if any.</param>
/// <param name="GoodsBackAt">When the goods were received back, if they were.</param>
/// <param name="AgreedAt">When the merchant agreed the refund is due (inspection done), if it did.</param>
/// <param name="PolicyDays">Days the merchant's own policy gives itself after receiving the goods.</param>
public sealed record RefundDeadlineFacts(
    string? Jurisdiction,
    bool Consumer,
    bool Faulty,
    DateTimeOffset ToldAt,
    DateTimeOffset? ProofOfSendingAt,
    DateTimeOffset? GoodsBackAt,
    DateTimeOffset? AgreedAt,
    int PolicyDays);

/// <summary>A refund's due date (the last day it is in time, in the merchant's calendar) and the rule that sets it.</summary>
/// <param name="Due">Null while the deadline does not run yet (the merchant may wait for the goods or the proof of sending).</param>
/// <param name="Basis">The article or rule.</param>
/// <param name="WaitingFor">What starts the deadline when <paramref name="Due"/> is null.</param>
public sealed record RefundDue(DateOnly? Due, string Basis, string? WaitingFor)
{
    /// <summary>Calendar days after the due date on <paramref name="on"/> (0 or less: in time).</summary>
    public int DaysLate(DateOnly on) => Due is { } due ? on.DayNumber - due.DayNumber : 0;
}

/// <summary>
/// When a refund is due, per jurisdiction (legal-rules.md). EU withdrawal (CRD art. 13(1) and 13(3); France
/// L221-24, Italy art. 56): 14 days from being told of the withdrawal, but the trader may withhold the refund until
/// it has the goods back or proof they were sent, whichever is first — so the due date is the later of the two.
/// UK withdrawal (Consumer Contracts Regulations 2013 reg. 34): 14 days after the goods are back or the proof of
/// return, whichever is first. UK faulty goods (Consumer Rights Act 2015 s.20(15)): 14 days from the trader agreeing
/// the refund is due. Elsewhere (US, Australia, a business buyer, a conformity claim in the EU): the merchant's policy,
/// counted from the goods back or the proof of sending.
/// </summary>
public static class RefundDeadlines
{
    private const int StatutoryDays = 14;

    /// <summary>The due date of a return's refund.</summary>
    public static RefundDue DueDate(RefundDeadlineFacts facts, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zone);
        var evidence = Earliest(facts.ProofOfSendingAt, facts.GoodsBackAt);
        var eu = facts.Jurisdiction is "FR" or "IT" or "DE" or "ES" or "EU";
        if (facts.Consumer && !facts.Faulty && eu)
        {
            var basis = facts.Jurisdiction switch
            {
                "FR" => "C. consom. L221-24",
                "IT" => "Codice del Consumo art. 56",
                _ => "CRD art. 13(1), 13(3)",
            };
            if (evidence is null)
            {
                return new RefundDue(null, basis, "the goods back or proof of sending");
            }

            var told = Day(facts.ToldAt, zone).AddDays(StatutoryDays);
            var withheld = Day(evidence.Value, zone);
            return new RefundDue(told > withheld ? told : withheld, basis, null);
        }

        if (facts.Consumer && facts.Jurisdiction == "UK")
        {
            if (facts.Faulty)
            {
                return facts.AgreedAt is { } agreed
                    ? new RefundDue(Day(agreed, zone).AddDays(StatutoryDays), "CRA 2015 s.20(15)", null)
                    : new RefundDue(null, "CRA 2015 s.20(15)", "the trader agreeing the refund is due");
            }

            return evidence is { } back
                ? new RefundDue(Day(back, zone).AddDays(StatutoryDays), "CCR 2013 reg. 34", null)
                : new RefundDue(null, "CCR 2013 reg. 34", "the goods back or proof of return");
        }

        var policy = string.Create(CultureInfo.InvariantCulture, $"merchant policy ({facts.PolicyDays} days from the goods back or proof of sending)");
        return evidence is { } start
            ? new RefundDue(Day(start, zone).AddDays(facts.PolicyDays), policy, null)
            : new RefundDue(null, policy, "the goods back or proof of sending");
    }

    /// <summary>The merchant's calendar day of an instant.</summary>
    public static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}

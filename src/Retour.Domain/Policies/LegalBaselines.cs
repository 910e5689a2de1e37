using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>The statutory right to withdraw from a distance sale without giving a reason.</summary>
/// <param name="Days">Calendar days after the start.</param>
/// <param name="Article">Where the period is set.</param>
/// <param name="StartArticle">Where its start (receipt of the last item) is set.</param>
/// <param name="ExtensionMonths">Months added when the consumer was not told of the right.</param>
/// <param name="ExtensionArticle">Where the extension is set.</param>
/// <param name="ReturnWithinDays">Days the consumer has to send the goods after withdrawing.</param>
/// <param name="ReturnCostArticle">The consumer pays the return only if told beforehand.</param>
/// <param name="RefundArticle">Refund deadline and means of payment.</param>
public sealed record WithdrawalRight(
    int Days,
    string Article,
    string StartArticle,
    int ExtensionMonths,
    string ExtensionArticle,
    int ReturnWithinDays,
    string ReturnCostArticle,
    string RefundArticle);

/// <summary>
/// Goods the right of withdrawal does not cover. <paramref name="OnlyOnceUnsealed"/>: only when the seal was opened;
/// <paramref name="NotFor"/>: tags or categories the exception never covers, with the ruling in <paramref name="NotForRuling"/>.
/// </summary>
public sealed record WithdrawalExclusion(
    string Tag,
    string Article,
    string Text,
    bool OnlyOnceUnsealed = false,
    IReadOnlyList<string>? NotFor = null,
    string? NotForRuling = null);

/// <summary>The legal guarantee of conformity for faulty goods.</summary>
/// <param name="Months">How long after delivery a defect can be claimed.</param>
/// <param name="Article">Where it is set.</param>
/// <param name="PresumptionMonths">A defect appearing within this time is presumed to have existed at delivery.</param>
/// <param name="FirstRemedies">What the consumer chooses from first.</param>
/// <param name="RepairExtendsMonths">Months a repair adds to the seller's liability, once (0: none).</param>
public sealed record ConformityGuarantee(int Months, string Article, int PresumptionMonths, IReadOnlyList<Resolution> FirstRemedies, int RepairExtendsMonths = 0);

/// <summary>A right to reject faulty goods for a full refund shortly after delivery (UK Consumer Rights Act 2015 s.22).</summary>
public sealed record ShortTermReject(int Days, string Article);

/// <summary>Statutory guarantees without a fixed period (Australian Consumer Law): major failures give the consumer the choice.</summary>
public sealed record ConsumerGuarantees(string MajorFailureArticle, string ConsumerChoiceArticle, string MinorFailureArticle);

/// <summary>
/// A right that exists only when the merchant's policy is not posted and does not offer a full refund, credit or
/// exchange within <paramref name="FullRefundWithinDays"/> days (California Civil Code §1723).
/// </summary>
public sealed record UnpostedPolicyRight(int Days, int FullRefundWithinDays, string Article, IReadOnlyList<string> ExceptTags);

/// <summary>
/// The consumer law of one jurisdiction from a date: what a merchant's policy can extend but never undercut. Only
/// consumers benefit; business buyers get the merchant's policy alone.
/// </summary>
public sealed record LegalBaseline(
    string Jurisdiction,
    string Name,
    DateOnly EffectiveFrom,
    WithdrawalRight? Withdrawal,
    IReadOnlyList<WithdrawalExclusion> Exceptions,
    ConformityGuarantee? Guarantee,
    ShortTermReject? ShortTermReject = null,
    ConsumerGuarantees? ConsumerGuarantees = null,
    UnpostedPolicyRight? UnpostedPolicy = null,
    string? Source = null);

/// <summary>
/// The legal baselines Retour knows, as dated data (see docs/legal-rules in the shared docs). A jurisdiction's rules
/// are the latest entry in force on the day the order was placed.
/// </summary>
public static class LegalBaselines
{
    private static readonly string[] EuCountries =
        ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

    private static readonly Resolution[] RepairOrReplace = [Resolution.Repair, Resolution.Replacement];

    private static IReadOnlyList<WithdrawalExclusion> Crd16(string c, string d, string e, string i, string j) =>
    [
        new("personalised", c, "Goods made to the consumer's specifications or clearly personalised."),
        new("perishable", d, "Goods liable to deteriorate or expire rapidly."),
        new("hygiene-sealed", e, "Sealed goods unsuitable for return for health or hygiene reasons once unsealed.", OnlyOnceUnsealed: true, NotFor: ["mattress", "mattresses"], NotForRuling: "CJEU C-681/17"),
        new("sealed-media", i, "Sealed audio, video or software once unsealed.", OnlyOnceUnsealed: true),
        new("periodical", j, "Newspapers and periodicals."),
    ];

    private static WithdrawalRight Crd(string period, string start, string extension, string returnCost, string refund) =>
        new(14, period, start, 12, extension, 14, returnCost, refund);

    private static readonly ConformityGuarantee EuGuarantee = new(24, "Directive 2019/771 art. 10", 12, RepairOrReplace);

    /// <summary>Every baseline, each jurisdiction's entries oldest first.</summary>
    public static IReadOnlyList<LegalBaseline> All { get; } =
    [
        new("EU", "European Union", new DateOnly(2014, 6, 13),
            Crd("CRD 9(1)", "CRD 9(2)(b)", "CRD 10", "CRD 14(1)", "CRD 13(1)"),
            Crd16("CRD 16(c)", "CRD 16(d)", "CRD 16(e)", "CRD 16(i)", "CRD 16(j)"),
            EuGuarantee, Source: "Directive 2011/83/EU; Directive 2019/771"),
        new("EU", "European Union", new DateOnly(2026, 7, 31),
            Crd("CRD 9(1)", "CRD 9(2)(b)", "CRD 10", "CRD 14(1)", "CRD 13(1)"),
            Crd16("CRD 16(c)", "CRD 16(d)", "CRD 16(e)", "CRD 16(i)", "CRD 16(j)"),
            EuGuarantee with { RepairExtendsMonths = 12 }, Source: "Directive 2011/83/EU; Directive 2019/771; Directive 2024/1799"),
        new("FR", "France", new DateOnly(2014, 6, 13),
            Crd("C. consom. L221-18", "C. consom. L221-18", "C. consom. L221-20", "C. consom. L221-23", "C. consom. L221-24"),
            Crd16("C. consom. L221-28 3°", "C. consom. L221-28 4°", "C. consom. L221-28 5°", "C. consom. L221-28 9°", "C. consom. L221-28 10°"),
            new(24, "C. consom. L217-3", 24, RepairOrReplace), Source: "Code de la consommation"),
        new("FR", "France", new DateOnly(2026, 7, 31),
            Crd("C. consom. L221-18", "C. consom. L221-18", "C. consom. L221-20", "C. consom. L221-23", "C. consom. L221-24"),
            Crd16("C. consom. L221-28 3°", "C. consom. L221-28 4°", "C. consom. L221-28 5°", "C. consom. L221-28 9°", "C. consom. L221-28 10°"),
            new(24, "C. consom. L217-3", 24, RepairOrReplace, RepairExtendsMonths: 12), Source: "Code de la consommation; Directive 2024/1799"),
        new("IT", "Italy", new DateOnly(2014, 6, 13),
            Crd("Cod. cons. art. 52", "Cod. cons. art. 52", "Cod. cons. art. 53", "Cod. cons. art. 57", "Cod. cons. art. 56"),
            Crd16("Cod. cons. art. 59(c)", "Cod. cons. art. 59(d)", "Cod. cons. art. 59(e)", "Cod. cons. art. 59(i)", "Cod. cons. art. 59(j)"),
            new(24, "Cod. cons. art. 128 ff.", 12, RepairOrReplace), Source: "Codice del Consumo"),
        new("DE", "Germany", new DateOnly(2014, 6, 13),
            Crd("BGB §355", "BGB §356(2)", "BGB §356(3)", "BGB §357", "BGB §357"),
            Crd16("BGB §312g(2) Nr. 1", "BGB §312g(2) Nr. 2", "BGB §312g(2) Nr. 3", "BGB §312g(2) Nr. 6", "BGB §312g(2) Nr. 7"),
            new(24, "BGB §438", 12, RepairOrReplace), Source: "Bürgerliches Gesetzbuch"),
        new("ES", "Spain", new DateOnly(2014, 6, 13),
            Crd("TRLGDCU art. 104", "TRLGDCU art. 104", "TRLGDCU art. 105", "TRLGDCU art. 108", "TRLGDCU art. 107"),
            Crd16("TRLGDCU art. 103(c)", "TRLGDCU art. 103(d)", "TRLGDCU art. 103(e)", "TRLGDCU art. 103(i)", "TRLGDCU art. 103(j)"),
            new(24, "TRLGDCU art. 123", 6, RepairOrReplace), Source: "Real Decreto Legislativo 1/2007"),
        new("ES", "Spain", new DateOnly(2022, 1, 1),
            Crd("TRLGDCU art. 104", "TRLGDCU art. 104", "TRLGDCU art. 105", "TRLGDCU art. 108", "TRLGDCU art. 107"),
            Crd16("TRLGDCU art. 103(c)", "TRLGDCU art. 103(d)", "TRLGDCU art. 103(e)", "TRLGDCU art. 103(i)", "TRLGDCU art. 103(j)"),
            new(36, "TRLGDCU art. 120", 24, RepairOrReplace), Source: "Real Decreto Legislativo 1/2007 as amended by Real Decreto-ley 7/2021"),
        new("UK", "United Kingdom", new DateOnly(2015, 10, 1),
            Crd("CCR 2013 reg. 29", "CCR 2013 reg. 31", "CCR 2013 reg. 31(2)", "CCR 2013 reg. 35", "CCR 2013 reg. 34"),
            Crd16("CCR 2013 reg. 28(1)(b)", "CCR 2013 reg. 28(1)(c)", "CCR 2013 reg. 28(1)(d)", "CCR 2013 reg. 28(1)(f)", "CCR 2013 reg. 28(1)(g)"),
            new(72, "CRA 2015 s.23", 6, RepairOrReplace),
            ShortTermReject: new(30, "CRA 2015 s.22"), Source: "Consumer Contracts Regulations 2013; Consumer Rights Act 2015"),
        new("US", "United States", new DateOnly(1975, 1, 1), null, [], null,
            Source: "No federal change-of-mind right; the merchant's published policy governs (FTC)"),
        new("US-CA", "California", new DateOnly(1975, 1, 1), null, [], null,
            UnpostedPolicy: new(30, 7, "Cal. Civ. Code §1723", ["perishable", "food", "final-sale", "personalised", "custom-made"]),
            Source: "California Civil Code §1723"),
        new("AU", "Australia", new DateOnly(2011, 1, 1), null, [], null,
            ConsumerGuarantees: new("ACL s.260", "ACL s.263", "ACL s.259"), Source: "Australian Consumer Law"),
    ];

    /// <summary>The jurisdiction whose law protects a buyer shipped to this address, or null when Retour has no baseline for it.</summary>
    public static string? JurisdictionOf(string country, string? region)
    {
        var c = (country ?? string.Empty).Trim().ToUpperInvariant();
        return c switch
        {
            "FR" or "IT" or "DE" or "ES" => c,
            "GB" or "UK" => "UK",
            "US" => string.Equals(region?.Trim(), "CA", StringComparison.OrdinalIgnoreCase) ? "US-CA" : "US",
            "AU" => "AU",
            _ when Array.IndexOf(EuCountries, c) >= 0 => "EU",
            _ => null,
        };
    }

    /// <summary>The baseline of a jurisdiction in force on a day, or null when there is none.</summary>
    public static LegalBaseline? InForce(string? jurisdiction, DateOnly on)
    {
        LegalBaseline? found = null;
        foreach (var b in All)
        {
            if (string.Equals(b.Jurisdiction, jurisdiction, StringComparison.Ordinal) && b.EffectiveFrom <= on && (found is null || b.EffectiveFrom > found.EffectiveFrom))
            {
                found = b;
            }
        }

        return found;
    }

    /// <summary>The jurisdiction codes Retour knows.</summary>
    public static IReadOnlyList<string> Jurisdictions { get; } = All.Select(b => b.Jurisdiction).Distinct().ToArray();
}

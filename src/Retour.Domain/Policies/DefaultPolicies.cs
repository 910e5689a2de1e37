using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>The policy a new shop starts with, before the merchant publishes its own.</summary>
public static class DefaultPolicies
{
    /// <summary>
    /// 30 days from delivery; final-sale, perishable, personalised, opened hygiene-sealed items, gift cards and digital
    /// goods excluded; refunds, store credit and exchanges offered; no fees; a person approves each return.
    /// </summary>
    public static ReturnPolicy Standard(string timeZone = "Europe/Paris") => new(
        TimeZone: timeZone,
        Markets: ["EU", "FR", "IT", "DE", "ES", "UK", "US", "AU"],
        Windows: [new WindowRule("window.default", RuleScope.All, 30)],
        SeasonalExtensions: [],
        Reasons:
        [
            Reason("changed-mind", ReasonFault.Customer, ClaimKind.ChangeOfMind, "Changed my mind", "J'ai changé d'avis", "Ho cambiato idea"),
            Reason("too-small", ReasonFault.Customer, ClaimKind.ChangeOfMind, "Too small", "Trop petit", "Troppo piccolo"),
            Reason("too-large", ReasonFault.Customer, ClaimKind.ChangeOfMind, "Too large", "Trop grand", "Troppo grande"),
            Reason("not-as-pictured", ReasonFault.Customer, ClaimKind.ChangeOfMind, "Looks different from the pictures", "Différent des photos", "Diverso dalle foto"),
            Reason("arrived-late", ReasonFault.Carrier, ClaimKind.ChangeOfMind, "Arrived too late", "Arrivé trop tard", "Arrivato troppo tardi"),
            Reason("damaged-in-transit", ReasonFault.Carrier, ClaimKind.TransitDamage, "Damaged in transit", "Endommagé pendant le transport", "Danneggiato durante il trasporto"),
            Reason("defective", ReasonFault.Merchant, ClaimKind.Defect, "Faulty or broken", "Défectueux ou cassé", "Difettoso o rotto"),
            Reason("wrong-item", ReasonFault.Merchant, ClaimKind.NotAsDescribed, "Not what I ordered", "Pas l'article commandé", "Non è l'articolo ordinato"),
            Reason("not-as-described", ReasonFault.Merchant, ClaimKind.NotAsDescribed, "Not as described", "Non conforme à la description", "Non conforme alla descrizione"),
            Reason("other", ReasonFault.Customer, ClaimKind.ChangeOfMind, "Other", "Autre", "Altro"),
        ],
        Conditions: [new ConditionRule("condition.default", null, [ItemCondition.Unused, ItemCondition.TagsAttached])],
        Exclusions:
        [
            new ExclusionRule("exclusion.final-sale", "final-sale"),
            new ExclusionRule("exclusion.perishable", "perishable"),
            new ExclusionRule("exclusion.personalised", "personalised"),
            new ExclusionRule("exclusion.hygiene-sealed", "hygiene-sealed"),
            new ExclusionRule("exclusion.gift-card", "gift-card"),
            new ExclusionRule("exclusion.digital", "digital"),
        ],
        Resolutions: new ResolutionRules([Resolution.Refund, Resolution.StoreCredit, Resolution.Exchange]),
        Fees: new FeeRules([], []),
        Automation: new AutomationRules(),
        RefundTiming: RefundTiming.AfterInspection,
        ShipWithinDays: 14,
        Methods: [ReturnMethod.Label, ReturnMethod.DropOff]);

    private static ReasonRule Reason(string code, ReasonFault fault, ClaimKind claim, string en, string fr, string it) =>
        new(code, new Dictionary<string, string>(StringComparer.Ordinal) { ["en"] = en, ["fr"] = fr, ["it"] = it }, fault, claim);
}

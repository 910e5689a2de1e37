using System.Globalization;
using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>What validating a policy found: errors stop it from being published, warnings are shown to the merchant.</summary>
public sealed record PolicyCheck(IReadOnlyList<DomainError> Errors, IReadOnlyList<DomainError> Warnings)
{
    /// <summary>True when the policy can be published.</summary>
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a policy before it is saved or published: it must be complete, consistent and lawful in every market it
/// declares. Each finding names the field (JSON path) and the rule.
/// </summary>
public static class PolicyValidation
{
    private static readonly string[] Locales = ["en", "fr", "it"];

    /// <summary>Validates <paramref name="policy"/>.</summary>
    public static PolicyCheck Validate(ReturnPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<DomainError>();
        var warnings = new List<DomainError>();
        void Error(string code, string message, string target) => errors.Add(new DomainError(code, message, target));

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(policy.TimeZone ?? string.Empty, out _))
        {
            Error("policy.timeZone.unknown", $"'{policy.TimeZone}' is not an IANA time zone such as Europe/Paris.", "timeZone");
        }

        var markets = policy.Markets ?? [];
        for (var i = 0; i < markets.Count; i++)
        {
            if (!LegalBaselines.Jurisdictions.Contains(markets[i]))
            {
                Error("policy.market.unknown", $"Market '{markets[i]}' is not one of {string.Join(", ", LegalBaselines.Jurisdictions)}.", $"markets[{i}]");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        void Id(string? id, string target)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                Error("policy.ruleId.required", "Every rule needs an id.", target);
            }
            else if (!ids.Add(id))
            {
                Error("policy.ruleId.duplicate", $"Rule id '{id}' is used twice; ids name the rule in every decision, so they must be unique.", target);
            }
        }

        var windows = policy.Windows ?? [];
        if (windows.Count(w => w.Scope.Specificity == 0) != 1)
        {
            Error("policy.window.default", "Exactly one window must have an empty scope: it applies to every line no other window covers.", "windows");
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            Id(w.Id, $"windows[{i}].id");
            if (w.Days is < 0 or > 3650)
            {
                Error("policy.window.days", "Between 0 and 3650 days.", $"windows[{i}].days");
            }

            for (var j = 0; j < i; j++)
            {
                if (windows[j].Scope == w.Scope && (windows[j].Days != w.Days || windows[j].From != w.From))
                {
                    Error("policy.window.contradictory", $"Windows '{windows[j].Id}' and '{w.Id}' cover the same lines with different periods.", $"windows[{i}]");
                }
            }
        }

        var seasons = policy.SeasonalExtensions ?? [];
        for (var i = 0; i < seasons.Count; i++)
        {
            var e = seasons[i];
            Id(e.Id, $"seasonalExtensions[{i}].id");
            if (!MonthDay.TryParse(e.PlacedFrom, out _))
            {
                Error("policy.season.date", "A day of the year as MM-DD.", $"seasonalExtensions[{i}].placedFrom");
            }

            if (!MonthDay.TryParse(e.PlacedTo, out _))
            {
                Error("policy.season.date", "A day of the year as MM-DD.", $"seasonalExtensions[{i}].placedTo");
            }

            if (!MonthDay.TryParse(e.ReturnableUntil, out _))
            {
                Error("policy.season.date", "A day of the year as MM-DD.", $"seasonalExtensions[{i}].returnableUntil");
            }
        }

        var reasons = policy.Reasons ?? [];
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (reasons.Count == 0)
        {
            Error("policy.reasons.empty", "A policy needs at least one reason.", "reasons");
        }

        for (var i = 0; i < reasons.Count; i++)
        {
            var r = reasons[i];
            if (string.IsNullOrWhiteSpace(r.Code) || !codes.Add(r.Code))
            {
                Error("policy.reason.code", $"Reason code '{r.Code}' is empty or used twice.", $"reasons[{i}].code");
            }

            foreach (var locale in Locales)
            {
                if (r.Labels is null || !r.Labels.TryGetValue(locale, out var label) || string.IsNullOrWhiteSpace(label))
                {
                    Error("policy.reason.label", $"Reason '{r.Code}' needs a label in '{locale}'.", $"reasons[{i}].labels.{locale}");
                }
            }

            if (r.Claim is ClaimKind.Defect or ClaimKind.NotAsDescribed or ClaimKind.TransitDamage && r.Fault == ReasonFault.Customer)
            {
                Error("policy.reason.fault", $"Reason '{r.Code}' claims {r.Claim} but puts the fault on the customer; a fault of the goods or the carrier is never the customer's.", $"reasons[{i}].fault");
            }
        }

        var offered = policy.Resolutions?.Offered ?? [];
        if (offered.Count == 0)
        {
            Error("policy.resolutions.empty", "Offer at least one resolution.", "resolutions.offered");
        }

        if (policy.Resolutions is { StoreCreditBonusPercent: < 0 or > 100 })
        {
            Error("policy.resolutions.bonus", "Between 0 and 100 percent.", "resolutions.storeCreditBonusPercent");
        }

        if (policy.Resolutions is { InstantExchangeDays: < 1 or > 30 })
        {
            Error("policy.resolutions.instantExchangeDays", "Between 1 and 30 days (7 or less for card payments, whose holds lapse after about a week).", "resolutions.instantExchangeDays");
        }

        if (policy.Resolutions is { InstantExchangeDays: not null } && !offered.Contains(Resolution.Exchange))
        {
            Error("policy.resolutions.instantWithoutExchange", "Instant exchanges need exchanges among the offered resolutions.", "resolutions.instantExchangeDays");
        }

        if (policy.Resolutions is { KeepItemPartialRefundPercent: < 0 or > 100 })
        {
            Error("policy.resolutions.keepItemPercent", "Between 0 and 100 percent.", "resolutions.keepItemPartialRefundPercent");
        }

        var conditions = policy.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            Id(conditions[i].Id, $"conditions[{i}].id");
        }

        var exclusions = policy.Exclusions ?? [];
        for (var i = 0; i < exclusions.Count; i++)
        {
            Id(exclusions[i].Id, $"exclusions[{i}].id");
            foreach (var market in markets)
            {
                var baseline = LegalBaselines.InForce(market, DateOnly.MaxValue);
                if (baseline?.Withdrawal is not null && !baseline.Exceptions.Any(x => string.Equals(x.Tag, exclusions[i].Tag, StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add(new DomainError(
                        "policy.exclusion.overriddenByLaw",
                        $"In {market}, consumers may still withdraw from items tagged '{exclusions[i].Tag}' within the legal period ({baseline.Withdrawal.Article}); the exclusion applies after it and to business buyers.",
                        $"exclusions[{i}].tag"));
                }
            }
        }

        var fees = policy.Fees ?? new FeeRules([], []);
        for (var i = 0; i < fees.ReturnShipping.Count; i++)
        {
            var f = fees.ReturnShipping[i];
            Id(f.Id, $"fees.returnShipping[{i}].id");
            if (f.Amount < 0)
            {
                Error("policy.fee.negative", "A fee cannot be negative.", $"fees.returnShipping[{i}].amount");
            }

            if (f.ReasonCode is not null && !codes.Contains(f.ReasonCode))
            {
                Error("policy.reason.unknown", $"Reason code '{f.ReasonCode}' is not one of the policy's reasons.", $"fees.returnShipping[{i}].reasonCode");
            }
            else if (f.ReasonCode is not null && f.Amount > 0 && reasons.First(r => r.Code == f.ReasonCode).Fault != ReasonFault.Customer)
            {
                Error("policy.fee.undercutsLaw", $"Fee '{f.Id}' charges return shipping for '{f.ReasonCode}', where the merchant or the carrier is at fault; faulty goods come back free of charge (Directive 2019/771 art. 14).", $"fees.returnShipping[{i}].amount");
            }
        }

        for (var i = 0; i < fees.Restocking.Count; i++)
        {
            var r = fees.Restocking[i];
            Id(r.Id, $"fees.restocking[{i}].id");
            if (r.Percent is < 0 or > 100)
            {
                Error(r.Percent < 0 ? "policy.fee.negative" : "policy.fee.percent", "Between 0 and 100 percent.", $"fees.restocking[{i}].percent");
            }
        }

        var automation = policy.Automation ?? new AutomationRules();
        if (automation.ReviewOrderValueAbove < 0)
        {
            Error("policy.automation.negative", "Cannot be negative.", "automation.reviewOrderValueAbove");
        }

        if (automation.ReviewReturnCountAbove < 0)
        {
            Error("policy.automation.negative", "Cannot be negative.", "automation.reviewReturnCountAbove");
        }

        if (automation.ReviewReturnRateAbove is < 0 or > 1)
        {
            Error("policy.automation.rate", "A share between 0 and 1.", "automation.reviewReturnRateAbove");
        }

        if (automation.KeepItem is { } keep)
        {
            Id(keep.Id, "automation.keepItem.id");
            if (keep.UnderValue < 0)
            {
                Error("policy.fee.negative", "Cannot be negative.", "automation.keepItem.underValue");
            }
        }

        if (policy.ShipWithinDays is < 1 or > 365)
        {
            Error("policy.shipWithinDays", "Between 1 and 365 days.", "shipWithinDays");
        }

        // The law: a window shorter than a market's withdrawal period would tell consumers less than their right.
        foreach (var market in markets)
        {
            var withdrawal = LegalBaselines.InForce(market, DateOnly.MaxValue)?.Withdrawal;
            if (withdrawal is null)
            {
                continue;
            }

            for (var i = 0; i < windows.Count; i++)
            {
                if (windows[i].Scope.Specificity == 0 && windows[i].Days < withdrawal.Days)
                {
                    Error(
                        "policy.window.undercutsLaw",
                        string.Create(CultureInfo.InvariantCulture, $"Window '{windows[i].Id}' gives {windows[i].Days} days, less than the {withdrawal.Days}-day right of withdrawal in {market} ({withdrawal.Article}); a clause that waives it is void."),
                        $"windows[{i}].days");
                }
            }
        }

        return new PolicyCheck(errors, warnings);
    }
}

/// <summary>A day of the year, written MM-DD.</summary>
public readonly record struct MonthDay(int Month, int Day)
{
    /// <summary>Parses "MM-DD" (02-29 allowed).</summary>
    public static bool TryParse(string? text, out MonthDay value)
    {
        value = default;
        if (text is not { Length: 5 } || text[2] != '-'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(2024, m))
        {
            return false;
        }

        value = new MonthDay(m, d);
        return true;
    }

    /// <summary>This day in a year (29 February falls back to the 28th in other years).</summary>
    public DateOnly In(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>
/// One sentence of the published policy, with the rule it states (a policy rule id, a setting's name or a legal
/// article) and the values it states, so a reader — or a test — can compare the page with what the engine enforces.
/// </summary>
public sealed record PolicyStatement(string Rule, string Text, int? Days = null, int? Months = null, decimal? Percent = null, decimal? Amount = null);

/// <summary>A titled part of the page (windows, fees, legal rights …).</summary>
public sealed record PolicySection(string Id, string Title, IReadOnlyList<PolicyStatement> Statements);

/// <summary>
/// The published policy as people read it, built from the same document the engine compiles: the page renders it
/// and <c>/policy.json</c> returns it.
/// </summary>
/// <param name="Locale">en, fr or it.</param>
/// <param name="Title">The page's title.</param>
/// <param name="PolicyVersion">The version in force (<c>v{Number}</c>), or the settings' policy before any is published.</param>
/// <param name="InForceSince">When it was published, if it was.</param>
/// <param name="Summary">The version line under the title.</param>
/// <param name="Sections">The sections in reading order.</param>
/// <param name="Document">The policy document itself.</param>
public sealed record PublishedPolicyView(string Locale, string Title, string PolicyVersion, DateTimeOffset? InForceSince, string Summary, IReadOnlyList<PolicySection> Sections, ReturnPolicy Document);

/// <summary>Writes the policy in force in plain words, in English, French or Italian.</summary>
public static class PublishedPolicy
{
    /// <summary>The view of the policy in force now, in <paramref name="locale"/>.</summary>
    public static async Task<PublishedPolicyView> CurrentAsync(RetourDbContext db, PolicyBook book, string locale, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(book);
        var policy = await book.CurrentAsync(db, ct);
        var entry = await book.CurrentEntryAsync(db, ct);
        return Build(policy, entry?.PublishedAt, locale, now);
    }

    /// <summary>The locale to answer in: the one asked for, else the first of Accept-Language Retour writes, else English.</summary>
    public static string LocaleFor(string? asked, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (asked is not null && PolicyText.Locales.Contains(asked.ToLowerInvariant()))
        {
            return asked.ToLowerInvariant();
        }

        var accepted = request.GetTypedHeaders().AcceptLanguage
            .Where(l => (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant());
        return accepted.FirstOrDefault(l => l is not null && PolicyText.Locales.Contains(l)) ?? PolicyText.Locales[0];
    }

    /// <summary>Builds the view of a compiled policy.</summary>
    public static PublishedPolicyView Build(CompiledPolicy compiled, DateTimeOffset? publishedAt, string locale, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        var culture = CultureInfo.GetCultureInfo(locale);
        var p = compiled.Policy;
        var today = MerchantCalendar.LocalDate(now, compiled.TimeZone);
        string T(string key, params object?[] args) => PolicyText.Format(key, culture, args);

        var sections = new List<PolicySection>
        {
            Section("windows", Windows(p, T)),
        };
        if (p.SeasonalExtensions.Count > 0)
        {
            sections.Add(Section("seasons", [.. p.SeasonalExtensions.Select(s => new PolicyStatement(s.Id, T("Season", MonthDay(s.PlacedFrom, culture), MonthDay(s.PlacedTo, culture), MonthDay(s.ReturnableUntil, culture))))]));
        }

        sections.Add(Section("reasons", [.. p.Reasons.Select(r => new PolicyStatement($"reason.{r.Code}", ReasonText(r, locale, T)))]));
        if (p.Conditions.Count > 0)
        {
            sections.Add(Section("conditions", [.. p.Conditions.Select(c => new PolicyStatement(
                c.Id,
                c.Category is null
                    ? T("Condition_All", string.Join(", ", c.Required.Select(x => T($"Condition_{x}"))))
                    : T("Condition_Category", string.Join(", ", c.Required.Select(x => T($"Condition_{x}"))), c.Category)))]));
        }

        sections.Add(Section("exclusions", p.Exclusions.Count == 0
            ? [new PolicyStatement("exclusions", T("Exclusions_None"))]
            : [.. p.Exclusions.Select(e => new PolicyStatement(e.Id, T("Exclusion", e.Tag))), new PolicyStatement("exclusions.statutoryRights", T("Exclusions_Law"))]));
        sections.Add(Section("resolutions", Resolutions(p, T)));
        sections.Add(Section("fees", Fees(p, locale, T)));
        sections.Add(Section("keepItem", KeepItem(p, T)));
        sections.Add(Section("review", Review(p, T)));
        sections.Add(Section("refund",
        [
            new PolicyStatement("shipWithinDays", T("Ship_Within", p.ShipWithinDays), Days: p.ShipWithinDays),
            .. p.MethodsOffered().Select(m => new PolicyStatement($"method.{m}", T($"Offer_{m}"))),
            new PolicyStatement("refundTiming", T($"Refund_{p.RefundTiming}")),
        ]));
        sections.Add(Section("legal", Legal(p, today, T)));

        var version = compiled.Version;
        var summary = publishedAt is { } at
            ? T("Version", version, MerchantCalendar.LocalDate(at, compiled.TimeZone).ToString("D", culture))
            : T("Standard", version);
        return new PublishedPolicyView(locale, T("Title"), version, publishedAt, summary, sections, p);

        PolicySection Section(string id, IReadOnlyList<PolicyStatement> statements) => new(id, T($"Section_{id}"), statements);
    }

    private static List<PolicyStatement> Windows(ReturnPolicy p, Func<string, object?[], string> t)
    {
        string T(string key, params object?[] args) => t(key, args);
        var list = new List<PolicyStatement>();
        foreach (var w in p.Windows.OrderBy(w => w.Scope.Specificity))
        {
            var from = T(w.From == WindowStart.Purchase ? "From_Purchase" : "From_Delivery");
            var text = w.Scope.Specificity == 0 ? T("Window_All", w.Days, from) : T("Window_Scoped", w.Days, from, Scope(w.Scope, T));
            list.Add(new PolicyStatement(w.Id, text, Days: w.Days));
        }

        list.Add(new PolicyStatement("timeZone", T("Window_Calendar", p.TimeZone)));
        return list;
    }

    private static string Scope(RuleScope s, Func<string, object?[], string> t)
    {
        var parts = new List<string>();
        void Add(string? value, string key)
        {
            if (value is not null)
            {
                parts.Add(t(key, [value]));
            }
        }

        Add(s.Sku, "Scope_Sku");
        Add(s.Tag, "Scope_Tag");
        Add(s.Category, "Scope_Category");
        Add(s.CustomerGroup, "Scope_CustomerGroup");
        Add(s.Channel, "Scope_Channel");
        var text = string.Join(", ", parts);
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string ReasonText(ReasonRule r, string locale, Func<string, object?[], string> t)
    {
        var label = r.Labels.TryGetValue(locale, out var l) ? l : r.Labels.TryGetValue("en", out var en) ? en : r.Code;
        var notes = new List<string> { t($"Fault_{r.Fault}", []) };
        if (r.PhotoRequired)
        {
            notes.Add(t("Reason_Photo", []));
        }

        if (r.CommentRequired)
        {
            notes.Add(t("Reason_Comment", []));
        }

        return $"{label} ({string.Join(", ", notes)})";
    }

    private static List<PolicyStatement> Resolutions(ReturnPolicy p, Func<string, object?[], string> t)
    {
        var r = p.Resolutions;
        var list = new List<PolicyStatement>
        {
            new("resolutions.offered", t("Resolutions_Offered", [string.Join(", ", r.Offered.Distinct().Select(x => t($"Resolution_{x}", [])))])),
        };
        if (r.StoreCreditBonusPercent > 0)
        {
            list.Add(new("resolutions.storeCreditBonusPercent", t("StoreCreditBonus", [r.StoreCreditBonusPercent]), Percent: r.StoreCreditBonusPercent));
        }

        if (r.KeepItemPartialRefundPercent > 0)
        {
            list.Add(new("resolutions.keepItemPartialRefundPercent", t("KeepItemPartial", [r.KeepItemPartialRefundPercent]), Percent: r.KeepItemPartialRefundPercent));
        }

        if (r.InstantExchangeDays is { } days)
        {
            list.Add(new("resolutions.instantExchangeDays", t("InstantExchange", [days]), Days: days));
        }

        return list;
    }

    private static List<PolicyStatement> Fees(ReturnPolicy p, string locale, Func<string, object?[], string> t)
    {
        var list = new List<PolicyStatement>();
        foreach (var f in p.Fees.ReturnShipping.Where(f => f.Amount > 0))
        {
            var when = (f.ReasonCode is null ? string.Empty : t("Fee_ForReason", [ReasonLabel(p, f.ReasonCode, locale)]))
                + (f.Method is null ? string.Empty : t("Fee_ForMethod", [t($"Method_{f.Method}", [])]));
            list.Add(new(f.Id, t("Fee_Shipping", [f.Amount, when]), Amount: f.Amount));
        }

        foreach (var r in p.Fees.Restocking.Where(r => r.Percent > 0))
        {
            list.Add(new(r.Id, t("Fee_Restocking", [r.Percent, r.Category is null ? string.Empty : t("Fee_ForCategory", [r.Category])]), Percent: r.Percent));
        }

        if (list.Count == 0)
        {
            list.Add(new("fees", t("Fees_None", [])));
            return list;
        }

        list.Add(new("fees.customerFaultOnly", t("Fees_NeverAtFault", [])));
        if (p.Fees.WaivedForExchanges)
        {
            list.Add(new("fees.waivedForExchanges", t("Fees_Exchange", [])));
        }

        list.Add(new("fees.currency", t("Amounts_Currency", [])));
        return list;
    }

    private static string ReasonLabel(ReturnPolicy p, string code, string locale) =>
        p.Reasons.FirstOrDefault(r => r.Code == code) is { } r && r.Labels.TryGetValue(locale, out var label) ? label : code;

    private static List<PolicyStatement> KeepItem(ReturnPolicy p, Func<string, object?[], string> t)
    {
        if (p.Automation.KeepItem is not { } k)
        {
            return [new("automation.keepItem", t("Keep_None", []))];
        }

        var list = new List<PolicyStatement>();
        if (k.UnderValue is { } under)
        {
            list.Add(new(k.Id, t("Keep_Under", [under]), Amount: under));
        }

        if (k.WhenShippingExceedsValue)
        {
            list.Add(new(k.Id, t("Keep_Shipping", [])));
        }

        return list;
    }

    private static List<PolicyStatement> Review(ReturnPolicy p, Func<string, object?[], string> t)
    {
        var a = p.Automation;
        var list = new List<PolicyStatement> { new("automation.autoApprove", t(a.AutoApprove ? "Review_Auto" : "Review_Person", [])) };
        var triggers = new List<PolicyStatement>();
        if (a.ReviewOrderValueAbove is { } value)
        {
            triggers.Add(new("automation.reviewOrderValueAbove", t("Review_OrderValue", [value]), Amount: value));
        }

        if (a.ReviewReturnCountAbove is { } count)
        {
            triggers.Add(new("automation.reviewReturnCountAbove", t("Review_ReturnCount", [count])));
        }

        if (a.ReviewReturnRateAbove is { } rate)
        {
            triggers.Add(new("automation.reviewReturnRateAbove", t("Review_ReturnRate", [rate * 100m]), Percent: rate * 100m));
        }

        if (a.ReviewWithoutProofOfPurchase)
        {
            triggers.Add(new("automation.reviewWithoutProofOfPurchase", t("Review_NoProof", [])));
        }

        if (p.Reasons.Any(r => r.PhotoRequired || r.CommentRequired))
        {
            triggers.Add(new("reason.evidence", t("Review_Evidence", [])));
        }

        if (triggers.Count > 0)
        {
            list.Add(new("automation.review", t("Review_Intro", [])));
            list.AddRange(triggers);
        }

        return list;
    }

    private static List<PolicyStatement> Legal(ReturnPolicy p, DateOnly today, Func<string, object?[], string> t)
    {
        var list = new List<PolicyStatement> { new("legal", t("Legal_Intro", [])) };
        // California's rule protects buyers shipped to California whenever the shop sells to the US.
        var markets = p.Markets.Contains("US") && !p.Markets.Contains("US-CA") ? [.. p.Markets, "US-CA"] : p.Markets;
        foreach (var market in markets.Distinct())
        {
            if (LegalBaselines.InForce(market, today) is not { } b)
            {
                continue;
            }

            var name = t($"Market_{b.Jurisdiction}", []);
            if (b.Withdrawal is { } w)
            {
                list.Add(new(w.Article, $"{name} — {t("Legal_Withdrawal", [w.Days, w.Article])}", Days: w.Days));
                if (b.Exceptions.Count > 0)
                {
                    list.Add(new($"{w.Article}.exceptions", $"{name} — {t("Legal_Exceptions", [string.Join(", ", b.Exceptions.Select(e => t($"Exception_{e.Tag}", [])))])}"));
                }
            }
            else if (b.ConsumerGuarantees is null)
            {
                list.Add(new($"{b.Jurisdiction}.changeOfMind", $"{name} — {t("Legal_NoChangeOfMind", [])}"));
            }

            if (b.Guarantee is { } g)
            {
                list.Add(new(g.Article, $"{name} — {t("Legal_Guarantee", [g.Months, g.Article])}", Months: g.Months));
            }

            if (b.ShortTermReject is { } s)
            {
                list.Add(new(s.Article, $"{name} — {t("Legal_ShortTermReject", [s.Days, s.Article])}", Days: s.Days));
            }

            if (b.ConsumerGuarantees is { } acl)
            {
                list.Add(new(acl.MajorFailureArticle, $"{name} — {t("Legal_MajorFailure", [acl.MajorFailureArticle, acl.ConsumerChoiceArticle, acl.MinorFailureArticle])}"));
            }

            if (b.UnpostedPolicy is { } u)
            {
                list.Add(new(u.Article, $"{name} — {t("Legal_Unposted", [u.Days, u.Article])}", Days: u.Days));
            }
        }

        return list;
    }

    private static string MonthDay(string text, CultureInfo culture) =>
        Domain.Policies.MonthDay.TryParse(text, out var day) ? day.In(2024).ToString(culture.DateTimeFormat.MonthDayPattern, culture) : text;
}

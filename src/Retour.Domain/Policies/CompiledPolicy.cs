using System.Globalization;
using Retour.Domain.Orders;
using Retour.Domain.Returns;

namespace Retour.Domain.Policies;

/// <summary>
/// One version of a merchant's <see cref="ReturnPolicy"/>, compiled once into lookups, deciding return lines on top of
/// the legal baseline of the buyer's jurisdiction. Every right that could apply is worked out (the merchant's window,
/// the statutory withdrawal, the legal guarantee, the UK short-term right to reject, Australian consumer guarantees,
/// California's unposted-policy rule); the most favourable to the customer wins and is named in
/// <see cref="LineDecision.Basis"/>, and every one is explained in the reasons.
/// </summary>
public sealed class CompiledPolicy : IEligibilityPolicy
{
    private static readonly Resolution[] RefundOnly = [Resolution.Refund];

    private readonly Dictionary<string, ReasonRule> _reasons;
    private readonly WindowRule[] _windowsBySpecificity;
    private readonly Dictionary<string, ExclusionRule> _exclusions;
    private readonly (SeasonalExtension Rule, MonthDay From, MonthDay To, MonthDay Until)[] _seasons;
    private readonly Dictionary<(string? Reason, ReturnMethod? Method), ShippingFeeRule> _shippingFees;
    private readonly Dictionary<string, RestockingRule> _restockingByCategory;
    private readonly RestockingRule? _restockingDefault;
    private readonly Dictionary<string, ItemCondition[]> _conditionsByCategory;
    private readonly ItemCondition[] _conditionsDefault;
    private readonly Resolution[] _offered;

    private CompiledPolicy(ReturnPolicy policy, string version)
    {
        Policy = policy;
        Version = version;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(policy.TimeZone);
        _reasons = policy.Reasons.ToDictionary(r => r.Code, StringComparer.Ordinal);
        _windowsBySpecificity = [.. policy.Windows.OrderByDescending(w => w.Scope.Specificity).ThenByDescending(w => w.Days)];
        _exclusions = new Dictionary<string, ExclusionRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in policy.Exclusions)
        {
            _exclusions.TryAdd(e.Tag, e);
        }

        _seasons = [.. policy.SeasonalExtensions.Select(s =>
        {
            // Compile validated the policy, so every day parses.
            return (s, Day(s.PlacedFrom), Day(s.PlacedTo), Day(s.ReturnableUntil));
        })];
        _shippingFees = [];
        foreach (var f in policy.Fees.ReturnShipping)
        {
            _shippingFees.TryAdd((f.ReasonCode, f.Method), f);
        }

        _restockingByCategory = new Dictionary<string, RestockingRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in policy.Fees.Restocking)
        {
            if (r.Category is null)
            {
                _restockingDefault ??= r;
            }
            else
            {
                _restockingByCategory.TryAdd(r.Category, r);
            }
        }

        _conditionsByCategory = new Dictionary<string, ItemCondition[]>(StringComparer.OrdinalIgnoreCase);
        _conditionsDefault = [];
        foreach (var c in policy.Conditions)
        {
            if (c.Category is null)
            {
                _conditionsDefault = [.. c.Required];
            }
            else
            {
                _conditionsByCategory.TryAdd(c.Category, [.. c.Required]);
            }
        }

        _offered = [.. policy.Resolutions.Offered.Distinct()];
    }

    /// <summary>The policy compiled.</summary>
    public ReturnPolicy Policy { get; }

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Compiles a valid policy; throws when it is not (validate with <see cref="PolicyValidation"/> first).</summary>
    public static CompiledPolicy Compile(ReturnPolicy policy, string version)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var check = PolicyValidation.Validate(policy);
        if (!check.IsValid)
        {
            throw new ArgumentException($"The policy is not valid: {string.Join(" ", check.Errors.Select(e => $"{e.Target}: {e.Message}"))}", nameof(policy));
        }

        return new CompiledPolicy(policy, version);
    }

    /// <summary>Validates <paramref name="policy"/> once and compiles it when it is valid; the check says why when not.</summary>
    public static (CompiledPolicy? Policy, PolicyCheck Check) TryCompile(ReturnPolicy policy, string version)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var check = PolicyValidation.Validate(policy);
        return (check.IsValid ? new CompiledPolicy(policy, version) : null, check);
    }

    /// <inheritdoc />
    public ReasonFault? FaultOf(string reasonCode) => _reasons.TryGetValue(reasonCode, out var r) ? r.Fault : null;

    /// <summary>The reason rule for a code, or null.</summary>
    public ReasonRule? Reason(string code) => _reasons.GetValueOrDefault(code);

    /// <inheritdoc />
    public DateTimeOffset ShipBy(DateTimeOffset at) => MerchantCalendar.DaysAfter(at, Policy.ShipWithinDays, TimeZone);

    /// <inheritdoc />
    public LineDecision Decide(in LineFacts facts, DateTimeOffset now)
    {
        if (!_reasons.TryGetValue(facts.ReasonCode ?? string.Empty, out var reason))
        {
            return new LineDecision(DecisionOutcome.NotEligible, [new DecisionReason("reason.unknown", $"'{facts.ReasonCode}' is not one of the policy's reasons.")], null)
            {
                Basis = "reason.unknown",
                PolicyVersion = Version,
            };
        }

        var reasons = new List<DecisionReason>(4);
        var consumer = facts.CustomerKind == CustomerKind.Consumer;
        var baseline = consumer ? Baseline(facts) : null;
        if (!consumer)
        {
            reasons.Add(new DecisionReason("buyer.business", "Bought as a business: consumer law does not apply, the merchant's policy does."));
        }

        var best = Candidate.No;
        var merchant = Merchant(facts, reason, now, reasons);
        Consider(ref best, merchant, reasons);
        if (baseline is not null)
        {
            Consider(ref best, Withdrawal(facts, baseline, now, reasons), reasons);
            Consider(ref best, Guarantee(facts, reason, baseline, now), reasons);
            Consider(ref best, ShortTermReject(facts, reason, baseline, now), reasons);
            Consider(ref best, AustralianGuarantees(reason, baseline), reasons);
            Consider(ref best, Unposted(facts, baseline, merchant, now), reasons);
        }

        if (best.Outcome == DecisionOutcome.NotEligible && reasons.Count == 0)
        {
            reasons.Add(new DecisionReason("policy.noRight", "No rule of the shop's policy or of the law allows this return."));
        }

        // The rule that won comes first; the other rights that would also allow the return follow it.
        var winner = reasons.FindIndex(r => ReferenceEquals(r.Text, best.Why));
        if (winner > 0)
        {
            var first = reasons[winner];
            reasons.RemoveAt(winner);
            reasons.Insert(0, first);
        }

        var outcome = best.Outcome;
        var keepItem = false;
        if (outcome == DecisionOutcome.Eligible)
        {
            outcome = Automation(facts, reason, reasons);
            keepItem = KeepItem(facts, reasons);
        }

        DateTimeOffset? shipBy = null;
        if (outcome != DecisionOutcome.NotEligible && !keepItem)
        {
            shipBy = ShipBy(now);
            if (best.ShipWithinDays is { } legal && MerchantCalendar.DaysAfter(now, legal, TimeZone) > shipBy)
            {
                shipBy = MerchantCalendar.DaysAfter(now, legal, TimeZone);
            }
        }

        return new LineDecision(outcome, reasons, best.ReturnBy)
        {
            Basis = best.Basis,
            Resolutions = outcome == DecisionOutcome.NotEligible ? [] : Resolutions(reason, best, keepItem),
            ReturnShippingFee = best.ShippingFee,
            RestockingPercent = best.RestockingPercent,
            Conditions = best.Conditions,
            KeepItem = keepItem,
            ShipBy = shipBy,
            RefundTiming = Policy.RefundTiming,
            AutoApprove = Policy.Automation.AutoApprove && outcome == DecisionOutcome.Eligible,
            PolicyVersion = Version,
        };
    }

    private LegalBaseline? Baseline(in LineFacts facts)
    {
        var jurisdiction = LegalBaselines.JurisdictionOf(facts.Country, facts.Region);
        return jurisdiction is null ? null : LegalBaselines.InForce(jurisdiction, MerchantCalendar.LocalDate(facts.PlacedAt, TimeZone));
    }

    /// <summary>The merchant's own policy: exclusions, then the most specific window, with seasonal extensions.</summary>
    private Candidate Merchant(in LineFacts facts, ReasonRule reason, DateTimeOffset now, List<DecisionReason> reasons)
    {
        var tags = facts.Tags ?? [];
        for (var i = 0; i < tags.Count; i++)
        {
            if (_exclusions.TryGetValue(tags[i], out var exclusion))
            {
                reasons.Add(new DecisionReason(exclusion.Id, $"Items tagged '{exclusion.Tag}' are not taken back under the shop's policy."));
                return Candidate.No;
            }
        }

        var window = Window(facts);
        var start = window.From == WindowStart.Purchase ? facts.PlacedAt : facts.DeliveredAt;
        if (start is not { } started)
        {
            reasons.Add(new DecisionReason("window.notDelivered", "The item has not been delivered in full yet, so the return window has not started; a person will review it."));
            return Candidate.Review(window.Id);
        }

        var lastDay = MerchantCalendar.LocalDate(started, TimeZone).AddDays(window.Days);
        var basis = window.Id;
        var placed = MerchantCalendar.LocalDate(facts.PlacedAt, TimeZone);
        foreach (var (rule, from, to, until) in _seasons)
        {
            if (SeasonUntil(placed, from, to, until) is { } seasonal && seasonal > lastDay)
            {
                lastDay = seasonal;
                basis = rule.Id;
            }
        }

        var returnBy = MerchantCalendar.EndOfDay(lastDay, TimeZone);
        var startText = window.From == WindowStart.Purchase ? "ordered" : "delivered";
        if (now > returnBy)
        {
            return Candidate.Over(basis, returnBy, string.Create(CultureInfo.InvariantCulture, $"The shop's {window.Days}-day return window ended on {lastDay:yyyy-MM-dd} ({startText} on {MerchantCalendar.LocalDate(started, TimeZone):yyyy-MM-dd})."));
        }

        var customerPays = reason.Fault == ReasonFault.Customer;
        var exchange = facts.RequestedResolution is Resolution.Exchange && Policy.Fees.WaivedForExchanges;
        var fee = customerPays && !exchange ? ShippingFee(reason.Code, facts.Method) : 0m;
        var restocking = customerPays && !exchange ? Restocking(facts.Category) : 0m;
        var conditions = reason.Claim == ClaimKind.ChangeOfMind ? Conditions(facts) : [];
        var why = basis == window.Id
            ? string.Create(CultureInfo.InvariantCulture, $"Within the shop's {window.Days}-day return window: {startText} on {MerchantCalendar.LocalDate(started, TimeZone):yyyy-MM-dd}, returnable until the end of {lastDay:yyyy-MM-dd}.")
            : string.Create(CultureInfo.InvariantCulture, $"Seasonal extension: ordered on {placed:yyyy-MM-dd}, returnable until the end of {lastDay:yyyy-MM-dd}.");
        return new Candidate(DecisionOutcome.Eligible, basis, why, returnBy, fee, restocking, conditions, Allowed(reason));
    }

    private WindowRule Window(in LineFacts facts)
    {
        foreach (var w in _windowsBySpecificity)
        {
            var s = w.Scope;
            if ((s.Sku is null || string.Equals(s.Sku, facts.Sku, StringComparison.OrdinalIgnoreCase))
                && (s.Category is null || string.Equals(s.Category, facts.Category, StringComparison.OrdinalIgnoreCase))
                && (s.Channel is null || string.Equals(s.Channel, facts.Channel, StringComparison.OrdinalIgnoreCase))
                && (s.CustomerGroup is null || string.Equals(s.CustomerGroup, facts.CustomerGroup, StringComparison.OrdinalIgnoreCase))
                && (s.Tag is null || HasTag(facts.Tags, s.Tag)))
            {
                return w;
            }
        }

        return _windowsBySpecificity[^1];
    }

    private static MonthDay Day(string text) => MonthDay.TryParse(text, out var day) ? day : throw new ArgumentException($"'{text}' is not MM-DD.", nameof(text));

    private static DateOnly? SeasonUntil(DateOnly placed, MonthDay from, MonthDay to, MonthDay until)
    {
        // The period may wrap the new year (e.g. 12-15 to 01-05); try the period that starts this year and last year.
        for (var year = placed.Year; year >= placed.Year - 1; year--)
        {
            var start = from.In(year);
            var end = to.In(year);
            if (end < start)
            {
                end = to.In(year + 1);
            }

            if (placed >= start && placed <= end)
            {
                var last = until.In(end.Year);
                return last < end ? until.In(end.Year + 1) : last;
            }
        }

        return null;
    }

    /// <summary>The statutory right of withdrawal (EU, UK): any reason, within 14 days of the last item, consumers only.</summary>
    private Candidate Withdrawal(in LineFacts facts, LegalBaseline baseline, DateTimeOffset now, List<DecisionReason> reasons)
    {
        if (baseline.Withdrawal is not { } right)
        {
            return Candidate.No;
        }

        var tags = facts.Tags ?? [];
        foreach (var exception in baseline.Exceptions)
        {
            if (!HasTag(tags, exception.Tag) || (exception.OnlyOnceUnsealed && !facts.Unsealed))
            {
                continue;
            }

            if (exception.NotFor is { } notFor && (notFor.Any(t => HasTag(tags, t)) || notFor.Contains(facts.Category ?? string.Empty, StringComparer.OrdinalIgnoreCase)))
            {
                reasons.Add(new DecisionReason(exception.NotForRuling ?? exception.Article, $"The exception for {exception.Text.ToLowerInvariant().TrimEnd('.')} does not cover this item ({exception.NotForRuling}): the right of withdrawal applies."));
                continue;
            }

            reasons.Add(new DecisionReason(exception.Article, $"No legal right of withdrawal: {exception.Text.ToLowerInvariant().TrimEnd('.')} ({exception.Article})."));
            return Candidate.No;
        }

        if (facts.OrderDeliveredAt is not { } delivered)
        {
            // The consumer may withdraw before the goods arrive; a person arranges for the parcel to be refused or sent back.
            return new Candidate(DecisionOutcome.NeedsReview, right.Article, $"The legal right of withdrawal applies before delivery too ({right.Article}); a person will arrange for the parcel to come back.", null, 0m, 0m, [], RefundOnly);
        }

        var deliveredDay = MerchantCalendar.LocalDate(delivered, TimeZone);
        var lastDay = deliveredDay.AddDays(right.Days);
        var basis = right.Article;
        if (!facts.WithdrawalInfoGiven)
        {
            lastDay = lastDay.AddMonths(right.ExtensionMonths);
            basis = right.ExtensionArticle;
        }

        var returnBy = MerchantCalendar.EndOfDay(lastDay, TimeZone);
        if (now > returnBy)
        {
            return Candidate.Over(basis, returnBy, string.Create(CultureInfo.InvariantCulture, $"The legal withdrawal period ended on {lastDay:yyyy-MM-dd} ({basis})."));
        }

        string why;
        if (!facts.WithdrawalInfoGiven)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"Legal right of withdrawal, extended by {right.ExtensionMonths} months because the withdrawal information was not given ({right.ExtensionArticle}): last item delivered on {deliveredDay:yyyy-MM-dd}, until the end of {lastDay:yyyy-MM-dd}.");
        }
        else
        {
            why = string.Create(CultureInfo.InvariantCulture, $"Legal right of withdrawal: {right.Days} days from the delivery of the last item on {deliveredDay:yyyy-MM-dd} ({right.Article}, {right.StartArticle}), until the end of {lastDay:yyyy-MM-dd}.");
        }

        // The consumer pays the return only if told so beforehand; no restocking fee, only diminished value at inspection.
        var reason = _reasons[facts.ReasonCode];
        var fee = facts.WithdrawalInfoGiven && reason.Fault == ReasonFault.Customer ? ShippingFee(reason.Code, facts.Method) : 0m;
        return new Candidate(DecisionOutcome.Eligible, basis, why, returnBy, fee, 0m, [], RefundOnly)
        {
            ShipWithinDays = right.ReturnWithinDays,
        };
    }

    /// <summary>The legal guarantee of conformity: a defect within the period, repair or replacement first, free of charge.</summary>
    private Candidate Guarantee(in LineFacts facts, ReasonRule reason, LegalBaseline baseline, DateTimeOffset now)
    {
        if (baseline.Guarantee is not { } g || reason.Claim is not (ClaimKind.Defect or ClaimKind.NotAsDescribed or ClaimKind.TransitDamage))
        {
            return Candidate.No;
        }

        if (facts.DeliveredAt is not { } delivered)
        {
            return reason.Claim == ClaimKind.TransitDamage
                ? new Candidate(DecisionOutcome.Eligible, g.Article, $"Goods damaged before delivery are the seller's responsibility ({g.Article}).", null, 0m, 0m, [], g.FirstRemedies)
                : Candidate.No;
        }

        var deliveredDay = MerchantCalendar.LocalDate(delivered, TimeZone);
        var lastDay = deliveredDay.AddMonths(g.Months);
        var returnBy = MerchantCalendar.EndOfDay(lastDay, TimeZone);
        if (now > returnBy)
        {
            return Candidate.Over(g.Article, returnBy, string.Create(CultureInfo.InvariantCulture, $"The {g.Months}-month legal guarantee ended on {lastDay:yyyy-MM-dd} ({g.Article})."));
        }

        var presumed = deliveredDay.AddMonths(g.PresumptionMonths);
        var why = string.Create(CultureInfo.InvariantCulture, $"Legal guarantee of conformity: a fault can be claimed for {g.Months} months from delivery on {deliveredDay:yyyy-MM-dd} ({g.Article}); repair or replacement first, free of charge.")
            + (MerchantCalendar.LocalDate(now, TimeZone) <= presumed
                ? string.Create(CultureInfo.InvariantCulture, $" A fault appearing before {presumed:yyyy-MM-dd} is presumed to have existed at delivery.")
                : string.Empty);
        return new Candidate(DecisionOutcome.Eligible, g.Article, why, returnBy, 0m, 0m, [], g.FirstRemedies);
    }

    /// <summary>The UK's short-term right to reject faulty goods for a full refund within 30 days.</summary>
    private Candidate ShortTermReject(in LineFacts facts, ReasonRule reason, LegalBaseline baseline, DateTimeOffset now)
    {
        if (baseline.ShortTermReject is not { } r || reason.Claim is not (ClaimKind.Defect or ClaimKind.NotAsDescribed) || facts.DeliveredAt is not { } delivered)
        {
            return Candidate.No;
        }

        var deliveredDay = MerchantCalendar.LocalDate(delivered, TimeZone);
        var lastDay = deliveredDay.AddDays(r.Days);
        var returnBy = MerchantCalendar.EndOfDay(lastDay, TimeZone);
        return now > returnBy
            ? Candidate.Over(r.Article, returnBy, string.Create(CultureInfo.InvariantCulture, $"The {r.Days}-day short-term right to reject ended on {lastDay:yyyy-MM-dd} ({r.Article})."))
            : new Candidate(DecisionOutcome.Eligible, r.Article, string.Create(CultureInfo.InvariantCulture, $"Short-term right to reject faulty goods for a full refund within {r.Days} days of delivery on {deliveredDay:yyyy-MM-dd} ({r.Article})."), returnBy, 0m, 0m, [], [Resolution.Refund, Resolution.Repair, Resolution.Replacement]);
    }

    /// <summary>Australian consumer guarantees: a major failure gives the consumer refund or replacement; a minor one lets the supplier choose.</summary>
    private static Candidate AustralianGuarantees(ReasonRule reason, LegalBaseline baseline)
    {
        if (baseline.ConsumerGuarantees is not { } acl || reason.Claim is not (ClaimKind.Defect or ClaimKind.NotAsDescribed))
        {
            return Candidate.No;
        }

        return reason.Claim == ClaimKind.NotAsDescribed
            ? new Candidate(DecisionOutcome.Eligible, acl.MajorFailureArticle, $"A major failure (significantly not as described, {acl.MajorFailureArticle}): the consumer chooses a refund or a replacement ({acl.ConsumerChoiceArticle}).", null, 0m, 0m, [], [Resolution.Refund, Resolution.Replacement])
            : new Candidate(DecisionOutcome.NeedsReview, acl.MinorFailureArticle, $"A fault is covered by the consumer guarantees: for a minor failure the shop chooses repair, replacement or refund ({acl.MinorFailureArticle}); a person assesses it.", null, 0m, 0m, [], [Resolution.Repair, Resolution.Replacement, Resolution.Refund]);
    }

    /// <summary>California: without a posted policy and no full refund, credit or exchange within 7 days, 30 days from purchase.</summary>
    private Candidate Unposted(in LineFacts facts, LegalBaseline baseline, Candidate merchant, DateTimeOffset now)
    {
        if (baseline.UnpostedPolicy is not { } rule || Policy.PolicyPosted)
        {
            return Candidate.No;
        }

        var merchantOffersWeek = (merchant.Outcome == DecisionOutcome.Eligible || merchant.Expired) && merchant.ReturnBy is { } by
            && by >= MerchantCalendar.DaysAfter(facts.PlacedAt, rule.FullRefundWithinDays, TimeZone);
        var tags = facts.Tags ?? [];
        if (merchantOffersWeek || rule.ExceptTags.Any(t => HasTag(tags, t)))
        {
            return Candidate.No;
        }

        var placed = MerchantCalendar.LocalDate(facts.PlacedAt, TimeZone);
        var lastDay = placed.AddDays(rule.Days);
        var returnBy = MerchantCalendar.EndOfDay(lastDay, TimeZone);
        return now > returnBy
            ? Candidate.Over(rule.Article, returnBy, string.Create(CultureInfo.InvariantCulture, $"The {rule.Days} days of {rule.Article} ended on {lastDay:yyyy-MM-dd}."))
            : new Candidate(DecisionOutcome.Eligible, rule.Article, string.Create(CultureInfo.InvariantCulture, $"The return policy is not posted, so a full refund is due within {rule.Days} days of purchase on {placed:yyyy-MM-dd} ({rule.Article})."), returnBy, 0m, 0m, [], RefundOnly);
    }

    private DecisionOutcome Automation(in LineFacts facts, ReasonRule reason, List<DecisionReason> reasons)
    {
        var a = Policy.Automation;
        var review = false;
        void Review(string rule, string text)
        {
            reasons.Add(new DecisionReason(rule, text));
            review = true;
        }

        if (reason.PhotoRequired && !facts.HasPhoto)
        {
            Review($"reason.{reason.Code}.photo", "A photo is required for this reason; a person will review the return.");
        }

        if (reason.CommentRequired && !facts.HasComment)
        {
            Review($"reason.{reason.Code}.comment", "A comment is required for this reason; a person will review the return.");
        }

        if (a.ReviewOrderValueAbove is { } value && facts.OrderValue > value)
        {
            Review("automation.reviewOrderValueAbove", string.Create(CultureInfo.InvariantCulture, $"Orders worth more than {value:0.00} are reviewed by a person."));
        }

        if (a.ReviewReturnCountAbove is { } count && facts.CustomerReturnCount > count)
        {
            Review("automation.reviewReturnCountAbove", string.Create(CultureInfo.InvariantCulture, $"Customers with more than {count} earlier returns are reviewed by a person."));
        }

        if (a.ReviewReturnRateAbove is { } rate && facts.CustomerReturnRate > rate)
        {
            Review("automation.reviewReturnRateAbove", string.Create(CultureInfo.InvariantCulture, $"Customers who returned more than {rate:P0} of what they bought are reviewed by a person."));
        }

        if (a.ReviewWithoutProofOfPurchase && !facts.ProofOfPurchase)
        {
            Review("automation.reviewWithoutProofOfPurchase", "Returns without proof of purchase are reviewed by a person.");
        }

        return review ? DecisionOutcome.NeedsReview : DecisionOutcome.Eligible;
    }

    private bool KeepItem(in LineFacts facts, List<DecisionReason> reasons)
    {
        if (Policy.Automation.KeepItem is not { } rule)
        {
            return false;
        }

        var value = facts.UnitValue * facts.Quantity;
        if (rule.UnderValue is { } under && value < under)
        {
            reasons.Add(new DecisionReason(rule.Id, string.Create(CultureInfo.InvariantCulture, $"Worth less than {under:0.00}: keep the item, no need to send it back.")));
            return true;
        }

        if (rule.WhenShippingExceedsValue && facts.ReturnShippingCost is { } cost && cost > value)
        {
            reasons.Add(new DecisionReason(rule.Id, "Sending it back would cost more than it is worth: keep the item, no need to send it back."));
            return true;
        }

        return false;
    }

    private List<Resolution> Resolutions(ReasonRule reason, Candidate best, bool keepItem)
    {
        var list = new List<Resolution>(8);
        foreach (var r in best.Resolutions)
        {
            if (!list.Contains(r))
            {
                list.Add(r);
            }
        }

        foreach (var r in Allowed(reason))
        {
            if (!list.Contains(r))
            {
                list.Add(r);
            }
        }

        if (keepItem && !list.Contains(Resolution.KeepItem))
        {
            list.Insert(0, Resolution.KeepItem);
        }

        return list;
    }

    private Resolution[] Allowed(ReasonRule reason) =>
        reason.Resolutions is { Count: > 0 } only ? [.. _offered.Where(only.Contains)] : _offered;

    private decimal ShippingFee(string reasonCode, ReturnMethod method)
    {
        if (_shippingFees.TryGetValue((reasonCode, method), out var f) || _shippingFees.TryGetValue((reasonCode, null), out f)
            || _shippingFees.TryGetValue((null, method), out f) || _shippingFees.TryGetValue((null, null), out f))
        {
            return f.Amount;
        }

        return 0m;
    }

    private decimal Restocking(string? category) =>
        category is not null && _restockingByCategory.TryGetValue(category, out var r) ? r.Percent : _restockingDefault?.Percent ?? 0m;

    private ItemCondition[] Conditions(in LineFacts facts)
    {
        var conditions = facts.Category is not null && _conditionsByCategory.TryGetValue(facts.Category, out var c) ? c : _conditionsDefault;
        return HasTag(facts.Tags ?? [], "hygiene-sealed") && !conditions.Contains(ItemCondition.Sealed) ? [.. conditions, ItemCondition.Sealed] : conditions;
    }

    private static bool HasTag(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i], tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps <paramref name="other"/> if it is more favourable; a right whose period is over explains why and drops out.</summary>
    private static void Consider(ref Candidate best, Candidate other, List<DecisionReason> reasons)
    {
        if (other.Expired)
        {
            reasons.Add(new DecisionReason(other.Basis, other.Why));
            return;
        }

        if (other.Outcome != DecisionOutcome.NotEligible && other.Why.Length > 0)
        {
            reasons.Add(new DecisionReason(other.Basis, other.Why));
        }

        // Eligible before review before refusal; then fewer fees; then a right that gives money back; then the later deadline.
        if (other.Rank > best.Rank
            || (other.Rank == best.Rank && other.Rank > 0
                && (other.Burden < best.Burden
                    || (other.Burden == best.Burden && other.Refunds && !best.Refunds)
                    || (other.Burden == best.Burden && other.Refunds == best.Refunds && Later(other.ReturnBy, best.ReturnBy)))))
        {
            best = other;
        }

        static bool Later(DateTimeOffset? a, DateTimeOffset? b) => (a ?? DateTimeOffset.MaxValue) > (b ?? DateTimeOffset.MaxValue);
    }

    /// <summary>One right that could apply, before deciding which is most favourable.</summary>
    private readonly record struct Candidate(
        DecisionOutcome Outcome,
        string Basis,
        string Why,
        DateTimeOffset? ReturnBy,
        decimal ShippingFee,
        decimal RestockingPercent,
        IReadOnlyList<ItemCondition> Conditions,
        IReadOnlyList<Resolution> Resolutions)
    {
        public static Candidate No => new(DecisionOutcome.NotEligible, string.Empty, string.Empty, null, 0m, 0m, [], []);

        public static Candidate Over(string basis, DateTimeOffset returnBy, string why) =>
            new(DecisionOutcome.NotEligible, basis, why, returnBy, 0m, 0m, [], []) { Expired = true };

        public static Candidate Review(string basis) => new(DecisionOutcome.NeedsReview, basis, string.Empty, null, 0m, 0m, [], []);

        /// <summary>The right existed but its period is over; <see cref="Why"/> says when it ended.</summary>
        public bool Expired { get; init; }

        public int? ShipWithinDays { get; init; }

        public int Rank => Outcome switch { DecisionOutcome.Eligible => 2, DecisionOutcome.NeedsReview => 1, _ => 0 };

        public decimal Burden => ShippingFee + RestockingPercent;

        public bool Refunds => Resolutions.Contains(Resolution.Refund);
    }
}

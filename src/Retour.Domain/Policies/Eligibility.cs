using System.Globalization;
using Retour.Domain.Orders;

namespace Retour.Domain.Policies;

/// <summary>A decision's outcome for one return line.</summary>
public enum DecisionOutcome
{
    /// <summary>The line may be returned.</summary>
    Eligible,

    /// <summary>The line may not be returned; the reasons say why.</summary>
    NotEligible,

    /// <summary>A person decides.</summary>
    NeedsReview,
}

/// <summary>Who is at fault for a return reason; fees apply only when the customer is.</summary>
public enum ReasonFault
{
    /// <summary>The customer changed their mind or chose wrongly.</summary>
    Customer,

    /// <summary>The merchant sent something defective or wrong.</summary>
    Merchant,

    /// <summary>The carrier damaged or lost it.</summary>
    Carrier,
}

/// <summary>One rule that contributed to a decision, and the sentence shown to people.</summary>
public sealed record DecisionReason(string Rule, string Text);

/// <summary>The decision on one return line, with the rules that produced it and the last day to send it back.</summary>
public sealed record LineDecision(DecisionOutcome Outcome, IReadOnlyList<DecisionReason> Reasons, DateTimeOffset? ReturnBy);

/// <summary>The facts of one line that eligibility reads.</summary>
public readonly record struct LineFacts(
    IReadOnlyList<string> Tags,
    DateTimeOffset PlacedAt,
    DateTimeOffset? DeliveredAt,
    CustomerKind CustomerKind,
    string Country,
    string ReasonCode);

/// <summary>
/// The seam every return decision goes through. The foundation's policy is a return window and a list of
/// non-returnable tags; the policy engine replaces it with versioned rules and legal baselines.
/// </summary>
public interface IEligibilityPolicy
{
    /// <summary>The version of the rules, recorded on every return they decided.</summary>
    string Version { get; }

    /// <summary>The merchant's time zone: windows and deadlines are whole days there.</summary>
    TimeZoneInfo TimeZone { get; }

    /// <summary>Who is at fault for a reason code, or null when the policy does not know the code.</summary>
    ReasonFault? FaultOf(string reasonCode);

    /// <summary>Decides one line at the instant <paramref name="now"/>.</summary>
    LineDecision Decide(in LineFacts facts, DateTimeOffset now);
}

/// <summary>
/// A return window counted in calendar days from delivery in the merchant's time zone (the delivery day is day 0,
/// the last day lasts until midnight), and tags whose items are never returnable.
/// </summary>
public sealed class ReturnWindowPolicy : IEligibilityPolicy
{
    private static readonly DecisionReason NotDelivered =
        new("window.notDelivered", "The order has not been delivered in full yet, so the return window has not started; a person will review it.");

    private readonly int _windowDays;
    private readonly HashSet<string> _nonReturnableTags;
    private readonly Dictionary<string, ReasonFault> _reasons;
    private readonly Dictionary<string, DecisionReason[]> _tagReasons;

    /// <summary>Creates the policy.</summary>
    public ReturnWindowPolicy(
        int windowDays,
        IEnumerable<string> nonReturnableTags,
        IReadOnlyDictionary<string, ReasonFault> reasons,
        TimeZoneInfo timeZone,
        string version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowDays);
        ArgumentNullException.ThrowIfNull(nonReturnableTags);
        ArgumentNullException.ThrowIfNull(reasons);
        _windowDays = windowDays;
        _nonReturnableTags = new HashSet<string>(nonReturnableTags, StringComparer.OrdinalIgnoreCase);
        _reasons = new Dictionary<string, ReasonFault>(reasons, StringComparer.Ordinal);
        _tagReasons = _nonReturnableTags.ToDictionary(
            t => t,
            t => new[] { new DecisionReason($"tag.{t.ToLowerInvariant()}", $"Items tagged '{t}' cannot be returned.") },
            StringComparer.OrdinalIgnoreCase);
        TimeZone = timeZone;
        Version = version;
    }

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The reason codes this policy accepts, with their fault.</summary>
    public IReadOnlyDictionary<string, ReasonFault> Reasons => _reasons;

    /// <inheritdoc />
    public ReasonFault? FaultOf(string reasonCode) => _reasons.TryGetValue(reasonCode, out var fault) ? fault : null;

    /// <inheritdoc />
    public LineDecision Decide(in LineFacts facts, DateTimeOffset now)
    {
        var tags = facts.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            if (_tagReasons.TryGetValue(tags[i], out var reasons))
            {
                return new LineDecision(DecisionOutcome.NotEligible, reasons, null);
            }
        }

        if (facts.DeliveredAt is not { } delivered)
        {
            return new LineDecision(DecisionOutcome.NeedsReview, [NotDelivered], null);
        }

        var lastDay = LocalDate(delivered).AddDays(_windowDays);
        var returnBy = EndOfDay(lastDay);
        if (now <= returnBy)
        {
            return new LineDecision(
                DecisionOutcome.Eligible,
                [new DecisionReason("window.open", string.Create(CultureInfo.InvariantCulture, $"Within the {_windowDays}-day return window: delivered on {LocalDate(delivered):yyyy-MM-dd}, returnable until the end of {lastDay:yyyy-MM-dd}."))],
                returnBy);
        }

        return new LineDecision(
            DecisionOutcome.NotEligible,
            [new DecisionReason("window.closed", string.Create(CultureInfo.InvariantCulture, $"The {_windowDays}-day return window ended on {lastDay:yyyy-MM-dd}: delivered on {LocalDate(delivered):yyyy-MM-dd}."))],
            returnBy);
    }

    private DateOnly LocalDate(DateTimeOffset at) => MerchantCalendar.LocalDate(at, TimeZone);

    private DateTimeOffset EndOfDay(DateOnly day) => MerchantCalendar.EndOfDay(day, TimeZone);
}

namespace Retour.Web.Features.StoreCredit;

/// <summary>
/// The merchant's store-credit and gift-card settings (section <c>Credit</c>, e.g. <c>Credit__StoreCreditExpiryMonths=24</c>).
/// Expiry is off by default. Where it is on, the policy must be disclosed to the customer, and the law may forbid it:
/// in the US the CARD Act rule (12 CFR 1005.20(e)) forbids gift cards and store gift cards to expire within five years
/// of issue (or of the last load), and several states forbid expiry altogether; in the EU and France no statute sets a
/// minimum, but the term must be stated before purchase (unfair-terms and information rules). See
/// docs/store-credit-and-gift-cards.md.
/// </summary>
public sealed class CreditOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Credit";

    /// <summary>Months after issue when unspent store credit lapses; null (the default) for never.</summary>
    public int? StoreCreditExpiryMonths { get; set; }

    /// <summary>Months after issue when a gift card's unspent value lapses; null (the default) for never.</summary>
    public int? GiftCardExpiryMonths { get; set; }

    /// <summary>How long a shop's hold lasts before it is released on its own (default 30 minutes, a checkout's span).</summary>
    public TimeSpan HoldLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gift-card balance look-ups per minute per caller (default 30): a code is a bearer secret, so guessing is throttled.</summary>
    public int GiftCardLookupsPerMinute { get; set; } = 30;

    /// <summary>How often the sweep releases lapsed holds and posts expired credit.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When credit issued at <paramref name="at"/> lapses under a policy of <paramref name="months"/> months.</summary>
    public static DateTimeOffset? ExpiryOf(int? months, DateTimeOffset at) => months is > 0 ? at.AddMonths(months.Value) : null;
}

using Retour.Domain.Returns;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// One row per return with what the cost, speed and retention measures read (decision 0023): its dates, durations,
/// amounts by kind and the dimensions the analytics filter uses. Written in the same transaction as the return's
/// changes (<see cref="ReturnFactsWriter"/>) and rebuilt from scratch by <c>retour rebuild-return-facts</c>.
/// Amounts are in ten-thousandths of the return's currency (<see cref="Scale"/>) so that both databases add them up
/// in SQL (SQLite cannot sum decimals); label costs are in <see cref="LabelCurrency"/>.
/// </summary>
public sealed class ReturnFacts : IAnalyticsDimensions
{
    /// <summary>Amounts are stored as whole multiples of 1 / <see cref="Scale"/> of the currency unit.</summary>
    public const decimal Scale = 10_000m;

    /// <summary>The return.</summary>
    public Guid ReturnCaseId { get; set; }

    /// <summary>When the return was requested; the analytics period filters on it.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The month requested as <c>yyyyMM</c> (UTC), for trends without date functions.</summary>
    public int RequestedMonth { get; set; }

    /// <summary>The return's status.</summary>
    public ReturnStatus Status { get; set; }

    /// <summary>The order's sales channel.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The country the order was shipped to.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>The category of the return's most valuable line (a return is filed under one category).</summary>
    public string? Category { get; set; }

    /// <summary>The reason of the return's most valuable line.</summary>
    public string? Reason { get; set; }

    /// <summary>The return's (and order's) currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>When the goods were first received back.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>When the customer had all their refund (the last item or advance refund succeeded, none outstanding).</summary>
    public DateTimeOffset? RefundedAt { get; set; }

    /// <summary>Whole hours from the request to <see cref="RefundedAt"/> (rounded down).</summary>
    public int? RequestToRefundHours { get; set; }

    /// <summary>Whole hours from receipt to <see cref="RefundedAt"/> (rounded down; 0 for a refund in advance of receipt).</summary>
    public int? ReceiptToRefundHours { get; set; }

    /// <summary>The last day the refund was in time (the legal or policy deadline), once it runs.</summary>
    public DateOnly? RefundDue { get; set; }

    /// <summary>For a refunded return with a deadline: whether it was paid by the deadline.</summary>
    public bool? RefundInTime { get; set; }

    /// <summary>What the customer paid for the units returned (approved, or received once they are).</summary>
    public long ReturnedValue { get; set; }

    /// <summary>Refunds that succeeded, any purpose.</summary>
    public long Refunded { get; set; }

    /// <summary>Store credit issued (amount and bonus).</summary>
    public long StoreCredit { get; set; }

    /// <summary>Gift cards issued.</summary>
    public long GiftCard { get; set; }

    /// <summary>Value sent back as exchanges and replacements.</summary>
    public long Exchange { get; set; }

    /// <summary>Restocking fees kept from the refund.</summary>
    public long RestockingFee { get; set; }

    /// <summary>Return-shipping fees kept from the refund.</summary>
    public long ReturnShippingFee { get; set; }

    /// <summary>The order's outbound shipping, in proportion of the order's value returned.</summary>
    public long OutboundShipping { get; set; }

    /// <summary>What the carrier labels made for the return cost (voided ones excluded).</summary>
    public long LabelCost { get; set; }

    /// <summary>The labels' currency (null without a label).</summary>
    public string? LabelCurrency { get; set; }

    /// <summary>Value paid of units put back in stock.</summary>
    public long Restocked { get; set; }

    /// <summary>Value paid of units refurbished.</summary>
    public long Refurbished { get; set; }

    /// <summary>Value paid of units repaired.</summary>
    public long Repaired { get; set; }

    /// <summary>Value paid of units returned to their vendor.</summary>
    public long ReturnedToVendor { get; set; }

    /// <summary>Value paid of units sold second-hand.</summary>
    public long SecondHand { get; set; }

    /// <summary>Value paid of units recycled.</summary>
    public long Recycled { get; set; }

    /// <summary>Value paid of units disposed of.</summary>
    public long Disposed { get; set; }

    /// <summary>The customer's rating of the return (1–5), if given.</summary>
    public int? FeedbackRating { get; set; }

    /// <summary>When the facts were last computed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Counts the row's changes; a concurrency token, so that two units of work that recompute the same return at
    /// once cannot both add their difference to the rollup (<see cref="ReturnFactsDaily"/>): the second one fails.
    /// </summary>
    public int Version { get; set; }

    /// <summary>An amount as stored.</summary>
    public static long Store(decimal amount) => (long)decimal.Round(amount * Scale, MidpointRounding.AwayFromZero);

    /// <summary>A stored amount (or a sum of them) back in currency units.</summary>
    public static decimal Read(long stored) => stored / Scale;
}

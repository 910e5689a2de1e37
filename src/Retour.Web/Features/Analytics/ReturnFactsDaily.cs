namespace Retour.Web.Features.Analytics;

/// <summary>
/// The rollup of <see cref="ReturnFacts"/> that the cost, speed, retention and feedback measures read (decision 0025):
/// one row per request day (and one per request month, <see cref="Monthly"/>), dimension cell (and one for all cells of
/// a currency, <see cref="Totals"/>), measure and bucket, holding the sum of that measure over the facts rows of the
/// cell. The differences written with the facts rows go to <see cref="ReturnFactsChange"/> first and are folded in
/// from time to time (<see cref="ReturnFactsRollup"/>); the rollup plus the changes not yet folded answer any period
/// of whole days exactly: whole months from the month rows, the days at either end from the day rows.
/// </summary>
public sealed class ReturnFactsDaily : IRollupCell
{
    /// <summary>
    /// True for a row that adds up every channel, country, category and reason (those are then empty): what a question
    /// filtered on none of them reads, a few rows a day whatever the number of cells.
    /// </summary>
    public bool Totals { get; set; }

    /// <summary>True for a month row (<see cref="Day"/> is then the month's first day), false for a day row.</summary>
    public bool Monthly { get; set; }

    /// <summary>The request day (UTC) as <c>yyyyMMdd</c>; for a month row, the month's first day.</summary>
    public int Day { get; set; }

    /// <summary>The returns' currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>The orders' sales channel (empty in a <see cref="Totals"/> row, as are the next three).</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The orders' shipping country.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>The category of the returns' most valuable line; empty for none.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>The reason of the returns' most valuable line; empty for none.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>What is counted or added up (<see cref="FactsMeasure"/>).</summary>
    public int Measure { get; set; }

    /// <summary>The histogram bucket: hours for the durations, the rating for ratings; 0 otherwise.</summary>
    public int Bucket { get; set; }

    /// <summary>The label currency for the label measures; empty otherwise.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>The count of returns, or the sum of the amount in ten-thousandths (<see cref="ReturnFacts.Scale"/>).</summary>
    public long Value { get; set; }
}

/// <summary>
/// A difference to add to <see cref="ReturnFactsDaily"/>, written in the same transaction as the facts rows it comes
/// from: an insert, so that concurrent units of work (refunds of returns requested the same day) never wait on one
/// another's rollup rows. Folded into the rollup and deleted by <see cref="ReturnFactsRollup.FoldAsync"/>.
/// </summary>
public sealed class ReturnFactsChange : IRollupCell
{
    /// <summary>Order of writing.</summary>
    public long Id { get; set; }

    /// <inheritdoc />
    public bool Totals { get; set; }

    /// <inheritdoc />
    public bool Monthly { get; set; }

    /// <inheritdoc />
    public int Day { get; set; }

    /// <inheritdoc />
    public string Currency { get; set; } = string.Empty;

    /// <inheritdoc />
    public string Channel { get; set; } = string.Empty;

    /// <inheritdoc />
    public string Country { get; set; } = string.Empty;

    /// <inheritdoc />
    public string Category { get; set; } = string.Empty;

    /// <inheritdoc />
    public string Reason { get; set; } = string.Empty;

    /// <inheritdoc />
    public int Measure { get; set; }

    /// <inheritdoc />
    public int Bucket { get; set; }

    /// <inheritdoc />
    public string Unit { get; set; } = string.Empty;

    /// <inheritdoc />
    public long Value { get; set; }
}

/// <summary>A rollup cell and its value: what <see cref="ReturnFactsDaily"/> and <see cref="ReturnFactsChange"/> share.</summary>
public interface IRollupCell
{
    /// <summary>A row of all channels, countries, categories and reasons.</summary>
    bool Totals { get; }

    /// <summary>A month row.</summary>
    bool Monthly { get; }

    /// <summary>yyyyMMdd (the month's first day for a month row).</summary>
    int Day { get; }

    /// <summary>The returns' currency.</summary>
    string Currency { get; }

    /// <summary>Sales channel.</summary>
    string Channel { get; }

    /// <summary>Shipping country.</summary>
    string Country { get; }

    /// <summary>Category, empty for none.</summary>
    string Category { get; }

    /// <summary>Reason, empty for none.</summary>
    string Reason { get; }

    /// <summary>A <see cref="FactsMeasure"/>.</summary>
    int Measure { get; }

    /// <summary>Hours or rating; 0 otherwise.</summary>
    int Bucket { get; }

    /// <summary>Label currency, empty otherwise.</summary>
    string Unit { get; }

    /// <summary>Count or sum.</summary>
    long Value { get; }
}

/// <summary>What a <see cref="ReturnFactsDaily"/> row counts or adds up (stored as these numbers).</summary>
public static class FactsMeasure
{
    /// <summary>Returns (count).</summary>
    public const int Returns = 1;

    /// <summary>Sum of <see cref="ReturnFacts.ReturnedValue"/>.</summary>
    public const int ReturnedValue = 2;

    /// <summary>Sum of <see cref="ReturnFacts.Refunded"/>.</summary>
    public const int Refunded = 3;

    /// <summary>Sum of <see cref="ReturnFacts.StoreCredit"/>.</summary>
    public const int StoreCredit = 4;

    /// <summary>Sum of <see cref="ReturnFacts.GiftCard"/>.</summary>
    public const int GiftCard = 5;

    /// <summary>Sum of <see cref="ReturnFacts.Exchange"/>.</summary>
    public const int Exchange = 6;

    /// <summary>Sum of <see cref="ReturnFacts.RestockingFee"/>.</summary>
    public const int RestockingFee = 7;

    /// <summary>Sum of <see cref="ReturnFacts.ReturnShippingFee"/>.</summary>
    public const int ReturnShippingFee = 8;

    /// <summary>Sum of <see cref="ReturnFacts.OutboundShipping"/>.</summary>
    public const int OutboundShipping = 9;

    /// <summary>Returns with a label in the row's <see cref="ReturnFactsDaily.Unit"/> (count).</summary>
    public const int LabelReturns = 10;

    /// <summary>Sum of <see cref="ReturnFacts.LabelCost"/>, in the row's <see cref="ReturnFactsDaily.Unit"/>.</summary>
    public const int LabelCost = 11;

    /// <summary>Sum of <see cref="ReturnFacts.Restocked"/>.</summary>
    public const int Restocked = 12;

    /// <summary>Sum of <see cref="ReturnFacts.Refurbished"/>.</summary>
    public const int Refurbished = 13;

    /// <summary>Sum of <see cref="ReturnFacts.Repaired"/>.</summary>
    public const int Repaired = 14;

    /// <summary>Sum of <see cref="ReturnFacts.ReturnedToVendor"/>.</summary>
    public const int ReturnedToVendor = 15;

    /// <summary>Sum of <see cref="ReturnFacts.SecondHand"/>.</summary>
    public const int SecondHand = 16;

    /// <summary>Sum of <see cref="ReturnFacts.Recycled"/>.</summary>
    public const int Recycled = 17;

    /// <summary>Sum of <see cref="ReturnFacts.Disposed"/>.</summary>
    public const int Disposed = 18;

    /// <summary>Refunded returns by whole hours from request to refund (<see cref="ReturnFactsDaily.Bucket"/>).</summary>
    public const int RequestToRefund = 20;

    /// <summary>Refunded returns by whole hours from receipt to refund.</summary>
    public const int ReceiptToRefund = 21;

    /// <summary>Refunded returns whose refund had a deadline.</summary>
    public const int WithDeadline = 22;

    /// <summary>Of those, refunded by the deadline.</summary>
    public const int InTime = 23;

    /// <summary>Rated returns by rating (<see cref="ReturnFactsDaily.Bucket"/>).</summary>
    public const int Rating = 24;
}

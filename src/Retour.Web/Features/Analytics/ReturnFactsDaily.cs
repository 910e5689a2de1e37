namespace Retour.Web.Features.Analytics;

/// <summary>
/// The rollup of <see cref="ReturnFacts"/> that the cost, speed, retention and feedback measures read (decision 0025):
/// one row per request day (and one per request month, <see cref="Monthly"/>), dimension cell (and one for all cells of
/// a currency, <see cref="Totals"/>), measure and bucket, holding the sum of that measure over the facts rows of the
/// cell. The facts rows' changes are written to <see cref="ReturnFactsChange"/> with them and folded in from time to
/// time (<see cref="ReturnFactsRollup"/>); the rollup plus the changes not yet folded answer any period of whole days
/// exactly: whole months from the month rows, the days at either end from the day rows.
/// </summary>
public sealed class ReturnFactsDaily : IAnalyticsDimensions
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
/// A change of a facts row waiting to be added to <see cref="ReturnFactsDaily"/>: the stored row with
/// <see cref="Sign"/> −1 and the new one with +1 (only what the rollup reads). Written by EF in the same save as the
/// facts row (plain inserts: no row another unit of work may hold), folded into the rollup and deleted by
/// <see cref="ReturnFactsRollup.FoldAsync"/>; until then readers add them themselves.
/// </summary>
public sealed class ReturnFactsChange
{
    /// <summary>Order of writing.</summary>
    public long Id { get; set; }

    /// <summary>+1 to add the row, −1 to take it away.</summary>
    public int Sign { get; set; }

    /// <summary>See <see cref="ReturnFacts.RequestedAt"/>.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>See <see cref="ReturnFacts.Currency"/>.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>See <see cref="ReturnFacts.Channel"/>.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>See <see cref="ReturnFacts.Country"/>.</summary>
    public string Country { get; set; } = string.Empty;

    /// <summary>See <see cref="ReturnFacts.Category"/>.</summary>
    public string? Category { get; set; }

    /// <summary>See <see cref="ReturnFacts.Reason"/>.</summary>
    public string? Reason { get; set; }

    /// <summary>See <see cref="ReturnFacts.RequestToRefundHours"/>.</summary>
    public int? RequestToRefundHours { get; set; }

    /// <summary>See <see cref="ReturnFacts.ReceiptToRefundHours"/>.</summary>
    public int? ReceiptToRefundHours { get; set; }

    /// <summary>See <see cref="ReturnFacts.RefundInTime"/>.</summary>
    public bool? RefundInTime { get; set; }

    /// <summary>See <see cref="ReturnFacts.FeedbackRating"/>.</summary>
    public int? FeedbackRating { get; set; }

    /// <summary>See <see cref="ReturnFacts.LabelCurrency"/>.</summary>
    public string? LabelCurrency { get; set; }

    /// <summary>See <see cref="ReturnFacts.ReturnedValue"/>.</summary>
    public long ReturnedValue { get; set; }

    /// <summary>See <see cref="ReturnFacts.Refunded"/>.</summary>
    public long Refunded { get; set; }

    /// <summary>See <see cref="ReturnFacts.StoreCredit"/>.</summary>
    public long StoreCredit { get; set; }

    /// <summary>See <see cref="ReturnFacts.GiftCard"/>.</summary>
    public long GiftCard { get; set; }

    /// <summary>See <see cref="ReturnFacts.Exchange"/>.</summary>
    public long Exchange { get; set; }

    /// <summary>See <see cref="ReturnFacts.RestockingFee"/>.</summary>
    public long RestockingFee { get; set; }

    /// <summary>See <see cref="ReturnFacts.ReturnShippingFee"/>.</summary>
    public long ReturnShippingFee { get; set; }

    /// <summary>See <see cref="ReturnFacts.OutboundShipping"/>.</summary>
    public long OutboundShipping { get; set; }

    /// <summary>See <see cref="ReturnFacts.LabelCost"/>.</summary>
    public long LabelCost { get; set; }

    /// <summary>See <see cref="ReturnFacts.Restocked"/>.</summary>
    public long Restocked { get; set; }

    /// <summary>See <see cref="ReturnFacts.Refurbished"/>.</summary>
    public long Refurbished { get; set; }

    /// <summary>See <see cref="ReturnFacts.Repaired"/>.</summary>
    public long Repaired { get; set; }

    /// <summary>See <see cref="ReturnFacts.ReturnedToVendor"/>.</summary>
    public long ReturnedToVendor { get; set; }

    /// <summary>See <see cref="ReturnFacts.SecondHand"/>.</summary>
    public long SecondHand { get; set; }

    /// <summary>See <see cref="ReturnFacts.Recycled"/>.</summary>
    public long Recycled { get; set; }

    /// <summary>See <see cref="ReturnFacts.Disposed"/>.</summary>
    public long Disposed { get; set; }

    /// <summary>The change of a facts row.</summary>
    public static ReturnFactsChange Of(ReturnFacts f, int sign)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new ReturnFactsChange
        {
            Sign = sign,
            RequestedAt = f.RequestedAt,
            Currency = f.Currency,
            Channel = f.Channel,
            Country = f.Country,
            Category = f.Category,
            Reason = f.Reason,
            RequestToRefundHours = f.RequestToRefundHours,
            ReceiptToRefundHours = f.ReceiptToRefundHours,
            RefundInTime = f.RefundInTime,
            FeedbackRating = f.FeedbackRating,
            LabelCurrency = f.LabelCurrency,
            ReturnedValue = f.ReturnedValue,
            Refunded = f.Refunded,
            StoreCredit = f.StoreCredit,
            GiftCard = f.GiftCard,
            Exchange = f.Exchange,
            RestockingFee = f.RestockingFee,
            ReturnShippingFee = f.ReturnShippingFee,
            OutboundShipping = f.OutboundShipping,
            LabelCost = f.LabelCost,
            Restocked = f.Restocked,
            Refurbished = f.Refurbished,
            Repaired = f.Repaired,
            ReturnedToVendor = f.ReturnedToVendor,
            SecondHand = f.SecondHand,
            Recycled = f.Recycled,
            Disposed = f.Disposed,
        };
    }

    /// <summary>The facts row again (what the rollup reads of it).</summary>
    public ReturnFacts ToFacts() => new()
    {
        RequestedAt = RequestedAt,
        Currency = Currency,
        Channel = Channel,
        Country = Country,
        Category = Category,
        Reason = Reason,
        RequestToRefundHours = RequestToRefundHours,
        ReceiptToRefundHours = ReceiptToRefundHours,
        RefundInTime = RefundInTime,
        FeedbackRating = FeedbackRating,
        LabelCurrency = LabelCurrency,
        ReturnedValue = ReturnedValue,
        Refunded = Refunded,
        StoreCredit = StoreCredit,
        GiftCard = GiftCard,
        Exchange = Exchange,
        RestockingFee = RestockingFee,
        ReturnShippingFee = ReturnShippingFee,
        OutboundShipping = OutboundShipping,
        LabelCost = LabelCost,
        Restocked = Restocked,
        Refurbished = Refurbished,
        Repaired = Repaired,
        ReturnedToVendor = ReturnedToVendor,
        SecondHand = SecondHand,
        Recycled = Recycled,
        Disposed = Disposed,
    };
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

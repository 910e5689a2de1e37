namespace Retour.Domain.Returns;

/// <summary>What a parcel's content disagreed with.</summary>
public enum DiscrepancyKind
{
    /// <summary>Approved units that were not in the parcel; they may still come in another one.</summary>
    Missing,

    /// <summary>Units in the parcel that are not on the return, or more units of a line than were approved.</summary>
    Unexpected,

    /// <summary>A unit that arrived without the policy's approval (an unannounced parcel or a pre-printed label): received, to be reviewed before settling.</summary>
    PolicyReview,
}

/// <summary>
/// One difference between what a return announced and what a parcel held, found at receiving: kept on the return so
/// inspection and staff see it, never changed afterwards.
/// </summary>
public sealed class ReceiptDiscrepancy
{
    private ReceiptDiscrepancy()
    {
        Sku = ActorName = string.Empty;
    }

    internal ReceiptDiscrepancy(Guid id, int position, DateTimeOffset at, Actor actor, DiscrepancyKind kind, string sku, int quantity, string? note)
    {
        Id = id;
        Position = position;
        At = at;
        ActorName = actor.Name;
        Kind = kind;
        Sku = sku;
        Quantity = quantity;
        Note = note;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Its place on the return, from 0.</summary>
    public int Position { get; private set; }

    /// <summary>When the parcel was counted.</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>Who counted it.</summary>
    public string ActorName { get; private set; }

    /// <summary>Missing, unexpected, or to review against the policy.</summary>
    public DiscrepancyKind Kind { get; private set; }

    /// <summary>The item's SKU, as on the return or as read from the item.</summary>
    public string Sku { get; private set; }

    /// <summary>Units concerned.</summary>
    public int Quantity { get; private set; }

    /// <summary>The operator's words, or why it was flagged.</summary>
    public string? Note { get; private set; }
}

/// <summary>Units of one return line counted in a parcel (zero when none of them were in it).</summary>
public sealed record CountedLine(Guid LineId, int Quantity);

/// <summary>Units in a parcel that are not on the return: the SKU read from the item, how many, and a note.</summary>
public sealed record UnexpectedItem(string Sku, int Quantity, string? Note);

/// <summary>A parcel was counted and did not hold what the return announced.</summary>
public sealed record DiscrepanciesFound(Guid ReturnCaseId, string Number, DateTimeOffset At, int Missing, int Unexpected, int ToReview) : ReturnEvent(ReturnCaseId, Number, At);

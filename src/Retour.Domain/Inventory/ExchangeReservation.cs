namespace Retour.Domain.Inventory;

/// <summary>Where the units held for one return line's exchange or replacement stand.</summary>
public enum ReservationStatus
{
    /// <summary>Units held on the catalogue variant.</summary>
    Reserved,

    /// <summary>Nothing could be held: the variant was out of stock (the line settles in store credit or a refund).</summary>
    Unavailable,

    /// <summary>Given back: the return lapsed (cancelled, expired).</summary>
    Released,

    /// <summary>The shop's replacement order took the units.</summary>
    Fulfilled,
}

/// <summary>
/// Units of a catalogue variant held for one return line's exchange or replacement, from the return's approval until
/// the shop reports the replacement order or the return lapses. One per return line, so holding twice is impossible.
/// </summary>
public sealed class ExchangeReservation
{
    private ExchangeReservation()
    {
        Sku = Currency = string.Empty;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The return.</summary>
    public Guid ReturnCaseId { get; private set; }

    /// <summary>The return line it is for (unique).</summary>
    public Guid ReturnLineId { get; private set; }

    /// <summary>The SKU held.</summary>
    public string Sku { get; private set; }

    /// <summary>The catalogue currency of the variant held (the order's).</summary>
    public string Currency { get; private set; }

    /// <summary>Units.</summary>
    public int Quantity { get; private set; }

    /// <summary>Where it stands.</summary>
    public ReservationStatus Status { get; private set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it was released or fulfilled.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Holds <paramref name="quantity"/> units of <paramref name="variant"/> (or records that none could be held).</summary>
    public static ExchangeReservation Hold(Guid returnCaseId, Guid returnLineId, CatalogVariant? variant, string sku, string currency, int quantity, DateTimeOffset at)
    {
        var held = variant is not null && variant.Reserve(quantity).IsSuccess;
        return new ExchangeReservation
        {
            Id = Guid.CreateVersion7(at),
            ReturnCaseId = returnCaseId,
            ReturnLineId = returnLineId,
            Sku = sku,
            Currency = currency,
            Quantity = quantity,
            Status = held ? ReservationStatus.Reserved : ReservationStatus.Unavailable,
            CreatedAt = at,
        };
    }

    /// <summary>Tries again to hold the units of a reservation that found none.</summary>
    public void Retry(CatalogVariant? variant)
    {
        if (Status == ReservationStatus.Unavailable && variant is not null && variant.Reserve(Quantity).IsSuccess)
        {
            Status = ReservationStatus.Reserved;
        }
    }

    /// <summary>Ends the hold: released when the return lapsed, fulfilled when the shop's order took the units.</summary>
    public void Close(CatalogVariant? variant, bool fulfilled, DateTimeOffset at)
    {
        if (Status is ReservationStatus.Released or ReservationStatus.Fulfilled)
        {
            return;
        }

        if (Status == ReservationStatus.Reserved)
        {
            variant?.Release(Quantity);
        }

        Status = fulfilled ? ReservationStatus.Fulfilled : ReservationStatus.Released;
        ClosedAt = at;
    }
}

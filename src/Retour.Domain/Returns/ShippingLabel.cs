namespace Retour.Domain.Returns;

/// <summary>
/// A label made by a carrier for a return's parcel: its tracking number, what it cost the merchant, how long it is
/// valid, and, where the carrier offers them, the box-free drop-off code, the booked home pickup and the customs
/// declaration. A return keeps every label it was given; at most one is live.
/// </summary>
public sealed class ShippingLabel
{
    private ShippingLabel()
    {
        Carrier = TrackingNumber = CostCurrency = string.Empty;
    }

    internal ShippingLabel(Guid id, int sequence, LabelIssue issue, DateTimeOffset at)
        : this()
    {
        Id = id;
        Sequence = sequence;
        Carrier = issue.Carrier;
        TrackingNumber = issue.TrackingNumber;
        Cost = issue.Cost;
        CostCurrency = issue.CostCurrency;
        ExpiresAt = issue.ExpiresAt;
        DropOffCode = issue.DropOffCode;
        Customs = issue.Customs;
        CreatedAt = at;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>Its place among the return's labels, from 0 (labels made at one instant keep their order).</summary>
    public int Sequence { get; private set; }

    /// <summary>The carrier's code (<c>own</c> for the merchant's own account).</summary>
    public string Carrier { get; private set; }

    /// <summary>The parcel's tracking number.</summary>
    public string TrackingNumber { get; private set; }

    /// <summary>What the label cost the merchant (counted as return shipping cost).</summary>
    public decimal Cost { get; private set; }

    /// <summary>The currency of <see cref="Cost"/>.</summary>
    public string CostCurrency { get; private set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>After this the carrier no longer accepts it; null when it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>When it was voided, if it was.</summary>
    public DateTimeOffset? VoidedAt { get; private set; }

    /// <summary>Why it was voided.</summary>
    public string? VoidReason { get; private set; }

    /// <summary>The code a counter scans instead of a printed label (box-free drop-off), when the carrier gave one.</summary>
    public string? DropOffCode { get; private set; }

    /// <summary>The customs declaration the parcel travels with, when it crosses a customs border.</summary>
    public CustomsDeclaration? Customs { get; private set; }

    /// <summary>The home pickup booked for the parcel, if any.</summary>
    public PickupBooking? Pickup { get; private set; }

    /// <summary>Neither voided nor expired at <paramref name="at"/>.</summary>
    public bool IsLive(DateTimeOffset at) => VoidedAt is null && !IsExpired(at);

    /// <summary>Not voided, but past its validity at <paramref name="at"/>.</summary>
    public bool IsExpired(DateTimeOffset at) => VoidedAt is null && ExpiresAt is { } end && at >= end;

    /// <summary>Where the label stands at <paramref name="at"/>.</summary>
    public LabelState StateAt(DateTimeOffset at) => VoidedAt is not null ? LabelState.Voided : IsExpired(at) ? LabelState.Expired : LabelState.Live;

    internal void Void(string? reason, DateTimeOffset at)
    {
        VoidedAt = at;
        VoidReason = reason;
        Pickup = null;
    }

    internal void Book(PickupBooking? pickup) => Pickup = pickup;
}

/// <summary>Where a label stands.</summary>
public enum LabelState
{
    /// <summary>Valid: the parcel can travel with it.</summary>
    Live,

    /// <summary>Past its validity; a fresh one can replace it while the return is still within its ship-by date.</summary>
    Expired,

    /// <summary>Cancelled with the carrier before the parcel was scanned.</summary>
    Voided,
}

/// <summary>What a carrier answered when it made a label, as the return records it.</summary>
public sealed record LabelIssue(
    string Carrier,
    string TrackingNumber,
    decimal Cost,
    string CostCurrency,
    DateTimeOffset? ExpiresAt,
    string? DropOffCode,
    CustomsDeclaration? Customs);

/// <summary>A home pickup booked with the carrier: the day, the time window (merchant's time zone) and its reference.</summary>
public sealed record PickupBooking(DateOnly Date, TimeOnly From, TimeOnly To, string? Reference);

/// <summary>When a carrier collects parcels from a home: the weekdays it comes and the booking cut-off the day before.</summary>
public sealed record PickupCalendar(IReadOnlySet<DayOfWeek> Weekdays, TimeOnly CutOff);

using Retour.Domain;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Carriers;

/// <summary>What a carrier can do for returns; a label-making carrier has at least <see cref="Labels"/>.</summary>
[Flags]
public enum CarrierCapabilities
{
    /// <summary>Nothing beyond receiving tracking events.</summary>
    None = 0,

    /// <summary>Makes labels (a tracking number and, usually, a printable document).</summary>
    Labels = 1,

    /// <summary>Cancels a label before the parcel's first scan, so it is not billed.</summary>
    Void = 2,

    /// <summary>Gives a box-free drop-off code: the customer shows it at a counter, which prints the label.</summary>
    DropOffCodes = 4,

    /// <summary>Collects parcels from the customer's home on a booked day.</summary>
    Pickup = 8,
}

/// <summary>
/// A parcel to make a label for: the return, who sends it from where, where it goes, by when, and the customs
/// declaration when it crosses a customs border (null otherwise).
/// </summary>
public sealed record LabelShipment(
    Guid ReturnId,
    string ReturnNumber,
    string OrderNumber,
    string SenderName,
    string SenderCountry,
    IReadOnlyList<string> RecipientLines,
    string RecipientCountry,
    DateTimeOffset? ShipBy,
    int Units,
    CustomsDeclaration? Customs);

/// <summary>
/// A label a carrier made: the tracking number, its document (PDF bytes; null when Retour draws it, as for the
/// own-account carrier), what it costs the merchant, when it stops being valid and the box-free drop-off code, if any.
/// </summary>
public sealed record CarrierLabel(string TrackingNumber, byte[]? Document, decimal Cost, string CostCurrency, DateTimeOffset? ExpiresAt, string? DropOffCode);

/// <summary>A home pickup to book: the parcel's tracking number, the day and the window, in the merchant's time zone.</summary>
public sealed record PickupRequest(string TrackingNumber, string ReturnNumber, DateOnly Date, TimeOnly From, TimeOnly To);

/// <summary>
/// A carrier Retour makes return labels with (decision 0019). Calls are made outside any database transaction; a
/// refusal is a <see cref="Result"/> with a stable code (a 422 for the caller), never an exception. Tracking events
/// come in through <c>POST /api/v1/carrier-events</c>, whatever the carrier.
/// </summary>
public interface ICarrier
{
    /// <summary>The code the API and configuration name the carrier by (lower case, e.g. <c>own</c>).</summary>
    string Code { get; }

    /// <summary>The name people see.</summary>
    string DisplayName { get; }

    /// <summary>What it offers.</summary>
    CarrierCapabilities Capabilities { get; }

    /// <summary>When it collects from homes, when it offers <see cref="CarrierCapabilities.Pickup"/>; else null.</summary>
    PickupCalendar? PickupCalendar { get; }

    /// <summary>Makes a label for the shipment.</summary>
    Task<(CarrierLabel? Label, Result Result)> CreateLabelAsync(LabelShipment shipment, CancellationToken ct);

    /// <summary>Cancels the label with this tracking number (only called when it offers <see cref="CarrierCapabilities.Void"/>).</summary>
    Task<Result> VoidAsync(string trackingNumber, CancellationToken ct);

    /// <summary>Books a home pickup; returns the carrier's booking reference, if it gives one.</summary>
    Task<(string? Reference, Result Result)> SchedulePickupAsync(PickupRequest pickup, CancellationToken ct);

    /// <summary>Cancels the home pickup of the parcel with this tracking number.</summary>
    Task<Result> CancelPickupAsync(string trackingNumber, CancellationToken ct);
}

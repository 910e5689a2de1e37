using Retour.Domain.Returns;

namespace Retour.Web.Features.Tracking;

/// <summary>
/// One tracking event as a carrier sent it, kept once per carrier and event id (a unique index): the same event sent
/// again, or twice at once, is recognised and changes nothing. An event whose tracking number matches no return is
/// kept unmatched for staff.
/// </summary>
public sealed class CarrierEventReceipt
{
    /// <summary>Longest carrier event id kept.</summary>
    public const int MaxEventId = 200;

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; set; }

    /// <summary>The sending carrier (as configured).</summary>
    public string Carrier { get; set; } = string.Empty;

    /// <summary>The carrier's own id of the event, unique per carrier.</summary>
    public string EventId { get; set; } = string.Empty;

    /// <summary>The parcel's tracking number.</summary>
    public string TrackingNumber { get; set; } = string.Empty;

    /// <summary>What happened.</summary>
    public CarrierEventKind Kind { get; set; }

    /// <summary>When it happened, by the carrier's clock.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Where, as the carrier says (a depot, a parcel point).</summary>
    public string? Location { get; set; }

    /// <summary>The carrier's words.</summary>
    public string? Detail { get; set; }

    /// <summary>When Retour received it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The return it was matched to; null when no return has that tracking number.</summary>
    public Guid? ReturnCaseId { get; set; }

    /// <summary>The matched return's number.</summary>
    public string? ReturnNumber { get; set; }

    /// <summary>What it did: applied, unmatched, or refused with the rule.</summary>
    public string Outcome { get; set; } = string.Empty;
}

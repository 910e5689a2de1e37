using Retour.Domain.Returns;
using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>What the carrier reported about the parcel, and when it happened.</summary>
public sealed record CarrierEventRequest(CarrierEventKind Kind, DateTimeOffset OccurredAt, string? Detail = null);

/// <summary>Checks a carrier event's shape.</summary>
public static class RecordCarrierEvent
{
    /// <summary>The instant is required; the detail is bounded.</summary>
    public static FieldErrors Validate(CarrierEventRequest r) => new FieldErrors()
        .Check(r is not null && r.OccurredAt != default, "occurredAt", "Required.")
        .Text(r?.Detail, "detail", 500, required: false);
}

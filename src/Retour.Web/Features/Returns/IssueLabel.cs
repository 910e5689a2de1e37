using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>Records the label the parcel travels with.</summary>
public sealed record IssueLabelRequest(string Carrier, string TrackingNumber);

/// <summary>Checks a label's shape.</summary>
public static class IssueLabel
{
    /// <summary>Carrier and tracking number are required.</summary>
    public static FieldErrors Validate(IssueLabelRequest r) => new FieldErrors()
        .Text(r?.Carrier, "carrier", 100)
        .Text(r?.TrackingNumber, "trackingNumber", 100);
}

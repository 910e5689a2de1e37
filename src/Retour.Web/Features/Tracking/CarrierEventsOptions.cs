namespace Retour.Web.Features.Tracking;

/// <summary>
/// Who may send tracking events (section <c>CarrierEvents</c>): each carrier's shared secret comes from the
/// environment, e.g. <c>CarrierEvents__Senders__0__Carrier=colissimo</c> and <c>CarrierEvents__Senders__0__Secret=…</c>.
/// </summary>
public sealed class CarrierEventsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CarrierEvents";

    /// <summary>The carriers allowed to send, each with its signing secret.</summary>
    public IList<CarrierEventSender> Senders { get; } = [];

    /// <summary>How far a signature's timestamp may be from Retour's clock, either side.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most events in one request.</summary>
    public int MaxBatch { get; set; } = 100;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>One carrier that sends tracking events, and the secret it signs them with.</summary>
public sealed class CarrierEventSender
{
    /// <summary>The carrier's name as labels carry it (the return's <c>labelCarrier</c>), e.g. <c>colissimo</c>.</summary>
    public string Carrier { get; set; } = string.Empty;

    /// <summary>The shared signing secret (at least 32 characters); never in appsettings.json.</summary>
    public string Secret { get; set; } = string.Empty;
}

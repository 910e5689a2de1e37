using System.ComponentModel.DataAnnotations;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Carriers;

/// <summary>
/// Carriers, from configuration section <c>Carriers</c>: which carrier makes labels by default, the country of the
/// returns address (for customs) and the built-in own-account carrier (<c>Carriers__Own__…</c>).
/// </summary>
public sealed class CarriersOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Carriers";

    /// <summary>The code of the carrier labels are made with when the caller names none.</summary>
    [StringLength(50)]
    public string Default { get; set; } = OwnAccountCarrier.CarrierCode;

    /// <summary>The ISO 3166 alpha-2 country of the returns address: a parcel from another customs territory carries a declaration.</summary>
    [RegularExpression("^[A-Z]{2}$")]
    public string ReturnsCountry { get; set; } = "FR";

    /// <summary>The merchant's own carrier account.</summary>
    public OwnCarrierOptions Own { get; set; } = new();
}

/// <summary>
/// The merchant's own account with a postal carrier: Retour numbers the parcels itself from the ranges the carrier
/// assigned (UPU S10 identifiers), draws the label, and knows the price, validity, drop-off and pickup terms.
/// </summary>
public sealed class OwnCarrierOptions
{
    /// <summary>Off by default: a merchant turns it on with the ranges their carrier gave them.</summary>
    public bool Enabled { get; set; }

    /// <summary>The name shown to people, e.g. "La Poste (our account)".</summary>
    [StringLength(100)]
    public string DisplayName { get; set; } = "Own carrier account";

    /// <summary>The tracking-number ranges, used in order: the next begins when one is used up.</summary>
    public IList<TrackingRange> Ranges { get; } = [];

    /// <summary>What one label costs the merchant.</summary>
    [Range(0, 10_000)]
    public decimal LabelCost { get; set; }

    /// <summary>The currency of <see cref="LabelCost"/>.</summary>
    [RegularExpression("^[A-Z]{3}$")]
    public string CostCurrency { get; set; } = "EUR";

    /// <summary>Days a label is valid for (the carrier refuses it after).</summary>
    [Range(1, 365)]
    public int ValidDays { get; set; } = 14;

    /// <summary>Whether the carrier's counters accept box-free drop-off codes.</summary>
    public bool DropOffCodes { get; set; }

    /// <summary>Home pickup, when the carrier offers it.</summary>
    public OwnPickupOptions Pickup { get; set; } = new();
}

/// <summary>One range of S10 tracking numbers: service indicator, first and last serial, country of the issuer.</summary>
public sealed class TrackingRange
{
    /// <summary>Two letters the carrier assigned for the service (e.g. <c>RR</c>, <c>CX</c>).</summary>
    [RegularExpression("^[A-Z]{2}$")]
    public string ServiceIndicator { get; set; } = string.Empty;

    /// <summary>The first eight-digit serial number.</summary>
    [Range(0, S10TrackingNumber.MaxSerial)]
    public int First { get; set; }

    /// <summary>The last eight-digit serial number (included).</summary>
    [Range(0, S10TrackingNumber.MaxSerial)]
    public int Last { get; set; }

    /// <summary>The issuing country (ISO 3166 alpha-2), the number's last two letters.</summary>
    [RegularExpression("^[A-Z]{2}$")]
    public string Country { get; set; } = string.Empty;

    /// <summary>The key its counter is stored under; a range whose bounds change is a new range.</summary>
    public string Key => $"{ServiceIndicator}{First:D8}-{Last:D8}{Country}";
}

/// <summary>When the own carrier collects parcels from homes.</summary>
public sealed class OwnPickupOptions
{
    /// <summary>Whether it does.</summary>
    public bool Enabled { get; set; }

    /// <summary>The days it comes (Monday to Friday when none are configured).</summary>
    public IList<DayOfWeek> Weekdays { get; } = [];

    /// <summary>The latest time of day (merchant's time zone) to book for the next day.</summary>
    public TimeOnly CutOff { get; set; } = new(18, 0);

    /// <summary>The window offered when the caller gives none: its start.</summary>
    public TimeOnly WindowFrom { get; set; } = new(9, 0);

    /// <summary>The window offered when the caller gives none: its end.</summary>
    public TimeOnly WindowTo { get; set; } = new(13, 0);

    /// <summary>The configured days, or Monday to Friday.</summary>
    public IReadOnlySet<DayOfWeek> Days => Weekdays.Count > 0
        ? Weekdays.ToHashSet()
        : new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
}

using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Carriers;

/// <summary>
/// The built-in carrier for a merchant with their own carrier account: tracking numbers come from the configured
/// S10 ranges, numbered in the database so that no two labels share one; the label is drawn by Retour's label
/// renderer (its document is null here); price, validity, drop-off codes and pickup terms come from configuration.
/// Voiding and pickups need no call out: the account is billed by the numbers scanned, and pickups are booked on
/// the carrier's collection round.
/// </summary>
public sealed class OwnAccountCarrier(RetourDbContext db, IOptions<CarriersOptions> options, TimeProvider clock) : ICarrier
{
    /// <summary>The carrier's code.</summary>
    public const string CarrierCode = "own";

    // Drop-off codes are read aloud and typed at counters: no 0/O, 1/I/L.
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private OwnCarrierOptions Own => options.Value.Own;

    /// <inheritdoc />
    public string Code => CarrierCode;

    /// <inheritdoc />
    public string DisplayName => Own.DisplayName;

    /// <inheritdoc />
    public CarrierCapabilities Capabilities =>
        CarrierCapabilities.Labels | CarrierCapabilities.Void
        | (Own.DropOffCodes ? CarrierCapabilities.DropOffCodes : CarrierCapabilities.None)
        | (Own.Pickup.Enabled ? CarrierCapabilities.Pickup : CarrierCapabilities.None);

    /// <inheritdoc />
    public PickupCalendar? PickupCalendar => Own.Pickup.Enabled ? new PickupCalendar(Own.Pickup.Days, Own.Pickup.CutOff) : null;

    /// <inheritdoc />
    public async Task<(CarrierLabel? Label, Result Result)> CreateLabelAsync(LabelShipment shipment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var number = await NextTrackingNumberAsync(ct);
        if (number is null)
        {
            return (null, Result.Fail("carrier.own.trackingNumbersExhausted", "Every tracking number of the own carrier account's ranges is used: add a range (Carriers__Own__Ranges__N__…) from the carrier.", "carrier"));
        }

        var expires = clock.GetUtcNow().AddDays(Own.ValidDays);
        var dropOff = Own.DropOffCodes ? DropOffCode() : null;
        return (new CarrierLabel(number, null, Own.LabelCost, Own.CostCurrency, expires, dropOff), Result.Ok());
    }

    /// <inheritdoc />
    public Task<Result> VoidAsync(string trackingNumber, CancellationToken ct) => Task.FromResult(Result.Ok());

    /// <inheritdoc />
    public Task<(string? Reference, Result Result)> SchedulePickupAsync(PickupRequest pickup, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pickup);
        return Task.FromResult<(string?, Result)>((string.Create(CultureInfo.InvariantCulture, $"PU-{pickup.TrackingNumber}-{pickup.Date:yyyyMMdd}"), Result.Ok()));
    }

    /// <inheritdoc />
    public Task<Result> CancelPickupAsync(string trackingNumber, CancellationToken ct) => Task.FromResult(Result.Ok());

    /// <summary>
    /// The next unused number of the first range that has one, or null when all are used. Each range's counter is
    /// one row moved on by a single <c>UPDATE … RETURNING</c>, which the database runs atomically: two requests at
    /// once, on any node, never read the same serial (and the labels' unique index on carrier and tracking number
    /// would refuse it if they did).
    /// </summary>
    public async Task<string?> NextTrackingNumberAsync(CancellationToken ct)
    {
        foreach (var range in Own.Ranges)
        {
            var key = range.Key;
            long first = range.First;
            long last = range.Last;
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"TrackingNumberCounters\" (\"Range\", \"Next\") VALUES ({key}, {first}) ON CONFLICT (\"Range\") DO NOTHING", ct);
            var taken = await db.Database
                .SqlQuery<long>($"UPDATE \"TrackingNumberCounters\" SET \"Next\" = \"Next\" + 1 WHERE \"Range\" = {key} AND \"Next\" <= {last} RETURNING \"Next\" - 1 AS \"Value\"")
                .ToListAsync(ct);
            if (taken.Count == 1)
            {
                return S10TrackingNumber.Format(range.ServiceIndicator, checked((int)taken[0]), range.Country);
            }
        }

        return null;
    }

    private static string DropOffCode()
    {
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        }

        return $"DO-{code[..5]}-{code[5..]}";
    }
}

/// <summary>The next serial of one tracking-number range (<see cref="TrackingRange.Key"/>), moved on atomically.</summary>
public sealed class TrackingNumberCounter
{
    /// <summary>The range's key.</summary>
    public string Range { get; set; } = string.Empty;

    /// <summary>The next serial to give out.</summary>
    public long Next { get; set; }
}

/// <summary>The document a carrier returned for a label, kept so it can be downloaded again.</summary>
public sealed class LabelDocument
{
    /// <summary>The label's id.</summary>
    public Guid LabelId { get; set; }

    /// <summary>The return it belongs to.</summary>
    public Guid ReturnCaseId { get; set; }

    /// <summary>The document's media type.</summary>
    public string ContentType { get; set; } = "application/pdf";

    /// <summary>The document.</summary>
    public byte[] Content { get; set; } = [];
}

using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.Inventory;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Grades of received units, per return line.</summary>
public sealed record InspectUnitsRequest(IReadOnlyList<InspectedLine> Lines);

/// <summary>
/// A grade, fault and disposition for <c>quantity</c> units of one line (all its received units not yet inspected
/// when omitted), with what the inspector read on them, their photos, and for each unit the diminished-value
/// deduction and the site whose stock a restocked unit joins.
/// </summary>
/// <param name="LineId">The return line.</param>
/// <param name="Grade">Condition grade.</param>
/// <param name="Disposition">Where the units go.</param>
/// <param name="Fault">Defect, misuse or transit damage found.</param>
/// <param name="Quantity">Units graded alike (every unit still waiting when omitted); 1 when a serial number is given.</param>
/// <param name="Notes">The inspector's notes.</param>
/// <param name="SkuSeen">The SKU read on the unit (scanned), compared with the one shipped.</param>
/// <param name="SerialNumber">The serial number read, compared with the serials the order shipped.</param>
/// <param name="Photos">Ids of photos stored for the return's order.</param>
/// <param name="HandledBeyondNecessary">Handled beyond what is needed to establish its nature, characteristics and functioning (CRD 14(2)).</param>
/// <param name="Deduction">Diminished-value deduction per unit, in the order's currency.</param>
/// <param name="Location">For a restock, the site's code; the first warehouse when omitted.</param>
public sealed record InspectedLine(
    Guid LineId,
    ConditionGrade Grade,
    Disposition Disposition,
    UnitFault Fault = UnitFault.None,
    int? Quantity = null,
    string? Notes = null,
    string? SkuSeen = null,
    string? SerialNumber = null,
    IReadOnlyList<string>? Photos = null,
    bool HandledBeyondNecessary = false,
    decimal Deduction = 0m,
    string? Location = null);

/// <summary>Grades units and decides where each goes; restocked units join their site's stock in the same transaction.</summary>
public static partial class InspectUnits
{
    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(InspectUnitsRequest r)
    {
        var v = new FieldErrors().Check(r?.Lines is { Count: > 0 }, "lines", "At least one line.");
        var lines = r?.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            v.Check(line.LineId != Guid.Empty, $"lines[{i}].lineId", "Required.")
                .Check(Enum.IsDefined(line.Grade), $"lines[{i}].grade", "One of new, likeNew, used, damaged, defective.")
                .Check(Enum.IsDefined(line.Disposition), $"lines[{i}].disposition", "One of restock, refurbish, repair, returnToVendor, secondHand, recycle, dispose.")
                .Check(Enum.IsDefined(line.Fault), $"lines[{i}].fault", "One of none, defect, misuse, transitDamage.")
                .Check(line.Quantity is null or (>= 1 and <= 10_000), $"lines[{i}].quantity", "Between 1 and 10000.")
                .Check(line.SerialNumber is null || line.Quantity is null or 1, $"lines[{i}].quantity", "A serial number belongs to one unit: give quantity 1, or leave it out.")
                .Check(line.Deduction >= 0m, $"lines[{i}].deduction", "Zero or more.")
                .Check((line.Photos?.Count ?? 0) <= ReturnPhotos.MaxPerLine, $"lines[{i}].photos", $"At most {ReturnPhotos.MaxPerLine}.")
                .Text(line.Notes, $"lines[{i}].notes", 2000, required: false)
                .Text(line.SkuSeen, $"lines[{i}].skuSeen", 100, required: false)
                .Text(line.SerialNumber, $"lines[{i}].serialNumber", 100, required: false)
                .Text(line.Location, $"lines[{i}].location", 32, required: false);
        }

        return v;
    }

    /// <summary>
    /// Turns the request into one graded unit per unit (a restock without a site goes to
    /// <paramref name="defaultLocation"/>, else the first warehouse), checks each against the order (authenticity, the deduction the
    /// law allows, a known site for a restock), applies it and restocks the restocked units through
    /// <see cref="StockLedger.Restock"/>. Nothing is saved here: the caller saves the case, the stock movements and
    /// their outbox messages in one transaction.
    /// </summary>
    public static async Task<Result> HandleAsync(ReturnCase returnCase, InspectUnitsRequest r, Actor actor, RetourDbContext db, ShopOptions shop, ReturnPhotos photos, DateTimeOffset now, string? defaultLocation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(photos);
        var order = await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct);
        var fallback = shop.FindLocation(defaultLocation)?.Code ?? shop.StockLocations.FirstOrDefault(l => l.Kind == LocationKind.Warehouse)?.Code ?? shop.StockLocations[0].Code;
        var errors = new List<DomainError>();
        var units = new List<(Guid, InspectedUnit)>();
        var requestIndex = new List<int>();
        for (var i = 0; i < r.Lines.Count; i++)
        {
            var line = r.Lines[i];
            if (line.Disposition == Disposition.Restock && line.Location is { } code && shop.FindLocation(code) is null)
            {
                errors.Add(new("stock.location.unknown", $"'{code}' is not one of the shop's locations ({string.Join(", ", shop.StockLocations.Select(l => l.Code))}).", $"lines[{i}].location"));
            }

            var photoIds = line.Photos ?? [];
            for (var p = 0; p < photoIds.Count; p++)
            {
                if (!photos.Exists(order.Id, photoIds[p]))
                {
                    errors.Add(new("inspection.photo.unknown", $"Photo '{photoIds[p]}' was not uploaded for this return's order.", $"lines[{i}].photos[{p}]"));
                }
            }

            // A serial number belongs to one unit; otherwise an omitted quantity means every unit still waiting.
            var count = line.Quantity ?? (!string.IsNullOrWhiteSpace(line.SerialNumber) ? 1 : (int?)null) ?? returnCase.Lines.FirstOrDefault(l => l.Id == line.LineId) switch
            {
                { } l => Math.Max(1, l.ReceivedQuantity - l.Units.Count),
                null => 1,
            };
            var unit = new InspectedUnit(line.Grade, line.Fault, line.Disposition, string.IsNullOrWhiteSpace(line.Notes) ? null : line.Notes.Trim(), now)
            {
                SkuSeen = line.SkuSeen,
                SerialNumber = line.SerialNumber,
                Photos = [.. photoIds],
                HandledBeyondNecessary = line.HandledBeyondNecessary,
                Deduction = line.Deduction,
                LocationCode = line.Disposition == Disposition.Restock ? shop.FindLocation(line.Location)?.Code ?? fallback : null,
            };
            for (var u = 0; u < count; u++)
            {
                units.Add((line.LineId, unit));
                requestIndex.Add(i);
            }
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        var result = returnCase.Inspect(actor, order, units, now);
        if (!result.IsSuccess)
        {
            // The case numbers units; the caller sent lines that may each stand for several units.
            return Result.Fail([.. result.Errors.Select(e => e with { Target = e.Target is null ? null : UnitTarget().Replace(e.Target, m => $"lines[{requestIndex[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture)}]") })]);
        }

        var restocks = units.Where(u => u.Item2.Disposition == Disposition.Restock)
            .GroupBy(u => (returnCase.Lines.First(l => l.Id == u.Item1).Sku, u.Item2.LocationCode!));
        foreach (var group in restocks)
        {
            var restocked = StockLedger.Restock(db, shop, group.Key.Sku, group.Key.Item2, group.Count(), returnCase.Number, actor, now);
            if (!restocked.IsSuccess)
            {
                return restocked;
            }
        }

        return result;
    }

    [GeneratedRegex(@"^lines\[(\d+)\]")]
    private static partial Regex UnitTarget();
}

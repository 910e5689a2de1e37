using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Inventory;

/// <summary>Stock of one SKU at one site.</summary>
public sealed record StockLevelResponse(string Sku, string Location, int OnHand, int Reserved, int Available, DateTimeOffset UpdatedAt);

/// <summary>A page of stock levels by SKU then site; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next (null on the last).</summary>
public sealed record StockLevelPage(IReadOnlyList<StockLevelResponse> Items, string? NextCursor);

/// <summary>One entry of the stock ledger.</summary>
public sealed record StockMovementResponse(Guid Id, string Sku, string Location, StockMovementKind Kind, int Quantity, int OnHandChange, int ReservedChange, string? ReturnNumber, ActorKind ActorKind, string Actor, DateTimeOffset At);

/// <summary>A page of a SKU's movements, newest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next (null on the last).</summary>
public sealed record StockMovementPage(IReadOnlyList<StockMovementResponse> Items, string? NextCursor);

/// <summary>Reads the stock ledger: levels per SKU and site, and a SKU's movements.</summary>
public static class ListStock
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Lists one page of levels, filtered by SKU prefix and site.</summary>
    public static async Task<IResult> LevelsAsync(string? sku, string? location, string? cursor, int? limit, RetourDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Check(limit is null or (>= 1 and <= 200), "limit", "Between 1 and 200.")
            .Check(cursor is null || DecodeLevel(cursor) is not null, "cursor", "Not a cursor this API returned.")
            .Text(sku, "sku", 100, required: false)
            .Text(location, "location", 32, required: false);
        return errors.IsEmpty ? Results.Ok(await LevelsPageAsync(db, sku, location, cursor, limit ?? DefaultLimit, ct)) : errors.ToProblem();
    }

    /// <summary>Whether <paramref name="cursor"/> is one the levels list gave out (or none).</summary>
    public static bool IsLevelCursor(string? cursor) => cursor is null || DecodeLevel(cursor) is not null;

    /// <summary>One page of levels ordered by SKU then site, after <paramref name="cursor"/>; <paramref name="sku"/> matches SKUs starting with it.</summary>
    public static async Task<StockLevelPage> LevelsPageAsync(RetourDbContext db, string? sku, string? location, string? cursor, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.StockLevels.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var prefix = sku.Trim();
            query = query.Where(l => l.Sku.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(location))
        {
            var code = location.Trim().ToUpperInvariant();
            query = query.Where(l => l.LocationCode == code);
        }

        if (cursor is not null && DecodeLevel(cursor) is { } after)
        {
            query = query.Where(l => l.Sku.CompareTo(after.Sku) > 0 || (l.Sku == after.Sku && l.LocationCode.CompareTo(after.Location) > 0));
        }

        var rows = await query.OrderBy(l => l.Sku).ThenBy(l => l.LocationCode).Take(size + 1)
            .Select(l => new StockLevelResponse(l.Sku, l.LocationCode, l.OnHand, l.Reserved, l.OnHand - l.Reserved, l.UpdatedAt))
            .ToListAsync(ct);
        var next = rows.Count > size ? EncodeLevel(rows[size - 1].Sku, rows[size - 1].Location) : null;
        return new StockLevelPage([.. rows.Take(size)], next);
    }

    /// <summary>Lists one page of a SKU's movements, newest first, optionally at one site.</summary>
    public static async Task<IResult> MovementsAsync(string sku, string? location, string? cursor, int? limit, RetourDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Check(limit is null or (>= 1 and <= 200), "limit", "Between 1 and 200.")
            .Check(cursor is null || DecodeMovement(cursor) is not null, "cursor", "Not a cursor this API returned.")
            .Text(location, "location", 32, required: false);
        return errors.IsEmpty ? Results.Ok(await MovementsPageAsync(db, sku, location, cursor, limit ?? DefaultLimit, ct)) : errors.ToProblem();
    }

    /// <summary>Whether <paramref name="cursor"/> is one the movements list gave out (or none).</summary>
    public static bool IsMovementCursor(string? cursor) => cursor is null || DecodeMovement(cursor) is not null;

    /// <summary>One page of a SKU's movements, newest first, after <paramref name="cursor"/>.</summary>
    public static async Task<StockMovementPage> MovementsPageAsync(RetourDbContext db, string sku, string? location, string? cursor, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.StockMovements.AsNoTracking().Where(m => m.Sku == sku);
        if (!string.IsNullOrWhiteSpace(location))
        {
            var code = location.Trim().ToUpperInvariant();
            query = query.Where(m => m.LocationCode == code);
        }

        if (cursor is not null && DecodeMovement(cursor) is { } after)
        {
            var id = Guid.Parse(after.Key);
            query = query.Where(m => m.At < after.At || (m.At == after.At && m.Id.CompareTo(id) < 0));
        }

        var rows = await query.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(size + 1)
            .Select(m => new StockMovementResponse(m.Id, m.Sku, m.LocationCode, m.Kind, m.Quantity, m.OnHandChange, m.ReservedChange, m.ReturnNumber, m.ActorKind, m.ActorName, m.At))
            .ToListAsync(ct);
        var next = rows.Count > size ? ListCursor.Encode(rows[size - 1].At, rows[size - 1].Id.ToString("N")) : null;
        return new StockMovementPage([.. rows.Take(size)], next);
    }

    private static (DateTimeOffset At, string Key)? DecodeMovement(string cursor) => ListCursor.Decode(cursor, k => Guid.TryParseExact(k, "N", out _));

    // Levels are listed by SKU and site rather than by time, so their cursor is the last row's key: SKU, a unit separator, site.
    private static string EncodeLevel(string sku, string location) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sku}\u001f{location}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Sku, string Location)? DecodeLevel(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('\u001f');
            return parts.Length == 2 && parts[0].Length is > 0 and <= 100 && parts[1].Length is > 0 and <= 32 ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

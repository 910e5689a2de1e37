using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>A return in a list.</summary>
public sealed record ReturnSummary(Guid Id, string Number, ReturnStatus Status, ReturnChannel Channel, Guid OrderId, string OrderNumber, string CustomerEmail, string Currency, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, int Units);

/// <summary>A page of returns, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record ReturnPage(IReadOnlyList<ReturnSummary> Items, string? NextCursor);

/// <summary>Which returns a list shows; every field set must match.</summary>
public sealed record ReturnFilter(
    IReadOnlyList<ReturnStatus>? Statuses = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Email = null,
    string? OrderNumber = null,
    string? Number = null,
    string? TrackingNumber = null);

/// <summary>Lists returns by status, request date, customer email or order number, with cursor pagination.</summary>
public static class ListReturns
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Lists one page.</summary>
    public static async Task<IResult> HandleAsync(
        string[]? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? email,
        string? orderNumber,
        string? cursor,
        int? limit,
        RetourDbContext db,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var errors = new FieldErrors()
            .Check(limit is null or (>= 1 and <= 200), "limit", "Between 1 and 200.")
            .Check(from is null || to is null || from <= to, "from", "Must not be after 'to'.");
        var statuses = new List<ReturnStatus>();
        foreach (var text in status ?? [])
        {
            var known = Enum.TryParse<ReturnStatus>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _);
            errors.Check(known, "status", $"Unknown status '{text}'; use one of {string.Join(", ", Enum.GetNames<ReturnStatus>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
            if (known)
            {
                statuses.Add(parsed);
            }
        }

        (DateTimeOffset At, string Number)? after = null;
        if (cursor is not null)
        {
            after = Decode(cursor);
            errors.Check(after is not null, "cursor", "Not a cursor this API returned.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return Results.Ok(await PageAsync(db, new ReturnFilter(statuses, from, to, email, orderNumber), after, limit ?? DefaultLimit, ct));
    }

    /// <summary>Whether <paramref name="cursor"/> is one this list gave out (null is the first page).</summary>
    public static bool IsCursor(string? cursor) => cursor is null || Decode(cursor) is not null;

    /// <summary>One page of the returns matching <paramref name="filter"/>, newest first, after a cursor this list gave out.</summary>
    public static Task<ReturnPage> PageAsync(RetourDbContext db, ReturnFilter filter, string? cursor, int size, CancellationToken ct) =>
        PageAsync(db, filter, cursor is null ? null : Decode(cursor), size, ct);

    private static async Task<ReturnPage> PageAsync(RetourDbContext db, ReturnFilter filter, (DateTimeOffset At, string Number)? after, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Returns.AsNoTracking().IgnoreAutoIncludes();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (filter.From is { } f)
        {
            query = query.Where(r => r.RequestedAt >= f);
        }

        if (filter.To is { } t)
        {
            query = query.Where(r => r.RequestedAt <= t);
        }

        if (!string.IsNullOrWhiteSpace(filter.Email))
        {
            var normalized = filter.Email.Trim().ToLowerInvariant();
            query = query.Where(r => r.CustomerEmail == normalized);
        }

        if (!string.IsNullOrWhiteSpace(filter.OrderNumber))
        {
            var order = filter.OrderNumber.Trim();
            query = query.Where(r => r.OrderNumber == order);
        }

        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var number = filter.Number.Trim().ToUpperInvariant();
            query = query.Where(r => r.Number == number);
        }

        if (!string.IsNullOrWhiteSpace(filter.TrackingNumber))
        {
            var tracking = filter.TrackingNumber.Trim();
            query = query.Where(r => r.TrackingNumber == tracking);
        }

        if (after is { } a)
        {
            query = query.Where(r => r.RequestedAt < a.At || (r.RequestedAt == a.At && r.Number.CompareTo(a.Number) < 0));
        }

        var rows = await query
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Number)
            .Take(size + 1)
            .Select(r => new ReturnSummary(r.Id, r.Number, r.Status, r.Channel, r.OrderId, r.OrderNumber, r.CustomerEmail, r.CurrencyCode, r.RequestedAt, r.UpdatedAt, r.Lines.Sum(l => l.Quantity)))
            .ToListAsync(ct);
        var next = rows.Count > size ? ListCursor.Encode(rows[size - 1].RequestedAt, rows[size - 1].Number) : null;
        return new ReturnPage(rows.Take(size).ToList(), next);
    }

    private static (DateTimeOffset, string)? Decode(string cursor) => ListCursor.Decode(cursor, ReturnNumber.IsWellFormed);
}

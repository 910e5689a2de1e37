using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>A return in a list.</summary>
public sealed record ReturnSummary(Guid Id, string Number, ReturnStatus Status, ReturnChannel Channel, Guid OrderId, string OrderNumber, string CustomerEmail, string Currency, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, int Units);

/// <summary>A page of returns, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record ReturnPage(IReadOnlyList<ReturnSummary> Items, string? NextCursor);

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

        var query = db.Returns.AsNoTracking().IgnoreAutoIncludes();
        if (statuses.Count > 0)
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (from is { } f)
        {
            query = query.Where(r => r.RequestedAt >= f);
        }

        if (to is { } t)
        {
            query = query.Where(r => r.RequestedAt <= t);
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalized = email.Trim().ToLowerInvariant();
            query = query.Where(r => r.CustomerEmail == normalized);
        }

        if (!string.IsNullOrWhiteSpace(orderNumber))
        {
            query = query.Where(r => r.OrderNumber == orderNumber.Trim());
        }

        if (after is { } a)
        {
            query = query.Where(r => r.RequestedAt < a.At || (r.RequestedAt == a.At && r.Number.CompareTo(a.Number) < 0));
        }

        var size = limit ?? DefaultLimit;
        var rows = await query
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Number)
            .Take(size + 1)
            .Select(r => new ReturnSummary(r.Id, r.Number, r.Status, r.Channel, r.OrderId, r.OrderNumber, r.CustomerEmail, r.CurrencyCode, r.RequestedAt, r.UpdatedAt, r.Lines.Sum(l => l.Quantity)))
            .ToListAsync(ct);
        var next = rows.Count > size ? Encode(rows[size - 1]) : null;
        return Results.Ok(new ReturnPage(rows.Take(size).ToList(), next));
    }

    private static string Encode(ReturnSummary last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.RequestedAt.UtcTicks}|{last.Number}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset, string)? Decode(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ReturnNumber.IsWellFormed(parts[1])
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

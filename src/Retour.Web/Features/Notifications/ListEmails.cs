using Microsoft.EntityFrameworkCore;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Notifications;

/// <summary>An email sent to a customer, in a list.</summary>
public sealed record SentEmailSummary(Guid Id, EmailKind Kind, Guid ReturnCaseId, string ReturnNumber, string To, string Subject, string Locale, string Transport, DateTimeOffset SentAt);

/// <summary>A page of sent emails, newest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next (null on the last).</summary>
public sealed record SentEmailPage(IReadOnlyList<SentEmailSummary> Items, string? NextCursor);

/// <summary>An email sent to a customer with its HTML body as sent.</summary>
public sealed record SentEmailResponse(Guid Id, EmailKind Kind, Guid ReturnCaseId, string ReturnNumber, string To, string Subject, string Locale, string Transport, DateTimeOffset SentAt, string Html);

/// <summary>Lists the emails sent to customers, optionally for one return, newest first with cursor pages.</summary>
public static class ListEmails
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Lists one page.</summary>
    public static async Task<IResult> HandleAsync(string? returnNumber, string? cursor, int? limit, RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var errors = new FieldErrors().Check(limit is null or (>= 1 and <= 200), "limit", "Between 1 and 200.");
        (DateTimeOffset At, string Key)? after = null;
        if (cursor is not null)
        {
            after = Decode(cursor);
            errors.Check(after is not null, "cursor", "Not a cursor this API returned.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return Results.Ok(await PageAsync(db, returnNumber, after, limit ?? DefaultLimit, ct));
    }

    /// <summary>Whether <paramref name="cursor"/> is one this list gave out.</summary>
    public static bool IsCursor(string? cursor) => cursor is null || Decode(cursor) is not null;

    /// <summary>One page, newest first, after <paramref name="cursor"/> (a cursor this list gave out, or null for the first page).</summary>
    public static Task<SentEmailPage> PageAsync(RetourDbContext db, string? returnNumber, string? cursor, int size, CancellationToken ct) =>
        PageAsync(db, returnNumber, cursor is null ? null : Decode(cursor), size, ct);

    private static async Task<SentEmailPage> PageAsync(RetourDbContext db, string? returnNumber, (DateTimeOffset At, string Key)? after, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.SentEmails.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(returnNumber))
        {
            var number = returnNumber.Trim().ToUpperInvariant();
            query = query.Where(e => e.ReturnNumber == number);
        }

        if (after is { } a)
        {
            query = query.Where(e => e.SentAt < a.At || (e.SentAt == a.At && e.MessageKey.CompareTo(a.Key) < 0));
        }

        var rows = await query
            .OrderByDescending(e => e.SentAt).ThenByDescending(e => e.MessageKey)
            .Take(size + 1)
            .Select(e => new { Summary = new SentEmailSummary(e.Id, e.Kind, e.ReturnCaseId, e.ReturnNumber, e.To, e.Subject, e.Locale, e.Transport, e.SentAt), e.MessageKey })
            .ToListAsync(ct);
        var next = rows.Count > size ? ListCursor.Encode(rows[size - 1].Summary.SentAt, rows[size - 1].MessageKey) : null;
        return new SentEmailPage(rows.Take(size).Select(r => r.Summary).ToList(), next);
    }

    /// <summary>One email: JSON with its HTML body, or the HTML document itself when the caller accepts text/html (or asks <c>?format=html</c>).</summary>
    public static async Task<IResult> GetAsync(Guid id, string? format, HttpContext http, RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(db);
        var e = await db.SentEmails.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null)
        {
            return Problems.NotFound("email", id);
        }

        var wantsHtml = string.Equals(format, "html", StringComparison.OrdinalIgnoreCase)
            || http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        return wantsHtml
            ? Results.Content(e.Html, "text/html; charset=utf-8")
            : Results.Ok(new SentEmailResponse(e.Id, e.Kind, e.ReturnCaseId, e.ReturnNumber, e.To, e.Subject, e.Locale, e.Transport, e.SentAt, e.Html));
    }

    private static (DateTimeOffset, string)? Decode(string cursor) => ListCursor.Decode(cursor, k => k.Length is > 0 and <= 100);
}

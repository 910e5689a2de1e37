using System.Security.Claims;
using System.Text.Json;
using CsvHelper;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>
/// The returns of a filter as CSV, for a spreadsheet or another system: the same query as the list, streamed row by
/// row from the database to the response (a million rows cost no more memory than ten), and every export audited.
/// </summary>
public static class ExportReturns
{
    /// <summary>The audit action of an export.</summary>
    public const string AuditAction = "returns.exported";

    /// <summary>The columns, in order.</summary>
    public static readonly string[] Header = ["number", "status", "channel", "order_number", "customer_email", "currency", "units", "requested_at", "updated_at"];

    // RFC 4180 with CsvHelper's guard against formula injection (OWASP): a text field starting with = + - @, tab or CR
    // gets a leading apostrophe, so a spreadsheet shows "=HYPERLINK(…)" from an order number as text and never runs it.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private const int RowsPerFlush = 500;

    /// <summary>
    /// Audits the export as <paramref name="user"/> (the filter's shape, never an email or order number), then writes
    /// the header and every matching return to <paramref name="response"/> as they are read.
    /// </summary>
    public static async Task WriteAsync(HttpResponse response, RetourDbContext db, ReturnFilter filter, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(user);

        // Written before the first row: an export the caller abandons half-way was still an export of personal data.
        db.AuditEntries.Add(AuditEntry.Of(now, StaffActions.AccountOf(user), Actors.Of(user).Name, AuditAction, null, filter.Describe()));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"returns-{now.UtcDateTime:yyyyMMdd-HHmmss}.csv\"";
        response.Headers.CacheControl = "no-store";
        await using var csv = CsvWriter.Create(response.Body, Options, leaveOpen: true);
        await csv.WriteRecordAsync(Header, ct);
        var rows = 0;
        await foreach (var r in ListReturns.StreamAsync(db, filter, ct))
        {
            csv.WriteField(r.Number);
            csv.WriteField(Camel(r.Status));
            csv.WriteField(Camel(r.Channel));
            csv.WriteField(r.OrderNumber);
            csv.WriteField(r.CustomerEmail);
            csv.WriteField(r.Currency);
            csv.WriteField(r.Units, default);
            csv.WriteField(r.RequestedAt.ToUniversalTime(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            csv.WriteField(r.UpdatedAt.ToUniversalTime(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            await csv.EndRecordAsync(ct);
            if (++rows % RowsPerFlush == 0)
            {
                // The first rows reach the caller at once instead of after the writer's buffer fills.
                await csv.FlushAsync(ct);
            }
        }

        await csv.FlushAsync(ct);
    }

    // The API's spelling of an enum value (inReview, prePrintedLabel).
    private static string Camel<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

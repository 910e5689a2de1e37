using System.Globalization;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>
/// What the returns workspace shows, from its query string: a queue or a search, narrowed by status, channel and
/// request dates (days in the merchant's time zone, both included), in an order, so many a page. The list page, its
/// bulk actions and its CSV export read the same one.
/// </summary>
public sealed class WorkspaceQuery
{
    /// <summary>The page sizes offered; the largest is also the most a bulk action takes.</summary>
    public static readonly int[] Sizes = [ListReturns.DefaultLimit, 100, ListReturns.MaxLimit];

    /// <summary>The queue's key (see <see cref="IndexModel.Queues"/>); ignored while searching.</summary>
    public string? Queue { get; set; }

    /// <summary>The search box: a return number, an order number, an email, a tracking number or a payment id.</summary>
    public string? Q { get; set; }

    /// <summary>One status, or none for any.</summary>
    public ReturnStatus? Status { get; set; }

    /// <summary>One channel, or none for any.</summary>
    public ReturnChannel? Channel { get; set; }

    /// <summary>Requested on or after this day.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Requested on or before this day.</summary>
    public DateOnly? To { get; set; }

    /// <summary><c>oldest</c> for first in, first out; anything else is newest first.</summary>
    public string? Sort { get; set; }

    /// <summary>Returns a page: one of <see cref="Sizes"/>.</summary>
    public int? Size { get; set; }

    /// <summary>The search, trimmed, or null.</summary>
    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    /// <summary>The queue shown, or null while searching.</summary>
    public ReturnTab? Tab => Search is null ? IndexModel.Queues.FirstOrDefault(x => x.Key == Queue) ?? IndexModel.Queues[0] : null;

    /// <summary>The order.</summary>
    public ReturnSort Order => string.Equals(Sort, "oldest", StringComparison.OrdinalIgnoreCase) ? ReturnSort.OldestFirst : ReturnSort.NewestFirst;

    /// <summary>The page size.</summary>
    public int PageSize => Size is { } s && Sizes.Contains(s) ? s : ListReturns.DefaultLimit;

    /// <summary>True when any filter beyond the queue or search is set.</summary>
    public bool IsNarrowed => Status is not null || Channel is not null || From is not null || To is not null;

    /// <summary>The same filters, order and size on another queue (the search cleared).</summary>
    public WorkspaceQuery OnQueue(string key) => new() { Queue = key, Status = Status, Channel = Channel, From = From, To = To, Sort = Sort, Size = Size };

    /// <summary>The query string (from '?') of this view, with a cursor when given.</summary>
    public string ToQueryString(string? cursor = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("queue", Search is null ? Tab!.Key : null);
        Add("q", Search);
        Add("status", Status?.ToString());
        Add("channel", Channel?.ToString());
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("sort", Order == ReturnSort.OldestFirst ? "oldest" : null);
        Add("size", PageSize == ListReturns.DefaultLimit ? null : PageSize.ToString(CultureInfo.InvariantCulture));
        Add("cursor", cursor);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>
    /// The list's filter as of <paramref name="now"/>. A search is read as the first of these that finds a return
    /// (with the other filters): a return number, an email, an order number, a tracking number, a payment id.
    /// </summary>
    public async Task<ReturnFilter> ToFilterAsync(RetourDbContext db, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(zone);
        var narrowed = new ReturnFilter(
            Statuses: Status is { } status ? [status] : null,
            Channels: Channel is { } channel ? [channel] : null,
            From: From is { } from ? StartOf(from, zone) : null,
            To: To is { } to ? StartOf(to.AddDays(1), zone).AddTicks(-1) : null,
            Queue: Tab?.Queue,
            AsOf: now,
            Sort: Order);
        if (Search is not { } q)
        {
            return narrowed;
        }

        if (ReturnNumber.IsWellFormed(q.ToUpperInvariant()))
        {
            return narrowed with { Number = q };
        }

        if (q.Contains('@', StringComparison.Ordinal))
        {
            return narrowed with { Email = q };
        }

        foreach (var candidate in new[] { narrowed with { OrderNumber = q }, narrowed with { TrackingNumber = q } })
        {
            if ((await ListReturns.PageAsync(db, candidate, null, 1, ct)).Items.Count > 0)
            {
                return candidate;
            }
        }

        return narrowed with { TransactionId = q };
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // In UTC: PostgreSQL's timestamptz takes no other offset.
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

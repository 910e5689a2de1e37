using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>A return in a list.</summary>
public sealed record ReturnSummary(Guid Id, string Number, ReturnStatus Status, ReturnChannel Channel, Guid OrderId, string OrderNumber, string CustomerEmail, string Currency, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, int Units);

/// <summary>A page of returns in the order asked for, and the cursor of the next page (null on the last).</summary>
public sealed record ReturnPage(IReadOnlyList<ReturnSummary> Items, string? NextCursor);

/// <summary>The order of a list of returns: by request time, the return number breaking ties.</summary>
public enum ReturnSort
{
    /// <summary>The latest requests first (the default).</summary>
    NewestFirst,

    /// <summary>The earliest requests first: first in, first out, for working a queue.</summary>
    OldestFirst,
}

/// <summary>Which returns a list shows, every field set must match, and in which order.</summary>
public sealed record ReturnFilter(
    IReadOnlyList<ReturnStatus>? Statuses = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Email = null,
    string? OrderNumber = null,
    string? Number = null,
    string? TrackingNumber = null,
    Worklist? Queue = null,
    string? TransactionId = null,
    DateTimeOffset? AsOf = null,
    IReadOnlyList<ReturnChannel>? Channels = null,
    ReturnSort Sort = ReturnSort.NewestFirst)
{
    /// <summary>
    /// What the filter selects, for an audit entry: the fields set and their values, except those that can name a
    /// customer (email, order, tracking, payment), which are named without their value.
    /// </summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Queue is { } q)
        {
            parts.Add($"queue={q}");
        }

        if (Statuses is { Count: > 0 })
        {
            parts.Add($"status={string.Join(',', Statuses)}");
        }

        if (Channels is { Count: > 0 })
        {
            parts.Add($"channel={string.Join(',', Channels)}");
        }

        if (From is { } f)
        {
            parts.Add($"from={f.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}");
        }

        if (To is { } t)
        {
            parts.Add($"to={t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}");
        }

        foreach (var (name, value) in new[] { ("email", Email), ("orderNumber", OrderNumber), ("number", Number), ("trackingNumber", TrackingNumber), ("transactionId", TransactionId) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name} given");
            }
        }

        parts.Add($"sort={Sort}");
        return string.Join("; ", parts);
    }
}

/// <summary>The query string of the returns list and of its CSV export (<c>GET /api/v1/returns</c>, <c>/export.csv</c>).</summary>
public sealed class ReturnQuery
{
    /// <summary>Statuses, any of which matches (repeatable).</summary>
    public string[]? Status { get; init; }

    /// <summary>Channels, any of which matches (repeatable): portal, agent, store, prePrintedLabel, unannounced, withdrawal, recall.</summary>
    public string[]? Channel { get; init; }

    /// <summary>Requested at or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Requested at or before.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The customer's email.</summary>
    public string? Email { get; init; }

    /// <summary>The order's number.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>A work queue.</summary>
    public string? Queue { get; init; }

    /// <summary>A payment's transaction id (the order's payment or a refund's reference).</summary>
    public string? TransactionId { get; init; }

    /// <summary><c>newest</c> (default) or <c>oldest</c> first.</summary>
    public string? Sort { get; init; }
}

/// <summary>
/// The back office's work queues. Most are states; some read more: whether every approved unit arrived, whether a
/// refund failed, and whether the legal refund deadline has passed.
/// </summary>
public enum Worklist
{
    /// <summary>Waiting for a person's decision.</summary>
    InReview,

    /// <summary>Asked for, not decided yet.</summary>
    Requested,

    /// <summary>Approved or labelled; the customer has not shipped yet.</summary>
    AwaitingShipment,

    /// <summary>The carrier has the parcel.</summary>
    InTransit,

    /// <summary>Some approved units arrived, more are expected.</summary>
    PartlyReceived,

    /// <summary>Every approved unit arrived; units wait to be graded.</summary>
    AwaitingInspection,

    /// <summary>Inspected; the settlement is not recorded or not yet confirmed.</summary>
    AwaitingRefund,

    /// <summary>A payment provider declined a refund; a person must act.</summary>
    RefundFailed,

    /// <summary>The customer's card refused money they owe (an exchange's difference, an instant exchange's hold); a person follows it up.</summary>
    ChargeFailed,

    /// <summary>
    /// Sent or received, not settled, and asked for longer ago than the refund deadline (<c>Returns:RefundWithinDays</c>,
    /// 14 days by CRD art. 13(1); the trader may wait for the goods or proof of sending — the carrier's first scan).
    /// </summary>
    Overdue,

    /// <summary>
    /// Waits for a person because of the parcel or an early refund: the carrier reported an exception or is returning
    /// the parcel to the customer, or inspection found less than was refunded in advance (decision 0020).
    /// </summary>
    Attention,

    /// <summary>Resolved or closed.</summary>
    Done,

    /// <summary>Rejected, cancelled or expired.</summary>
    Ended,
}

/// <summary>
/// The one list query of returns: filtered by status, channel, request date, customer email, order number, work queue
/// and payment, newest or oldest first, in cursor pages (the API, the back office) or streamed whole (the CSV export).
/// </summary>
public static class ListReturns
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page, and so the most returns a bulk action takes at once.</summary>
    public const int MaxLimit = 200;

    /// <summary>Rows read at a time by <see cref="StreamAsync"/>.</summary>
    public const int StreamBatch = 1000;

    private static readonly Expression<Func<ReturnCase, ReturnSummary>> Summary = r =>
        new ReturnSummary(r.Id, r.Number, r.Status, r.Channel, r.OrderId, r.OrderNumber, r.CustomerEmail, r.CurrencyCode, r.RequestedAt, r.UpdatedAt, r.Lines.Sum(l => l.Quantity));

    /// <summary>Lists one page.</summary>
    public static async Task<IResult> HandleAsync(ReturnQuery query, string? cursor, int? limit, RetourDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (filter, errors) = Parse(query, now);
        errors.Check(limit is null or (>= 1 and <= MaxLimit), "limit", $"Between 1 and {MaxLimit}.");
        (DateTimeOffset At, string Number)? after = null;
        if (cursor is not null)
        {
            after = Decode(cursor, filter.Sort);
            errors.Check(after is not null, "cursor", "Not a cursor this API returned for this sort.");
        }

        return errors.IsEmpty ? Results.Ok(await PageAsync(db, filter, after, limit ?? DefaultLimit, ct)) : errors.ToProblem();
    }

    /// <summary>Reads a query string into a filter as of <paramref name="now"/>, naming each field that does not parse.</summary>
    public static (ReturnFilter Filter, FieldErrors Errors) Parse(ReturnQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new FieldErrors()
            .Check(query.From is null || query.To is null || query.From <= query.To, "from", "Must not be after 'to'.");
        var statuses = ParseAll<ReturnStatus>(query.Status, "status", errors);
        var channels = ParseAll<ReturnChannel>(query.Channel, "channel", errors);
        var queue = query.Queue is null ? null : ParseAll<Worklist>([query.Queue], "queue", errors).Cast<Worklist?>().FirstOrDefault();
        var sort = query.Sort?.Trim().ToLowerInvariant() switch
        {
            null or "" or "newest" or "newestfirst" => ReturnSort.NewestFirst,
            "oldest" or "oldestfirst" => ReturnSort.OldestFirst,
            _ => (ReturnSort?)null,
        };
        errors.Check(sort is not null, "sort", "Use 'newest' or 'oldest'.");
        return (new ReturnFilter(statuses, query.From?.ToUniversalTime(), query.To?.ToUniversalTime(), query.Email, query.OrderNumber, Queue: queue, TransactionId: query.TransactionId, AsOf: now, Channels: channels, Sort: sort ?? ReturnSort.NewestFirst), errors);
    }

    /// <summary>The returns of one work queue at <paramref name="now"/>.</summary>
    public static IQueryable<ReturnCase> InQueue(IQueryable<ReturnCase> query, Worklist queue, DateTimeOffset now, int refundWithinDays = ReturnsOptions.RefundWithinDays)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dueBefore = now.AddDays(-refundWithinDays);
        return queue switch
        {
            Worklist.InReview => query.Where(r => r.Status == ReturnStatus.InReview),
            Worklist.Requested => query.Where(r => r.Status == ReturnStatus.Requested),
            Worklist.AwaitingShipment => query.Where(r => r.Status == ReturnStatus.Approved || r.Status == ReturnStatus.AwaitingShipment),
            Worklist.InTransit => query.Where(r => r.Status == ReturnStatus.InTransit),
            Worklist.PartlyReceived => query.Where(r => r.Status == ReturnStatus.Received && r.ExpectedUnits > 0),
            Worklist.AwaitingInspection => query.Where(r => r.Status == ReturnStatus.Received && r.ExpectedUnits == 0),
            Worklist.AwaitingRefund => query.Where(r => r.Status == ReturnStatus.Inspected && !r.Refunds.Any(f => f.Status == RefundStatus.Failed)),
            Worklist.RefundFailed => query.Where(r => r.Status == ReturnStatus.Inspected && r.Refunds.Any(f => f.Status == RefundStatus.Failed)),
            Worklist.ChargeFailed => query.Where(r => r.Charges.Any(c => c.Status == ChargeStatus.Failed && c.HandledAt == null)),
            Worklist.Overdue => query.Where(r => (r.Status == ReturnStatus.InTransit || r.Status == ReturnStatus.Received || r.Status == ReturnStatus.Inspected) && r.RequestedAt < dueBefore),
            Worklist.Attention => query.Where(r => r.Attention != null),
            Worklist.Done => query.Where(r => r.Status == ReturnStatus.Resolved || r.Status == ReturnStatus.Closed),
            _ => query.Where(r => r.Status == ReturnStatus.Rejected || r.Status == ReturnStatus.Cancelled || r.Status == ReturnStatus.Expired),
        };
    }

    /// <summary>
    /// How many returns a work queue holds at <paramref name="now"/>, counting no further than <paramref name="cap"/> + 1
    /// so that a queue that has grown huge costs no more to show than a busy one (see docs/decisions/0010).
    /// </summary>
    public static Task<int> CountAsync(RetourDbContext db, Worklist queue, DateTimeOffset now, int cap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return InQueue(db.Returns.AsNoTracking().IgnoreAutoIncludes(), queue, now).Take(cap + 1).CountAsync(ct);
    }

    /// <summary>Whether <paramref name="cursor"/> is one this list gave out in that order (null is the first page).</summary>
    public static bool IsCursor(string? cursor, ReturnSort sort = ReturnSort.NewestFirst) => cursor is null || Decode(cursor, sort) is not null;

    /// <summary>One page of the returns matching <paramref name="filter"/>, in its order, after a cursor this list gave out.</summary>
    public static Task<ReturnPage> PageAsync(RetourDbContext db, ReturnFilter filter, string? cursor, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return PageAsync(db, filter, cursor is null ? null : Decode(cursor, filter.Sort), size, ct);
    }

    /// <summary>
    /// Every return matching <paramref name="filter"/>, in its order, read from the database as it is consumed, for
    /// exports of any size: keyset pages of <see cref="StreamBatch"/> rows, each an index range like a list page. One
    /// unbounded query would let PostgreSQL plan for the whole table (a scan and a sort of a million rows before the
    /// first byte) and hold one snapshot open for minutes.
    /// </summary>
    public static async IAsyncEnumerable<ReturnSummary> StreamAsync(RetourDbContext db, ReturnFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        (DateTimeOffset At, string Number)? after = null;
        while (true)
        {
            var page = await PageAsync(db, filter, after, StreamBatch, ct);
            foreach (var row in page.Items)
            {
                yield return row;
            }

            if (page.NextCursor is null)
            {
                yield break;
            }

            var last = page.Items[^1];
            after = (last.RequestedAt, last.Number);
        }
    }

    private static async Task<ReturnPage> PageAsync(RetourDbContext db, ReturnFilter filter, (DateTimeOffset At, string Number)? after, int size, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = Filtered(db, filter);
        var oldestFirst = filter.Sort == ReturnSort.OldestFirst;
        if (after is { } a)
        {
            // The first comparison alone is what an index on (…, RequestedAt, Number) can seek to; the second breaks ties.
            query = oldestFirst
                ? query.Where(r => r.RequestedAt >= a.At && (r.RequestedAt > a.At || (r.RequestedAt == a.At && r.Number.CompareTo(a.Number) > 0)))
                : query.Where(r => r.RequestedAt <= a.At && (r.RequestedAt < a.At || (r.RequestedAt == a.At && r.Number.CompareTo(a.Number) < 0)));
        }

        var rows = await Ordered(query, filter.Sort).Take(size + 1).Select(Summary).ToListAsync(ct);
        var next = rows.Count > size ? ListCursor.Encode(rows[size - 1].RequestedAt, rows[size - 1].Number, oldestFirst) : null;
        return new ReturnPage(rows.Take(size).ToList(), next);
    }

    private static IQueryable<ReturnCase> Ordered(IQueryable<ReturnCase> query, ReturnSort sort) =>
        sort == ReturnSort.OldestFirst
            ? query.OrderBy(r => r.RequestedAt).ThenBy(r => r.Number)
            : query.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Number);

    private static IQueryable<ReturnCase> Filtered(RetourDbContext db, ReturnFilter filter)
    {
        var query = db.Returns.AsNoTracking().IgnoreAutoIncludes();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (filter.Channels is { Count: > 0 } channels)
        {
            query = query.Where(r => channels.Contains(r.Channel));
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

        if (!string.IsNullOrWhiteSpace(filter.TransactionId))
        {
            // The payment that bought the order (a receipt-less return at a counter) or a refund's own reference.
            var transaction = filter.TransactionId.Trim();
            // A union of the two ways rather than an OR, which no index serves: each side seeks its own index.
            var orders = db.Orders.IgnoreAutoIncludes().Where(o => o.Tenders.Any(t => t.TransactionId == transaction)).Select(o => o.Id);
            var matching = db.Returns.IgnoreAutoIncludes().Where(r => orders.Contains(r.OrderId)).Select(r => r.Id)
                .Union(db.Returns.IgnoreAutoIncludes().Where(r => r.Refunds.Any(f => f.ProviderReference == transaction)).Select(r => r.Id));
            query = query.Where(r => matching.Contains(r.Id));
        }

        if (filter.Queue is { } queue)
        {
            query = InQueue(query, queue, filter.AsOf ?? throw new ArgumentException("A queue is read as of a moment; set AsOf.", nameof(filter)));
        }

        return query;
    }

    private static List<T> ParseAll<T>(string[]? texts, string field, FieldErrors errors)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        foreach (var text in texts ?? [])
        {
            var known = Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
            errors.Check(known, field, $"Unknown {field} '{text}'; use one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
            if (known)
            {
                parsed.Add(value);
            }
        }

        return parsed;
    }

    private static (DateTimeOffset, string)? Decode(string cursor, ReturnSort sort) => ListCursor.Decode(cursor, ReturnNumber.IsWellFormed, sort == ReturnSort.OldestFirst);
}

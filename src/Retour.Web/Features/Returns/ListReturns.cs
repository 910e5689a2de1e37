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
    string? TrackingNumber = null,
    Worklist? Queue = null,
    string? TransactionId = null,
    DateTimeOffset? AsOf = null);

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

    /// <summary>
    /// Sent or received, not settled, and asked for longer ago than the refund deadline (<c>Returns:RefundWithinDays</c>,
    /// 14 days by CRD art. 13(1); the trader may wait for the goods or proof of sending — the carrier's first scan).
    /// </summary>
    Overdue,

    /// <summary>Resolved or closed.</summary>
    Done,

    /// <summary>Rejected, cancelled or expired.</summary>
    Ended,
}

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
        CancellationToken ct,
        string? queue = null,
        string? transactionId = null,
        DateTimeOffset? now = null)
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

        Worklist? inQueue = null;
        if (queue is not null)
        {
            var known = Enum.TryParse<Worklist>(queue, ignoreCase: true, out var parsedQueue) && Enum.IsDefined(parsedQueue) && !int.TryParse(queue, out _);
            errors.Check(known, "queue", $"Unknown queue '{queue}'; use one of {string.Join(", ", Enum.GetNames<Worklist>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.");
            inQueue = known ? parsedQueue : null;
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

        return Results.Ok(await PageAsync(db, new ReturnFilter(statuses, from, to, email, orderNumber, Queue: inQueue, TransactionId: transactionId, AsOf: now), after, limit ?? DefaultLimit, ct));
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
            Worklist.PartlyReceived => query.Where(r => r.Status == ReturnStatus.Received && r.Lines.Any(l => l.ReceivedQuantity < l.ApprovedQuantity)),
            Worklist.AwaitingInspection => query.Where(r => r.Status == ReturnStatus.Received && !r.Lines.Any(l => l.ReceivedQuantity < l.ApprovedQuantity)),
            Worklist.AwaitingRefund => query.Where(r => r.Status == ReturnStatus.Inspected && !r.Refunds.Any(f => f.Status == RefundStatus.Failed)),
            Worklist.RefundFailed => query.Where(r => r.Status == ReturnStatus.Inspected && r.Refunds.Any(f => f.Status == RefundStatus.Failed)),
            Worklist.Overdue => query.Where(r => (r.Status == ReturnStatus.InTransit || r.Status == ReturnStatus.Received || r.Status == ReturnStatus.Inspected) && r.RequestedAt < dueBefore),
            Worklist.Done => query.Where(r => r.Status == ReturnStatus.Resolved || r.Status == ReturnStatus.Closed),
            _ => query.Where(r => r.Status == ReturnStatus.Rejected || r.Status == ReturnStatus.Cancelled || r.Status == ReturnStatus.Expired),
        };
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

        if (!string.IsNullOrWhiteSpace(filter.TransactionId))
        {
            // The payment that bought the order (a receipt-less return at a counter) or a refund's own reference.
            var transaction = filter.TransactionId.Trim();
            var orders = db.Orders.IgnoreAutoIncludes().Where(o => o.Tenders.Any(t => t.TransactionId == transaction)).Select(o => o.Id);
            query = query.Where(r => orders.Contains(r.OrderId) || r.Refunds.Any(f => f.ProviderReference == transaction));
        }

        if (filter.Queue is { } queue)
        {
            query = InQueue(query, queue, filter.AsOf ?? throw new ArgumentException("A queue is read as of a moment; set AsOf.", nameof(filter)));
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

using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Receiving;

/// <summary>What a scanned code was found to be.</summary>
public enum ScanMatch
{
    /// <summary>A return: its label's QR code, its number or its parcel's tracking number.</summary>
    Return,

    /// <summary>The pre-printed label of an order (<see cref="ReceivingOptions.PrePrintedPrefix"/> and the order number).</summary>
    PrePrintedLabel,

    /// <summary>Nothing: an unannounced parcel, to match to its order.</summary>
    None,
}

/// <summary>A code typed by a scanner (or a person) at receiving.</summary>
public sealed record ScanRequest(string Code);

/// <summary>An order line and how many of its units may still come back (bought, less what other returns hold).</summary>
public sealed record ReturnableLine(Guid OrderLineId, string Sku, string Title, int Quantity, int Returnable);

/// <summary>An order a parcel can be registered against, with what may come back.</summary>
public sealed record ArrivalOrder(Guid Id, string Number, DateTimeOffset PlacedAt, IReadOnlyList<ReturnableLine> Lines);

/// <summary>
/// The answer to a scan: the match; for a return, the return and whether a parcel can be received for it now; for a
/// pre-printed label, the order and its returnable lines.
/// </summary>
public sealed record ScanResponse(string Code, ScanMatch Match, bool CanReceive, ReturnResponse? Return, ArrivalOrder? Order);

/// <summary>
/// Resolves a scanned code. One field takes what a parcel carries: the QR code of Retour's label (the return number,
/// or a link ending with it), a return number typed in any case with or without <c>R-</c>, a carrier's tracking
/// number, or the code of a pre-printed label.
/// </summary>
public static class ResolveScan
{
    /// <summary>States in which a parcel is expected (or more of it).</summary>
    public static readonly IReadOnlyList<ReturnStatus> Receivable = [ReturnStatus.Approved, ReturnStatus.AwaitingShipment, ReturnStatus.InTransit, ReturnStatus.Received];

    /// <summary>A code is required and at most 200 characters.</summary>
    public static FieldErrors Validate(ScanRequest r) => new FieldErrors().Text(r?.Code, "code", 200);

    /// <summary>The answer for the API.</summary>
    public static async Task<IResult> HandleAsync(ScanRequest r, RetourDbContext db, ReceivingOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        var (match, found, order) = await ResolveAsync(r.Code, db, options, ct);
        return Results.Ok(new ScanResponse(
            r.Code.Trim(),
            match,
            found is not null && Receivable.Contains(found.Status),
            found is null ? null : ReturnResponse.From(found),
            order is null ? null : await ArrivalOrderAsync(db, order, ct)));
    }

    /// <summary>The return or pre-printed order the code names, or neither.</summary>
    public static async Task<(ScanMatch Match, ReturnCase? Return, Order? Order)> ResolveAsync(string code, RetourDbContext db, ReceivingOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var text = (code ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return (ScanMatch.None, null, null);
        }

        if (options.OrderNumberOf(text) is { } orderNumber)
        {
            var upper = orderNumber.ToUpperInvariant();
            var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == orderNumber, ct)
                ?? await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == upper, ct);
            return order is null ? (ScanMatch.None, null, null) : (ScanMatch.PrePrintedLabel, null, order);
        }

        if (ReturnNumberIn(text) is { } number && await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct) is { } byNumber)
        {
            return (ScanMatch.Return, byNumber, null);
        }

        // A tracking number is the carrier's; the newest return travelling with it is the parcel in hand.
        var tracking = text.ToUpperInvariant();
        var byTracking = await db.Returns.AsNoTracking()
            .Where(r => r.TrackingNumber == text || r.TrackingNumber == tracking)
            .OrderByDescending(r => r.RequestedAt)
            .FirstOrDefaultAsync(ct);
        return byTracking is null ? (ScanMatch.None, null, null) : (ScanMatch.Return, byTracking, null);
    }

    /// <summary>The order with every line and how many units of it may still come back.</summary>
    public static async Task<ArrivalOrder> ArrivalOrderAsync(RetourDbContext db, Order order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
        return new ArrivalOrder(
            order.Id,
            order.Number,
            order.PlacedAt,
            [.. order.Lines.Select(l => new ReturnableLine(l.Id, l.Sku, l.Title, l.Quantity, Math.Max(0, l.Quantity - claimed.GetValueOrDefault(l.Id))))]);
    }

    /// <summary>
    /// Orders an unannounced parcel may belong to: by order number, or every order of a customer's email, newest
    /// first (at most 20).
    /// </summary>
    public static async Task<IReadOnlyList<Order>> FindOrdersAsync(string query, RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var text = (query ?? string.Empty).Trim();
        if (text.Length is 0 or > 320)
        {
            return [];
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            var email = text.ToLowerInvariant();
            return await db.Orders.AsNoTracking().Where(o => o.Customer.Email == email).OrderByDescending(o => o.PlacedAt).Take(20).ToListAsync(ct);
        }

        var upper = text.ToUpperInvariant();
        return await db.Orders.AsNoTracking().Where(o => o.Number == text || o.Number == upper).Take(20).ToListAsync(ct);
    }

    // The label's QR code holds the return number; a scanner may also read a link that ends with it, and people type
    // it without the prefix or in lower case.
    private static string? ReturnNumberIn(string text)
    {
        var last = text.TrimEnd('/').Split('/', '=')[^1];
        var compact = string.Concat(last.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var number = compact.StartsWith("R-", StringComparison.Ordinal) ? compact : compact.Length == 6 ? "R-" + compact : compact;
        return ReturnNumber.IsWellFormed(number) ? number : null;
    }
}

using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Receiving;

/// <summary>
/// A parcel that is already here, to open a return for: the order lines in it and how many; for an unannounced one
/// <paramref name="OrderId"/>, the order it was matched to; for one sent with a pre-printed label
/// <paramref name="LabelCode"/>, as scanned; items in it that are not from the order; the site where it was opened.
/// </summary>
public sealed record RegisterArrivalRequest(
    IReadOnlyList<ArrivedLine> Lines,
    Guid? OrderId = null,
    string? LabelCode = null,
    IReadOnlyList<UnexpectedItemRequest>? Unexpected = null,
    string? Location = null);

/// <summary>Units of an order line found in the parcel; the reason is the policy's code, <c>Receiving:ArrivalReason</c> when none is known.</summary>
public sealed record ArrivedLine(Guid OrderLineId, int Quantity, string? ReasonCode = null);

/// <summary>
/// Opens a return for a parcel in hand, approved and received in one transaction. The policy decides each line and
/// its decision is kept; a line it does not find eligible is received all the same and flagged for review.
/// </summary>
public static class RegisterArrival
{
    private const int Attempts = 4;

    /// <summary>
    /// An unannounced parcel names its order by id; a pre-printed one by its label's code. At least one line with at
    /// least one unit; unexpected items as for a counted parcel; the site must exist.
    /// </summary>
    public static FieldErrors Validate(RegisterArrivalRequest r, ReturnChannel channel, ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(shop);
        var v = channel == ReturnChannel.PrePrintedLabel
            ? new FieldErrors().Text(r.LabelCode, "labelCode", 200)
            : new FieldErrors().Check(r.OrderId is { } id && id != Guid.Empty, "orderId", "Required: the order the parcel was matched to.");
        v.Check(r.Lines is { Count: > 0 and <= 100 }, "lines", "Between 1 and 100 lines.");
        var lines = r.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].OrderLineId != Guid.Empty, $"lines[{i}].orderLineId", "Required.")
                .Check(lines[i].Quantity is >= 1 and <= ReceiveParcel.MaxUnits, $"lines[{i}].quantity", $"Between 1 and {ReceiveParcel.MaxUnits}.")
                .Text(lines[i].ReasonCode, $"lines[{i}].reasonCode", 64, required: false);
        }

        return ReceiveParcel.Unexpected(v, r.Unexpected)
            .Check(r.Location is null || shop.FindLocation(r.Location) is not null, "location", "Not one of the shop's sites (Shop:Locations).");
    }

    /// <summary>The return this caller already opened with this key, if any.</summary>
    public static async Task<ReturnCase?> AlreadyOpenedAsync(RetourDbContext db, Actor actor, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var creationKey = CreationKey(actor, idempotencyKey);
        return creationKey is null ? null : await db.Returns.AsNoTracking().FirstOrDefaultAsync(c => c.CreationKey == creationKey, ct);
    }

    /// <summary>
    /// Opens the return (or finds the one this key already opened). <paramref name="beforeSave"/> runs in the same unit
    /// of work just before it is saved (the back office adds its audit entry there). 404 when the order (or the
    /// label's order) is unknown.
    /// </summary>
    public static async Task<Outcome<ReturnCase>> OpenAsync(
        RegisterArrivalRequest r,
        ReturnChannel channel,
        Actor actor,
        string? idempotencyKey,
        RetourDbContext db,
        PolicyBook book,
        ReceivingOptions options,
        TimeProvider clock,
        Action<ReturnCase>? beforeSave,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var creationKey = CreationKey(actor, idempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            if (await AlreadyOpenedAsync(db, actor, idempotencyKey, ct) is { } opened)
            {
                return Outcome.Ok(opened);
            }

            var order = channel == ReturnChannel.PrePrintedLabel
                ? await ResolveScan.ResolveAsync(r.LabelCode ?? string.Empty, db, options, ct) is (ScanMatch.PrePrintedLabel, _, { } labelled)
                    ? await db.Orders.FirstOrDefaultAsync(o => o.Id == labelled.Id, ct)
                    : null
                : await db.Orders.FirstOrDefaultAsync(o => o.Id == r.OrderId, ct);
            if (order is null)
            {
                return Outcome.Missing<ReturnCase>();
            }

            var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
            var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
            var history = await CustomerHistories.OfAsync(db, order.Customer.Email, ct);
            var now = clock.GetUtcNow();
            var lines = r.Lines.Select(l => RequestReturn.ToRequested(l.OrderLineId, l.Quantity, string.IsNullOrWhiteSpace(l.ReasonCode) ? options.ArrivalReason : l.ReasonCode, Resolution.Refund, null, false, null)).ToList();
            var (returnCase, result) = ReturnCase.RegisterArrival(order, lines, ReceiveParcel.ToDomain(r.Unexpected), claimed, policy, channel, actor, ReturnNumber.Create(), creationKey, r.Location?.Trim().ToUpperInvariant(), now, history);
            if (!result.IsSuccess)
            {
                return Outcome.Refused<ReturnCase>(result);
            }

            order.Touch(now);
            db.Returns.Add(returnCase!);
            beforeSave?.Invoke(returnCase!);
            try
            {
                await db.SaveChangesAsync(ct);
                return Outcome.Ok(returnCase!);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent return on the same order, a reused number or a racing retry: read again and re-check.
                db.ChangeTracker.Clear();
            }
        }
    }

    // Keys are the caller's own: two callers sending the same key open two returns.
    private static string? CreationKey(Actor actor, string? idempotencyKey) => idempotencyKey is null ? null : $"{actor.Name}:{idempotencyKey}";
}

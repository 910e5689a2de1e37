using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Domain.Returns;
using Retour.Web.Persistence;
using Retour.Web.Workers;

namespace Retour.Web.Features.Exchanges;

/// <summary>
/// Units held for exchanges and replacements (<see cref="ExchangeReservation"/>, one per return line): held when the
/// return is approved, tried again at settlement, given back when the return lapses, and handed over to the shop's
/// replacement order when it reports it. Every step only changes tracked entities; the caller's save commits them
/// with its own changes, and a variant's held count is a concurrency token, so two returns never take the last unit.
/// </summary>
public static class ExchangeStock
{
    /// <summary>
    /// The SKU a line sends if it is settled the way the customer asked (or the way staff settle every line,
    /// <paramref name="forAll"/>), or null when it sends nothing.
    /// </summary>
    public static string? SkuToSend(ReturnLine line, Resolution? forAll = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.ApprovedQuantity < 1 ? null : (forAll ?? line.RequestedResolution) switch
        {
            Resolution.Exchange => line.ExchangeSku,
            Resolution.Replacement => line.Sku,
            _ => null,
        };
    }

    /// <summary>Holds units for every approved line of <paramref name="returnCase"/> that sends an item and holds none yet.</summary>
    public static async Task HoldAsync(RetourDbContext db, ReturnCase returnCase, DateTimeOffset at, CancellationToken ct, Resolution? forAll = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(returnCase);
        var wanted = returnCase.Lines.Select(l => (Line: l, Sku: SkuToSend(l, forAll))).Where(x => x.Sku is not null).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var lineIds = wanted.Select(x => x.Line.Id).ToList();
        var existing = await db.ExchangeReservations.Where(r => lineIds.Contains(r.ReturnLineId)).ToListAsync(ct);
        foreach (var (line, sku) in wanted)
        {
            var variant = await VariantAsync(db, sku!, returnCase.CurrencyCode, ct);
            if (existing.Find(r => r.ReturnLineId == line.Id) is { } reservation)
            {
                // A line holds one item: one held for another SKU (an exchange staff now settle as a replacement) is
                // left as it is, and the line counts as not available.
                if (reservation.Sku == sku)
                {
                    reservation.Retry(variant);
                }

                continue;
            }

            db.ExchangeReservations.Add(ExchangeReservation.Hold(returnCase.Id, line.Id, variant, sku!, returnCase.CurrencyCode, line.ApprovedQuantity, at));
        }
    }

    /// <summary>
    /// Makes sure the approved lines of return <paramref name="caseId"/> that send an item have their hold, in a unit of
    /// work of its own on <paramref name="db"/> (a fresh context): the approval's outbox delivery and a settlement may
    /// both get there first, and whichever saves second reads the other's hold and keeps it.
    /// </summary>
    public static async Task HoldOnceAsync(RetourDbContext db, Guid caseId, TimeProvider clock, CancellationToken ct, Resolution? forAll = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Returns.FirstOrDefaultAsync(r => r.Id == caseId, ct) is not { } returnCase
                || returnCase.Status is ReturnStatus.Cancelled or ReturnStatus.Expired or ReturnStatus.Rejected or ReturnStatus.Resolved or ReturnStatus.Closed)
            {
                return;
            }

            await HoldAsync(db, returnCase, clock.GetUtcNow(), ct, forAll);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another delivery made the hold, or another return took units of the same variant meanwhile: read again.
            }
        }
    }

    /// <summary>
    /// At settlement, after <see cref="HoldOnceAsync"/>: tries again the holds that found no stock, and gives the lines
    /// whose item is not held, which the settlement turns into store credit (exchange) or a refund (replacement).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> UnavailableAsync(RetourDbContext db, ReturnCase returnCase, CancellationToken ct, Resolution? forAll = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(returnCase);
        var reservations = await db.ExchangeReservations.Where(r => r.ReturnCaseId == returnCase.Id).ToListAsync(ct);
        foreach (var reservation in reservations.Where(r => r.Status == ReservationStatus.Unavailable))
        {
            reservation.Retry(await VariantAsync(db, reservation.Sku, reservation.Currency, ct));
        }

        return returnCase.Lines
            .Where(l => SkuToSend(l, forAll) is { } sku && !reservations.Exists(r => r.ReturnLineId == l.Id && r.Sku == sku && r.Status == ReservationStatus.Reserved))
            .Select(l => l.Id)
            .ToHashSet();
    }

    /// <summary>Gives back the units of every reservation of a return (it lapsed, or settled without sending them).</summary>
    public static async Task ReleaseAsync(RetourDbContext db, Guid returnCaseId, DateTimeOffset at, CancellationToken ct, Guid? onlyLine = null, bool fulfilled = false, IReadOnlySet<Guid>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reservations = await db.ExchangeReservations
            .Where(r => r.ReturnCaseId == returnCaseId && (onlyLine == null || r.ReturnLineId == onlyLine))
            .Where(r => r.Status == ReservationStatus.Reserved || r.Status == ReservationStatus.Unavailable)
            .ToListAsync(ct);
        foreach (var reservation in reservations.Where(r => keep?.Contains(r.ReturnLineId) != true))
        {
            reservation.Close(await VariantAsync(db, reservation.Sku, reservation.Currency, ct), fulfilled, at);
        }
    }

    private static Task<CatalogVariant?> VariantAsync(RetourDbContext db, string sku, string currency, CancellationToken ct) =>
        db.CatalogVariants.FirstOrDefaultAsync(v => v.Sku == sku && v.Currency == currency, ct);
}

/// <summary>
/// Holds the items of exchanges and replacements when a return is approved (<c>ReturnApproved</c>), and gives them
/// back when it lapses (<c>ReturnCancelled</c>, <c>ReturnExpired</c>) — except an instant exchange's, whose item goes to
/// the customer anyway (its hold is taken). After the approval's holds, it starts the instant exchanges asked for.
/// Idempotent: one reservation per line.
/// </summary>
public sealed class ExchangeStockHandler(RetourDbContext db, TimeProvider clock, InstantExchanges instant, string eventType) : IOutboxHandler
{
    /// <summary>The events handled.</summary>
    public static readonly IReadOnlyList<string> Events = [nameof(ReturnApproved), nameof(ReturnCancelled), nameof(ReturnExpired)];

    /// <inheritdoc />
    public string EventType => eventType;

    /// <inheritdoc />
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var payload = JsonDocument.Parse(message.Payload);
        var caseId = payload.RootElement.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(nameof(ReturnEvent.ReturnCaseId))).GetGuid();
        if (eventType == nameof(ReturnApproved))
        {
            // Most approved returns send nothing back (refunds, store credit): one small query instead of reading the
            // whole return twice, once to hold and once to start instant exchanges.
            if (await SendsAnItemAsync(caseId, ct))
            {
                await ExchangeStock.HoldOnceAsync(db, caseId, clock, ct);
                await instant.StartAsync(caseId, ct);
            }

            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var sending = await db.Returns.AsNoTracking().Where(r => r.Id == caseId)
                .SelectMany(r => r.Settlements.Where(s => s.Instant && (s.Status == SettlementStatus.AwaitingFulfilment || s.Status == SettlementStatus.Fulfilled || s.Status == SettlementStatus.Delivered)).Select(s => s.ReturnLineId))
                .ToListAsync(ct);
            await ExchangeStock.ReleaseAsync(db, caseId, clock.GetUtcNow(), ct, keep: sending.Where(id => id is not null).Select(id => id!.Value).ToHashSet());
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another return took or gave units of the same variant meanwhile: read again.
            }
        }
    }

    // Whether an approved line asks for an item (an exchange, a replacement or an instant exchange): what
    // ExchangeStock.SkuToSend and InstantExchanges.StartAsync act on.
    private Task<bool> SendsAnItemAsync(Guid caseId, CancellationToken ct) =>
        db.Returns.AsNoTracking().Where(r => r.Id == caseId)
            .SelectMany(r => r.Lines)
            .AnyAsync(l => (l.ApprovedQuantity > 0 && (l.RequestedResolution == Resolution.Exchange || l.RequestedResolution == Resolution.Replacement)) || l.InstantExchange, ct);
}

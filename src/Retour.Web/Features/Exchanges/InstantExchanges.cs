using Microsoft.EntityFrameworkCore;
using Retour.Domain.Inventory;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Refunds;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Exchanges;

/// <summary>
/// Instant exchanges: when a return whose customer asked to get the new item at once is approved and the item is
/// held in stock, the replacement's value is held on the customer's card and the shop is told to ship it (see
/// <see cref="ReturnCase.StartInstantExchanges"/>). Offered when the policy in force sets
/// <c>resolutions.instantExchangeDays</c> and the order was paid through a provider that can hold a card.
/// </summary>
public sealed class InstantExchanges(RetourDbContext db, PolicyBook book, IEnumerable<IChargeProvider> providers, TimeProvider clock)
{
    /// <summary>The order's payment whose card can be charged again: the first, by capture, whose provider can charge.</summary>
    public static Tender? ChargeableTender(Order order, IEnumerable<IChargeProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(providers);
        var names = providers.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return order.Tenders
            .Where(t => t.Method == TenderMethod.Card && names.Contains(t.Provider))
            .OrderBy(t => t.CapturedAt ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();
    }

    /// <summary>The hold period the policy in force at <paramref name="at"/> offers, or null when it offers none.</summary>
    public async Task<int?> DaysAsync(DateTimeOffset at, CancellationToken ct) =>
        (await book.InForceAtAsync(db, at, ct)).Policy.Resolutions.InstantExchangeDays;

    /// <summary>Whether the customer may ask for an instant exchange on this order now.</summary>
    public async Task<bool> OfferedAsync(Order order, CancellationToken ct) =>
        await DaysAsync(clock.GetUtcNow(), ct) is not null && ChargeableTender(order, providers) is not null;

    /// <summary>
    /// Starts the instant exchanges of return <paramref name="caseId"/> whose item is held (after the approval's stock
    /// holds), in a unit of work of its own; does nothing when none was asked for or they already started.
    /// </summary>
    public async Task StartAsync(Guid caseId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Returns.FirstOrDefaultAsync(r => r.Id == caseId, ct) is not { } returnCase
                || returnCase.Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment)
                || !returnCase.Lines.Any(l => l.InstantExchange && !returnCase.Settlements.Any(s => s.ReturnLineId == l.Id)))
            {
                return;
            }

            var order = await db.Orders.FirstAsync(o => o.Id == returnCase.OrderId, ct);

            // The hold period the customer was shown: the policy in force when they asked.
            if (await DaysAsync(returnCase.RequestedAt, ct) is not { } days || ChargeableTender(order, providers) is not { } tender)
            {
                return;
            }

            var lineIds = returnCase.Lines.Select(l => l.Id).ToList();
            var held = await db.ExchangeReservations
                .Where(r => r.ReturnCaseId == caseId && r.Status == ReservationStatus.Reserved)
                .Select(r => r.ReturnLineId)
                .ToListAsync(ct);
            var started = returnCase.StartInstantExchanges(order, tender, days, held.ToHashSet(), clock.GetUtcNow());
            if (!started.IsSuccess)
            {
                return;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The return changed meanwhile (a label, a carrier scan): read it again.
            }
        }
    }
}

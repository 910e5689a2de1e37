using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Store;

/// <summary>An online order's items taken back at a store's counter.</summary>
/// <param name="OrderId">The order, found by its number, the customer's email, a return number or the payment's transaction id.</param>
/// <param name="Lines">What the customer brought.</param>
/// <param name="Store">The store (a <c>Shop:Locations</c> code of kind Store).</param>
/// <param name="OrderId">The online order.</param>
/// <param name="Lines">The items brought to the counter.</param>
/// <param name="Store">The store's location code.</param>
/// <param name="Settle">What the customer gets: a refund to the original payment, store credit (with the policy's bonus) or a gift card.</param>
public sealed record StoreReturnRequest(Guid OrderId, IReadOnlyList<StoreReturnLine> Lines, string Store, Resolution Settle = Resolution.Refund);

/// <summary>One item brought to the counter: how many, why, and in what state the associate found it.</summary>
/// <param name="OrderLineId">The order line.</param>
/// <param name="Quantity">Units brought back.</param>
/// <param name="ReasonCode">The policy's reason.</param>
/// <param name="Grade">The condition the associate sees.</param>
/// <param name="Fault">A fault found.</param>
/// <param name="Disposition">Where the unit goes.</param>
/// <param name="Notes">The associate's notes.</param>
/// <param name="ExchangeSku">A variant taken from this store's stock in exchange, handed over at the counter.</param>
public sealed record StoreReturnLine(Guid OrderLineId, int Quantity, string ReasonCode, ConditionGrade Grade, UnitFault Fault = UnitFault.None, Disposition Disposition = Disposition.Restock, string? Notes = null, string? ExchangeSku = null);

/// <summary>
/// Buy online, return in store: the policy decides each item as it would online; the associate takes the items, records
/// their condition, and the return is approved, received at the store, inspected (a restocked unit enters that store's
/// stock, available at once) and settled by refund to the original payment — all in one transaction.
/// </summary>
public static class TakeBackInStore
{
    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(StoreReturnRequest r, ShopOptions shop)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(shop);
        var v = new FieldErrors()
            .Check(r.OrderId != Guid.Empty, "orderId", "Required.")
            .Check(r.Lines is { Count: > 0 and <= 100 }, "lines", "Between 1 and 100 items.")
            .Check(shop.FindLocation(r.Store) is { Kind: LocationKind.Store }, "store", "One of the shop's stores (Shop:Locations of kind Store).")
            .Check(r.Settle is Resolution.Refund or Resolution.StoreCredit or Resolution.GiftCard, "settle", "refund, storeCredit or giftCard.");
        var lines = r.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].OrderLineId != Guid.Empty, $"lines[{i}].orderLineId", "Required.")
                .Check(lines[i].Quantity is >= 1 and <= 1000, $"lines[{i}].quantity", "Between 1 and 1000.")
                .Check(Enum.IsDefined(lines[i].Grade), $"lines[{i}].grade", "One of new, likeNew, used, damaged, defective.")
                .Check(Enum.IsDefined(lines[i].Disposition), $"lines[{i}].disposition", "A disposition.")
                .Text(lines[i].ReasonCode, $"lines[{i}].reasonCode", 64)
                .Text(lines[i].Notes, $"lines[{i}].notes", 2000, required: false)
                .Text(lines[i].ExchangeSku, $"lines[{i}].exchangeSku", 100, required: false);
        }

        return v;
    }

    /// <summary>
    /// Takes the items back. Refused when an item is not returnable under the policy, or needs a person's review and
    /// <paramref name="mayDecideReview"/> is false (a store associate calls a manager). A second call with the same
    /// <paramref name="idempotencyKey"/> answers the return the first one opened.
    /// </summary>
    public static async Task<Outcome<ReturnCase>> HandleAsync(
        StoreReturnRequest r,
        Actor actor,
        bool mayDecideReview,
        string? idempotencyKey,
        RetourDbContext db,
        PolicyBook book,
        ShopOptions shop,
        ReturnsOptions returns,
        ReturnPhotos photos,
        ResolveReturn resolve,
        TimeProvider clock,
        CancellationToken ct,
        Action<ReturnCase>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(shop);
        var store = shop.FindLocation(r.Store)!.Code;
        var creationKey = idempotencyKey is null ? null : $"{actor.Name}:store:{idempotencyKey}";
        if (creationKey is not null && await db.Returns.AsNoTracking().FirstOrDefaultAsync(c => c.CreationKey == creationKey, ct) is { } done)
        {
            return Outcome.Ok(done);
        }

        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == r.OrderId, ct);
        if (order is null)
        {
            return Outcome.Missing<ReturnCase>();
        }

        var now = clock.GetUtcNow();
        var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
        var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
        var history = await CustomerHistories.OfAsync(db, order.Customer.Email, ct);
        // An item swapped over the counter is an exchange priced from the catalogue (the same price when it has none);
        // the rest is settled as the customer prefers.
        var swapped = r.Lines.Where(l => !string.IsNullOrWhiteSpace(l.ExchangeSku)).Select(l => l.ExchangeSku!.Trim()).ToList();
        var prices = await db.CatalogVariants.AsNoTracking().Where(v => swapped.Contains(v.Sku) && v.Currency == order.CurrencyCode).ToDictionaryAsync(v => v.Sku, v => v.Price, ct);
        var totals = order.LineTotalsPaid();
        var requested = r.Lines.Select(l =>
        {
            if (string.IsNullOrWhiteSpace(l.ExchangeSku))
            {
                return new RequestedLine(l.OrderLineId, l.Quantity, l.ReasonCode.Trim(), null, r.Settle);
            }

            var index = order.Lines.ToList().FindIndex(x => x.Id == l.OrderLineId);
            var unitPaid = index < 0 || order.Lines[index].Quantity == 0 ? 0m : totals[index] / order.Lines[index].Quantity;
            var sku = l.ExchangeSku.Trim();
            var difference = prices.TryGetValue(sku, out var price) ? Domain.Money.Currency.Round(price - unitPaid, order.CurrencyCode) : 0m;
            return new RequestedLine(l.OrderLineId, l.Quantity, l.ReasonCode.Trim(), null, Resolution.Exchange, Exchange: new RequestedExchange(sku, difference));
        }).ToList();
        var (returnCase, opened) = ReturnCase.Request(order, requested, claimed, policy, ReturnChannel.Store, actor, ReturnNumber.Create(), creationKey, now, history, ReturnMethod.InStore);
        if (!opened.IsSuccess)
        {
            return Outcome.Refused<ReturnCase>(opened);
        }

        var refused = returnCase!.Lines
            .Select((l, i) => (Line: l, Index: i))
            .Where(x => x.Line.Outcome == DecisionOutcome.NotEligible || (x.Line.Outcome == DecisionOutcome.NeedsReview && !mayDecideReview))
            .Select(x => new DomainError(
                x.Line.Outcome == DecisionOutcome.NotEligible ? "return.line.notEligible" : "store.review.manager",
                x.Line.Outcome == DecisionOutcome.NotEligible
                    ? $"{x.Line.Sku}: {string.Join(" ", x.Line.DecisionReasons.Select(d => d.Text))}"
                    : $"{x.Line.Sku} needs a manager's decision: {string.Join(" ", x.Line.DecisionReasons.Select(d => d.Text))}",
                $"lines[{x.Index}]"))
            .ToList();
        if (refused.Count > 0)
        {
            return Outcome.Refused<ReturnCase>(Result.Fail(refused));
        }

        var steps = new List<Func<Task<Result>>>
        {
            () => Task.FromResult(returnCase.Status is ReturnStatus.Requested or ReturnStatus.InReview
                ? returnCase.Approve(actor, $"Taken back at the counter of {store}.", now, now)
                : Result.Ok()),
            () => Task.FromResult(returnCase.ReceiveParcel(actor, [.. returnCase.Lines.Select(l => new CountedLine(l.Id, l.ApprovedQuantity))], [], store, now)),
            () => InspectUnits.HandleAsync(
                returnCase,
                new InspectUnitsRequest([.. returnCase.Lines.Select((l, i) => new InspectedLine(l.Id, r.Lines[i].Grade, r.Lines[i].Disposition, r.Lines[i].Fault, l.ReceivedQuantity, r.Lines[i].Notes, Location: store))]),
                actor,
                db,
                shop,
                photos,
                now,
                store,
                ct),
            () => resolve.HandleAsync(returnCase, new ResolveReturnRequest(swapped.Count > 0 ? null : r.Settle), actor, now, ct, handedOverAt: store),
        };
        foreach (var step in steps)
        {
            var result = await step();
            if (!result.IsSuccess)
            {
                db.ChangeTracker.Clear();
                return Outcome.Refused<ReturnCase>(result);
            }
        }

        order.Touch(now);
        db.Returns.Add(returnCase);
        alongside?.Invoke(returnCase);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok(returnCase);
    }
}

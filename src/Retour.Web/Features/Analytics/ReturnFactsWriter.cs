using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// Keeps <see cref="ReturnFacts"/> up to date: before a unit of work is saved, every return it touches (the return,
/// its lines, timeline, refunds, settlements, labels, or its feedback) gets its facts row recomputed from the
/// return and its order, so the row is written in the same transaction as the change (decision 0023). A row that
/// comes out as stored is not written; a changed one bumps its <see cref="ReturnFacts.Version"/>, and the context adds
/// its stored and new values as changes of the daily rollup (<see cref="ReturnFactsRollup"/>, decision 0025).
/// </summary>
public static class ReturnFactsWriter
{
    private const int RebuildBatch = 500;

    /// <summary>Recomputes the facts of the returns the context's pending changes touch; called by <see cref="RetourDbContext.SaveChangesAsync(bool, CancellationToken)"/>.</summary>
    public static async Task StageAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var touched = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity is ReturnFacts)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ReturnCase r when entry.State != EntityState.Deleted:
                    touched.Add(r.Id);
                    break;
                case ReturnFeedback f:
                    touched.Add(f.ReturnCaseId);
                    break;
                case ReturnLine or TimelineEntry or Refund or SettlementEntry or ShippingLabel:
                    if (entry.Metadata.FindProperty("ReturnCaseId") is { } fk && entry.Property(fk.Name).CurrentValue is Guid id)
                    {
                        touched.Add(id);
                    }

                    break;
            }
        }

        if (touched.Count == 0)
        {
            return;
        }

        var zone = Zone(db);
        var now = Clock(db).GetUtcNow();
        foreach (var id in touched)
        {
            var r = db.ChangeTracker.Entries<ReturnCase>().Select(e => e.Entity).FirstOrDefault(x => x.Id == id)
                ?? await db.Returns.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (r is null)
            {
                continue;
            }

            // Read only, so not tracked: the save's change detection does not walk the order and its lines. The facts
            // read the order's own columns and its lines, not its shipments or payments.
            var order = db.ChangeTracker.Entries<Order>().Select(e => e.Entity).FirstOrDefault(o => o.Id == r.OrderId)
                ?? await db.Orders.AsNoTracking().IgnoreAutoIncludes().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == r.OrderId, ct);
            if (order is null)
            {
                continue;
            }

            // A return this unit of work creates has neither a facts row nor feedback stored yet: nothing to read.
            var created = db.Entry(r).State == EntityState.Added;
            var facts = created ? null : await db.Set<ReturnFacts>().FindAsync([id], ct);

            // The rating changes only with a feedback entity in this unit of work; otherwise the row already holds it.
            var rating = db.ChangeTracker.Entries<ReturnFeedback>().Where(e => e.State != EntityState.Deleted).Select(e => e.Entity).FirstOrDefault(f => f.ReturnCaseId == id)?.Rating
                ?? (facts is not null ? facts.FeedbackRating
                    : created ? null
                    : await db.Feedback.Where(f => f.ReturnCaseId == id).Select(f => (int?)f.Rating).FirstOrDefaultAsync(ct));
            if (facts is null)
            {
                facts = new ReturnFacts { ReturnCaseId = id };
                db.Set<ReturnFacts>().Add(facts);
            }

            var stored = facts.UpdatedAt;
            Fill(facts, r, order, rating, zone, now);

            // Some handlers save with automatic change detection off (they detect once themselves, before saving).
            var entry = db.Entry(facts);
            entry.DetectChanges();
            if (entry.State == EntityState.Modified)
            {
                if (entry.Properties.All(p => !p.IsModified || p.Metadata.Name == nameof(ReturnFacts.UpdatedAt)))
                {
                    // Nothing the measures read changed (most saves of a return): no write, no rollup difference.
                    facts.UpdatedAt = stored;
                    entry.State = EntityState.Unchanged;
                }
                else
                {
                    facts.Version++;
                    entry.DetectChanges();
                }
            }
        }
    }

    /// <summary>
    /// Deletes every facts row and the rollup and computes them again from the returns, in batches of
    /// <see cref="RebuildBatch"/> (keyset on the return id); returns how many facts rows were written. The operator's
    /// <c>rebuild-return-facts</c>.
    /// </summary>
    public static async Task<int> RebuildAsync(RetourDbContext db, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);

        // The rollup is emptied with the facts; each batch of facts added below adds itself to it as it is saved.
        await db.Set<ReturnFactsChange>().ExecuteDeleteAsync(ct);
        await db.Set<ReturnFactsDaily>().ExecuteDeleteAsync(ct);
        await db.Set<ReturnFacts>().ExecuteDeleteAsync(ct);
        var zone = Zone(db);
        var now = Clock(db).GetUtcNow();
        var written = 0;
        Guid? after = null;
        while (true)
        {
            db.ChangeTracker.Clear();
            var page = db.Returns.AsNoTracking().AsSplitQuery().OrderBy(r => r.Id).AsQueryable();
            if (after is { } last)
            {
                page = page.Where(r => r.Id.CompareTo(last) > 0);
            }

            var returns = await page.Take(RebuildBatch).ToListAsync(ct);
            if (returns.Count == 0)
            {
                break;
            }

            var ids = returns.ConvertAll(r => r.Id);
            var orderIds = returns.Select(r => r.OrderId).Distinct().ToList();
            var orders = await db.Orders.AsNoTracking().AsSplitQuery().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var ratings = await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.ReturnCaseId)).ToDictionaryAsync(f => f.ReturnCaseId, f => f.Rating, ct);
            foreach (var r in returns)
            {
                if (orders.TryGetValue(r.OrderId, out var order))
                {
                    var facts = new ReturnFacts { ReturnCaseId = r.Id };
                    Fill(facts, r, order, ratings.TryGetValue(r.Id, out var rating) ? rating : null, zone, now);
                    db.Set<ReturnFacts>().Add(facts);
                    written++;
                }
            }

            await db.SaveChangesAsync(ct);
            await ReturnFactsRollup.FoldAsync(db, ct);
            after = returns[^1].Id;
            progress?.Report(written);
        }

        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>Computes a return's facts from the return and its order.</summary>
    public static void Fill(ReturnFacts facts, ReturnCase r, Order order, int? rating, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(order);
        var requested = r.RequestedAt.ToUniversalTime();
        facts.RequestedAt = r.RequestedAt;
        facts.RequestedMonth = (requested.Year * 100) + requested.Month;
        facts.Status = r.Status;
        facts.Channel = order.Channel;
        facts.Country = order.ShipTo.Country;
        facts.Currency = r.CurrencyCode;
        facts.FeedbackRating = rating;
        facts.UpdatedAt = now;

        // Value paid per returned line and per unit, as the refund computes it (discount spread, tax included).
        var totals = order.LineTotalsPaid();
        var orderLines = order.Lines.ToList();
        var value = 0m;
        var best = (Value: -1m, Category: (string?)null, Reason: (string?)null);
        var byDisposition = new Dictionary<Disposition, decimal>();
        foreach (var line in r.Lines)
        {
            var index = orderLines.FindIndex(l => l.Id == line.OrderLineId);
            if (index < 0 || orderLines[index].Quantity == 0)
            {
                continue;
            }

            var unit = totals[index] / orderLines[index].Quantity;
            var units = line.ReceivedQuantity > 0 ? line.ReceivedQuantity : line.ApprovedQuantity;
            value += unit * units;
            if (unit * line.Quantity > best.Value)
            {
                best = (unit * line.Quantity, orderLines[index].Category, line.ReasonCode);
            }

            foreach (var inspected in line.Units)
            {
                byDisposition[inspected.Disposition] = byDisposition.GetValueOrDefault(inspected.Disposition) + unit;
            }
        }

        facts.Category = best.Category;
        facts.Reason = best.Reason;
        facts.ReturnedValue = ReturnFacts.Store(value);
        var itemsTotal = totals.Sum();
        facts.OutboundShipping = ReturnFacts.Store(itemsTotal > 0 ? order.ShippingPaid * Math.Min(1m, value / itemsTotal) : 0m);
        facts.Restocked = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.Restock));
        facts.Refurbished = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.Refurbish));
        facts.Repaired = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.Repair));
        facts.ReturnedToVendor = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.ReturnToVendor));
        facts.SecondHand = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.SecondHand));
        facts.Recycled = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.Recycle));
        facts.Disposed = ReturnFacts.Store(byDisposition.GetValueOrDefault(Disposition.Dispose));

        // Money out and money kept.
        facts.Refunded = ReturnFacts.Store(r.Refunds.Where(f => f.Status == RefundStatus.Succeeded).Sum(f => f.Amount));
        var settled = r.Settlements.Where(s => s.Status != SettlementStatus.Reversed && s.Status != SettlementStatus.Withdrawn).ToList();
        facts.StoreCredit = ReturnFacts.Store(settled.Where(s => s.Kind == SettlementKind.StoreCredit).Sum(s => s.Amount));
        facts.GiftCard = ReturnFacts.Store(settled.Where(s => s.Kind == SettlementKind.GiftCard).Sum(s => s.Amount));
        facts.Exchange = ReturnFacts.Store(settled.Where(s => s.Kind is SettlementKind.Exchange or SettlementKind.Replacement).Sum(s => s.Amount));
        facts.RestockingFee = ReturnFacts.Store(r.RestockingFee);
        facts.ReturnShippingFee = ReturnFacts.Store(r.ReturnShippingFee);
        var labels = r.Labels.Where(l => l.VoidedAt is null).ToList();
        facts.LabelCurrency = labels.Count > 0 ? labels[0].CostCurrency : null;
        facts.LabelCost = ReturnFacts.Store(labels.Where(l => l.CostCurrency == facts.LabelCurrency).Sum(l => l.Cost));

        // Speed: the customer has their money when the last item or advance refund succeeded and none is outstanding.
        facts.ReceivedAt = r.Timeline.FirstOrDefault(t => t.Event == nameof(ItemsReceived))?.At;
        var refunds = r.Refunds.Where(f => f.Purpose is RefundPurpose.Items or RefundPurpose.Advance && f.Status != RefundStatus.Failed).ToList();
        facts.RefundedAt = refunds.Count > 0 && refunds.TrueForAll(f => f.Status == RefundStatus.Succeeded) ? refunds.Max(f => f.CompletedAt ?? f.RecordedAt) : null;
        facts.RequestToRefundHours = facts.RefundedAt is { } paid ? Hours(paid - r.RequestedAt) : null;
        facts.ReceiptToRefundHours = facts.RefundedAt is { } paidAt && facts.ReceivedAt is { } received ? Hours(paidAt - received) : null;
        var (deadline, _) = LateRefunds.Of(r, order, zone, [], facts.RefundedAt ?? now);
        facts.RefundDue = deadline?.Due;
        facts.RefundInTime = facts.RefundedAt is not null && deadline?.Due is not null ? deadline.DaysLate <= 0 : null;
    }

    private static int Hours(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(span.TotalHours));

    private static IServiceProvider? Services(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    private static TimeZoneInfo Zone(DbContext db) =>
        TimeZoneInfo.FindSystemTimeZoneById(Services(db)?.GetService<Microsoft.Extensions.Options.IOptions<ReturnsOptions>>()?.Value.TimeZone ?? "Europe/Paris");

    private static TimeProvider Clock(DbContext db) => Services(db)?.GetService<TimeProvider>() ?? TimeProvider.System;
}

using System.Text.Json;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Retour.Domain.Orders;
using Retour.Domain.Inventory;
using Retour.Domain.Money;
using Retour.Domain.Returns;
using Retour.Web.Features.Notifications;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;

namespace Retour.Web.Persistence;

/// <summary>
/// The one unit of work. Saving a return case moves its domain events into the outbox in the same transaction,
/// so a state change and the messages it causes are committed together or not at all.
/// </summary>
public abstract class RetourDbContext(DbContextOptions options) : IdentityDbContext<StaffUser, StaffRole, Guid>(options)
{
    private AfterCommit? _afterCommit;

    /// <summary>Imported orders.</summary>
    public DbSet<Order> Orders => Set<Order>();

    /// <summary>Return cases.</summary>
    public DbSet<ReturnCase> Returns => Set<ReturnCase>();

    /// <summary>Refunds, also reachable through their return case.</summary>
    public DbSet<Refund> Refunds => Set<Refund>();

    /// <summary>Versions of the merchant's return policy.</summary>
    public DbSet<PolicyVersion> PolicyVersions => Set<PolicyVersion>();

    /// <summary>Withdrawal statements received through the portal's withdrawal function.</summary>
    public DbSet<WithdrawalNotice> WithdrawalNotices => Set<WithdrawalNotice>();

    /// <summary>Emails sent to customers, one per outbox message and kind.</summary>
    public DbSet<SentEmail> SentEmails => Set<SentEmail>();

    /// <summary>The shop's catalogue: variants, prices and stock, which exchanges are offered from.</summary>
    public DbSet<CatalogVariant> CatalogVariants => Set<CatalogVariant>();

    /// <summary>Units held for exchanges and replacements.</summary>
    public DbSet<ExchangeReservation> ExchangeReservations => Set<ExchangeReservation>();

    /// <summary>What customers thought of their returns.</summary>
    public DbSet<ReturnFeedback> Feedback => Set<ReturnFeedback>();

    /// <summary>Stock per SKU and location: on hand and reserved, summed from <see cref="StockMovements"/>.</summary>
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    /// <summary>The stock ledger: every movement, never changed.</summary>
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    /// <summary>Customers' store credit, one account per email and currency.</summary>
    public DbSet<StoreCreditAccount> StoreCreditAccounts => Set<StoreCreditAccount>();

    /// <summary>Gift cards, found by their code's hash.</summary>
    public DbSet<GiftCard> GiftCards => Set<GiftCard>();

    /// <summary>The credit ledger of store-credit accounts and gift cards: every posting, never changed.</summary>
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    /// <summary>Credit set aside for shop checkouts.</summary>
    public DbSet<CreditHold> CreditHolds => Set<CreditHold>();

    /// <summary>What staff did, one entry per action.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Events waiting to be delivered.</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>Responses kept for replaying requests sent again with the same Idempotency-Key.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Webhook subscriptions (decision 0018).</summary>
    public DbSet<Features.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Features.Webhooks.WebhookSubscription>();

    /// <summary>The webhook delivery log.</summary>
    public DbSet<Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Features.Webhooks.WebhookDelivery>();

    /// <summary>API keys made by administrators.</summary>
    public DbSet<Features.ApiKeys.ApiKey> ApiKeys => Set<Features.ApiKeys.ApiKey>();

    /// <summary>True for the PostgreSQL provider, which leases outbox rows with SKIP LOCKED.</summary>
    public abstract bool SupportsSkipLocked { get; }

    /// <inheritdoc />
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // The analytics facts of the returns this unit of work touches are written with it (decision 0023).
        await Features.Analytics.ReturnFactsWriter.StageAsync(this, cancellationToken);
        var factsChanges = Features.Analytics.ReturnFactsRollup.StageChanges(this);
        var cases = ChangeTracker.Entries<ReturnCase>().Select(e => e.Entity).Where(c => c.PendingEvents.Count > 0).ToList();
        var events = cases.SelectMany(c => c.PendingEvents).ToList();
        foreach (var e in events)
        {
            OutboxMessages.Add(OutboxMessage.From(e));
        }

        var movements = ChangeTracker.Entries<StockMovement>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var written = movements.Count == 0
            ? await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken)
            : await SaveWithStockAsync(movements, acceptAllChangesOnSuccess, cancellationToken);
        foreach (var returnCase in cases)
        {
            returnCase.ClearEvents();
        }

        // Now and then, once committed, the facts' changes are folded into their rollup (decision 0025).
        if (factsChanges > 0 && Database.CurrentTransaction is null && Features.Analytics.ReturnFactsRollup.TimeToFold())
        {
            try
            {
                await Features.Analytics.ReturnFactsRollup.FoldAsync(this, cancellationToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException)
            {
                // The save is committed; a fold that fails leaves its changes to the next one (readers add them meanwhile).
            }
        }

        if (events.Count > 0 || movements.Count > 0)
        {
            _afterCommit ??= AfterCommit.From(this);
            _afterCommit.Metrics?.Record(events);
            _afterCommit.Signal?.Notify();
        }

        return written;
    }

    /// <summary>
    /// Saves the unit of work and adds its new stock movements to their levels in the same transaction. Each level is
    /// changed by one atomic upsert (<c>INSERT … ON CONFLICT DO UPDATE SET OnHand = OnHand + …</c>, the same SQL on
    /// SQLite and PostgreSQL), so concurrent restocks of one SKU and location add up instead of overwriting each other.
    /// </summary>
    private async Task<int> SaveWithStockAsync(List<StockMovement> movements, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            // Changes are accepted only once committed, so a failed upsert leaves the unit of work as it was.
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            var updatedAt = Model.FindEntityType(typeof(StockLevel))!.FindProperty(nameof(StockLevel.UpdatedAt))!;
            var toProvider = updatedAt.GetTypeMapping().Converter;
            foreach (var level in movements.GroupBy(m => (m.Sku, m.LocationCode)).OrderBy(g => g.Key.Sku, StringComparer.Ordinal).ThenBy(g => g.Key.LocationCode, StringComparer.Ordinal))
            {
                var (sku, location) = level.Key;
                var onHand = level.Sum(m => m.OnHandChange);
                var reserved = level.Sum(m => m.ReservedChange);
                var at = toProvider is null ? level.Max(m => m.At) : toProvider.ConvertToProvider(level.Max(m => m.At));
                written += await Database.ExecuteSqlInterpolatedAsync(
                    $"""
                    INSERT INTO "StockLevels" ("Sku", "LocationCode", "OnHand", "Reserved", "UpdatedAt") VALUES ({sku}, {location}, {onHand}, {reserved}, {at})
                    ON CONFLICT ("Sku", "LocationCode") DO UPDATE SET "OnHand" = "StockLevels"."OnHand" + excluded."OnHand", "Reserved" = "StockLevels"."Reserved" + excluded."Reserved", "UpdatedAt" = excluded."UpdatedAt"
                    """,
                    ct);
            }

            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return written;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("Use SaveChangesAsync: it writes the outbox in the same transaction.");

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RetourDbContext).Assembly, t => t.Namespace == typeof(Configurations.OrderConfiguration).Namespace);
        foreach (var key in builder.Model.GetEntityTypes().SelectMany(t => t.GetKeys()).SelectMany(k => k.Properties))
        {
            if (key.ClrType == typeof(Guid))
            {
                // Keys are GUID v7 made by the domain; EF must treat an entity with a key as new, not existing.
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    /// <summary>
    /// What happens once events are committed: metrics and waking the local outbox worker. Taken from the application's
    /// services (contexts are pooled, so they cannot take them in their constructor); absent at design time.
    /// </summary>
    private sealed record AfterCommit(RetourMetrics? Metrics, OutboxSignal? Signal)
    {
        public static AfterCommit From(DbContext context)
        {
            var services = context.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider;
            return new(services?.GetService<RetourMetrics>(), services?.GetService<OutboxSignal>());
        }
    }

    /// <summary>JSON options for values stored as JSON text.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

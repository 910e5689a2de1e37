using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Orders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ReturnCaseConfiguration : IEntityTypeConfiguration<ReturnCase>
{
    public void Configure(EntityTypeBuilder<ReturnCase> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => r.CreationKey).IsUnique();
        builder.HasIndex(r => new { r.OrderId, r.Status });
        // Keyset pages (RequestedAt, Number) newest or oldest first: within a status (the queues), within a channel,
        // and over every return (several statuses at once, "all returns", whose status and channel PostgreSQL then
        // reads from the index, not the table); proven with EXPLAIN in docs/benchmarks.md.
        // The id rides along so that a queue's count, which joins each return to its lines, reads indexes alone.
        builder.HasIndex(r => new { r.Status, r.RequestedAt, r.Number }).IncludeProperties(r => new { r.Id, r.ExpectedUnits });
        builder.HasIndex(r => new { r.Channel, r.RequestedAt, r.Number });
        // Queues that are more than one status, or a status and a count, get a partial index each, filtered exactly as
        // ListReturns.InQueue writes them: their pages and counts are one index range instead of a merge of statuses
        // or a walk past the rows that do not qualify (awaiting shipment read 117 ms at a million returns without).
        builder.HasIndex(r => new { r.RequestedAt, r.Number }, "IX_Returns_Queue_AwaitingShipment").HasFilter("\"Status\" IN ('Approved', 'AwaitingShipment')");
        builder.HasIndex(r => new { r.RequestedAt, r.Number }, "IX_Returns_Queue_PartlyReceived").HasFilter("\"Status\" = 'Received' AND \"ExpectedUnits\" > 0");
        builder.HasIndex(r => new { r.RequestedAt, r.Number }, "IX_Returns_Queue_AwaitingInspection").HasFilter("\"Status\" = 'Received' AND \"ExpectedUnits\" = 0");
        builder.HasIndex(r => new { r.RequestedAt, r.Number }, "IX_Returns_Queue_Open").HasFilter("\"Status\" IN ('InTransit', 'Received', 'Inspected')");
        builder.HasIndex(r => new { r.RequestedAt, r.Number }).IncludeProperties(r => new { r.Status, r.Channel });
        builder.HasIndex(r => r.CustomerEmail);
        builder.HasIndex(r => r.OrderNumber);
        builder.HasIndex(r => r.TrackingNumber);
        builder.Property(r => r.Number).HasMaxLength(16);
        builder.Property(r => r.OrderNumber).HasMaxLength(100);
        builder.Property(r => r.CustomerEmail).HasMaxLength(320);
        builder.Property(r => r.CurrencyCode).HasMaxLength(3);
        builder.Property(r => r.PolicyVersion).HasMaxLength(50);
        builder.Property(r => r.LabelCarrier).HasMaxLength(100);
        builder.Property(r => r.TrackingNumber).HasMaxLength(100);
        builder.Property(r => r.CreationKey).HasMaxLength(200);
        builder.Property(r => r.TicketReference).HasMaxLength(100);
        builder.Property(r => r.TicketUrl).HasMaxLength(500);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Lines).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Timeline).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Refunds).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Lines).AutoInclude();
        builder.Navigation(r => r.Timeline).AutoInclude();
        builder.Navigation(r => r.Refunds).AutoInclude();
        builder.HasMany(r => r.Settlements).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Settlements).AutoInclude();
        builder.HasMany(r => r.Charges).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Charges).AutoInclude();
        builder.HasMany(r => r.Discrepancies).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Discrepancies).AutoInclude();
        builder.Ignore(r => r.StillExpected);
        builder.Ignore(r => r.PendingEvents);
        builder.Ignore(r => r.IsFullyReceived);
    }
}

internal sealed class ReturnLineConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> builder)
    {
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => l.OrderLineId);

        // Covers what lists read of a return's lines (units, and whether every approved unit arrived) on PostgreSQL,
        // so a page's units and the received queues' counts read the index alone.
        builder.HasIndex("ReturnCaseId").IncludeProperties("Quantity", "ApprovedQuantity", "ReceivedQuantity");
        builder.Property(l => l.Sku).HasMaxLength(100);
        builder.Property(l => l.Title).HasMaxLength(500);
        builder.Property(l => l.ReasonCode).HasMaxLength(64);
        builder.Property(l => l.Comment).HasMaxLength(2000);
        builder.Property(l => l.DecisionReasons).AsJson();
        builder.Property(l => l.Units).AsJson();
        builder.Property(l => l.Basis).HasMaxLength(100);
        builder.Property(l => l.OfferedResolutions).AsJson();
        builder.Property(l => l.PolicyVersion).HasMaxLength(50);
        builder.Property(l => l.Photos).AsJson();
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Event).HasMaxLength(64);
        builder.Property(e => e.Note).HasMaxLength(4000);
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.HasIndex(r => r.Status);
        builder.HasIndex(r => r.ProviderReference);
        builder.Property(r => r.Provider).HasMaxLength(50);
        builder.Property(r => r.TransactionId).HasMaxLength(200);
        builder.Property(r => r.CurrencyCode).HasMaxLength(3);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(100);
        builder.Property(r => r.ProviderReference).HasMaxLength(200);
        builder.Property(r => r.FailureReason).HasMaxLength(1000);
        builder.Ignore(r => r.IsFinal);
    }
}

internal sealed class SettlementEntryConfiguration : IEntityTypeConfiguration<SettlementEntry>
{
    public void Configure(EntityTypeBuilder<SettlementEntry> builder)
    {
        builder.ToTable("Settlements");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.Status, s.Kind });
        builder.Property(s => s.CurrencyCode).HasMaxLength(3);
        builder.Property(s => s.Sku).HasMaxLength(100);
        builder.Property(s => s.FulfilmentReference).HasMaxLength(200);
        builder.Property(s => s.Carrier).HasMaxLength(50);
        builder.Property(s => s.TrackingNumber).HasMaxLength(100);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.ProcessedAt, m.AvailableAt });
        builder.Property(m => m.Type).HasMaxLength(100);
        builder.Property(m => m.LeaseOwner).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(300);
        builder.Property(r => r.Request).HasMaxLength(300);
        builder.Property(r => r.BodyHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Location).HasMaxLength(500);
        builder.HasIndex(r => r.CreatedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Tracking;

namespace Retour.Web.Persistence.Configurations;

internal sealed class CarrierEventReceiptConfiguration : IEntityTypeConfiguration<CarrierEventReceipt>
{
    public void Configure(EntityTypeBuilder<CarrierEventReceipt> builder)
    {
        builder.ToTable("CarrierEventReceipts");
        builder.HasKey(r => r.Id);

        // The database decides which of two concurrent deliveries of one event applies: the other fails this index.
        builder.HasIndex(r => new { r.Carrier, r.EventId }).IsUnique();

        // Staff's list of unmatched events, oldest first.
        builder.HasIndex(r => new { r.ReturnCaseId, r.ReceivedAt });
        builder.Property(r => r.Carrier).HasMaxLength(100);
        builder.Property(r => r.EventId).HasMaxLength(CarrierEventReceipt.MaxEventId);
        builder.Property(r => r.TrackingNumber).HasMaxLength(100);
        builder.Property(r => r.Kind).HasMaxLength(32);
        builder.Property(r => r.Location).HasMaxLength(200);
        builder.Property(r => r.Detail).HasMaxLength(500);
        builder.Property(r => r.ReturnNumber).HasMaxLength(16);
        builder.Property(r => r.Outcome).HasMaxLength(500);
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;

namespace Retour.Web.Persistence.Configurations;

// Carrier labels of a return (decision 0019), the tracking-number counters of the own-account carrier, and the
// documents carriers return. Kept apart from ReturnCaseConfiguration so the feature's mapping reads in one place.
internal sealed class ReturnCaseLabelsConfiguration : IEntityTypeConfiguration<ReturnCase>
{
    public void Configure(EntityTypeBuilder<ReturnCase> builder)
    {
        builder.HasMany(r => r.Labels).WithOne().HasForeignKey("ReturnCaseId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Labels).AutoInclude();
    }
}

internal sealed class ShippingLabelConfiguration : IEntityTypeConfiguration<ShippingLabel>
{
    public void Configure(EntityTypeBuilder<ShippingLabel> builder)
    {
        builder.ToTable("ShippingLabels");
        builder.HasKey(l => l.Id);

        // A carrier never gives one tracking number to two labels: the proof that allocation is atomic.
        builder.HasIndex(l => new { l.Carrier, l.TrackingNumber }).IsUnique();
        builder.HasIndex("ReturnCaseId");
        builder.Property(l => l.Carrier).HasMaxLength(50);
        builder.Property(l => l.TrackingNumber).HasMaxLength(100);
        builder.Property(l => l.CostCurrency).HasMaxLength(3);
        builder.Property(l => l.VoidReason).HasMaxLength(1000);
        builder.Property(l => l.DropOffCode).HasMaxLength(50);
        builder.Property(l => l.Customs).HasConversion(
            v => v == null ? null : JsonSerializer.Serialize(v, RetourDbContext.Json),
            v => v == null ? null : JsonSerializer.Deserialize<CustomsDeclaration>(v, RetourDbContext.Json),
            new ValueComparer<CustomsDeclaration?>((a, b) => ReferenceEquals(a, b), v => v == null ? 0 : v.GetHashCode(), v => v));
        builder.OwnsOne(l => l.Pickup, p =>
        {
            p.Property(x => x.Date).HasColumnName("PickupDate");
            p.Property(x => x.From).HasColumnName("PickupFrom");
            p.Property(x => x.To).HasColumnName("PickupTo");
            p.Property(x => x.Reference).HasColumnName("PickupReference").HasMaxLength(100);
        });
        builder.Navigation(l => l.Pickup).IsRequired(false);
    }
}

internal sealed class TrackingNumberCounterConfiguration : IEntityTypeConfiguration<TrackingNumberCounter>
{
    public void Configure(EntityTypeBuilder<TrackingNumberCounter> builder)
    {
        builder.ToTable("TrackingNumberCounters");
        builder.HasKey(c => c.Range);
        builder.Property(c => c.Range).HasMaxLength(100);
    }
}

internal sealed class LabelDocumentConfiguration : IEntityTypeConfiguration<LabelDocument>
{
    public void Configure(EntityTypeBuilder<LabelDocument> builder)
    {
        builder.ToTable("LabelDocuments");
        builder.HasKey(d => d.LabelId);
        builder.HasIndex(d => d.ReturnCaseId);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.HasOne<ShippingLabel>().WithOne().HasForeignKey<LabelDocument>(d => d.LabelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineCustomsConfiguration : IEntityTypeConfiguration<Domain.Orders.OrderLine>
{
    public void Configure(EntityTypeBuilder<Domain.Orders.OrderLine> builder)
    {
        builder.Property(l => l.HsCode).HasMaxLength(10);
        builder.Property(l => l.CountryOfOrigin).HasMaxLength(2);
    }
}

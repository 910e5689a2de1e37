using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Orders;

namespace Retour.Web.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => o.ShopOrderId).IsUnique();
        builder.HasIndex(o => o.Number);
        builder.Property(o => o.ShopOrderId).HasMaxLength(100);
        builder.Property(o => o.Number).HasMaxLength(100);
        builder.Property(o => o.Channel).HasMaxLength(50);
        builder.Property(o => o.CurrencyCode).HasMaxLength(3);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.ComplexProperty(o => o.Customer, c =>
        {
            c.Property(x => x.Email).HasMaxLength(320).HasColumnName("CustomerEmail");
            c.Property(x => x.Name).HasMaxLength(200).HasColumnName("CustomerName");
            c.Property(x => x.Kind).HasColumnName("CustomerKind");
            c.Property(x => x.Locale).HasMaxLength(20).HasColumnName("CustomerLocale");
            c.Property(x => x.Group).HasMaxLength(100).HasColumnName("CustomerGroup");
        });
        builder.ComplexProperty(o => o.ShipTo, c =>
        {
            c.Property(x => x.Country).HasMaxLength(2).HasColumnName("ShipToCountry");
            c.Property(x => x.Region).HasMaxLength(100).HasColumnName("ShipToRegion");
            c.Property(x => x.PostalCode).HasMaxLength(20).HasColumnName("ShipToPostalCode");
        });
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Shipments).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Tenders).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).AutoInclude();
        builder.Navigation(o => o.Shipments).AutoInclude();
        builder.Navigation(o => o.Tenders).AutoInclude();
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.ShopLineId).HasMaxLength(100);
        builder.Property(l => l.Sku).HasMaxLength(100);
        builder.Property(l => l.Title).HasMaxLength(500);
        builder.Property(l => l.Category).HasMaxLength(100);
        builder.Property(l => l.Supplier).HasMaxLength(200);
        builder.HasIndex(l => l.Sku);
        builder.Property(l => l.Attributes).AsJson();
        builder.Property(l => l.Tags).AsJson();
        builder.Property(l => l.SerialNumbers).AsJson();
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Carrier).HasMaxLength(100);
        builder.Property(s => s.TrackingNumber).HasMaxLength(100);
        builder.Property(s => s.Items).AsJson();
    }
}

internal sealed class TenderConfiguration : IEntityTypeConfiguration<Tender>
{
    public void Configure(EntityTypeBuilder<Tender> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Provider).HasMaxLength(50);
        builder.Property(t => t.TransactionId).HasMaxLength(200);
        builder.Property(t => t.CustomerReference).HasMaxLength(200);
        builder.HasIndex(t => t.TransactionId);
        builder.Ignore(t => t.Refundable);
    }
}

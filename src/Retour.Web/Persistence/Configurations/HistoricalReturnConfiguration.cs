using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Orders;
using Retour.Web.Features.Import;

namespace Retour.Web.Persistence.Configurations;

internal sealed class HistoricalReturnConfiguration : IEntityTypeConfiguration<HistoricalReturn>
{
    public void Configure(EntityTypeBuilder<HistoricalReturn> builder)
    {
        builder.ToTable("HistoricalReturns");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.ShopReturnId).IsUnique();
        builder.HasIndex(r => r.ReturnedAt);
        builder.HasIndex(r => r.CustomerEmail);
        builder.Property(r => r.ShopReturnId).HasMaxLength(100);
        builder.Property(r => r.CustomerEmail).HasMaxLength(320);
        builder.Property(r => r.Country).HasMaxLength(2);
        builder.Property(r => r.CurrencyCode).HasMaxLength(3);
        builder.Property(r => r.Source).HasMaxLength(50);
        builder.HasMany(r => r.Lines).WithOne().HasForeignKey("HistoricalReturnId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Lines).AutoInclude();
    }
}

internal sealed class HistoricalReturnLineConfiguration : IEntityTypeConfiguration<HistoricalReturnLine>
{
    public void Configure(EntityTypeBuilder<HistoricalReturnLine> builder)
    {
        builder.ToTable("HistoricalReturnLines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.ShopLineId).HasMaxLength(100);
        builder.Property(l => l.Sku).HasMaxLength(100);
        builder.Property(l => l.Title).HasMaxLength(500);
        builder.HasIndex(l => l.Sku);
        builder.HasIndex(l => l.OrderLineId);
        builder.HasOne<Order>().WithMany().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Inventory;

namespace Retour.Web.Persistence.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.HasKey(l => new { l.Sku, l.LocationCode });
        builder.HasIndex(l => new { l.LocationCode, l.Sku });
        builder.Property(l => l.Sku).HasMaxLength(100);
        builder.Property(l => l.LocationCode).HasMaxLength(32);
        builder.Ignore(l => l.Available);
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.Sku, m.At });
        builder.HasIndex(m => m.ReturnNumber);
        builder.Property(m => m.Sku).HasMaxLength(100);
        builder.Property(m => m.LocationCode).HasMaxLength(32);
        builder.Property(m => m.ReturnNumber).HasMaxLength(16);
        builder.Property(m => m.ActorName).HasMaxLength(200);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Inventory;

namespace Retour.Web.Persistence.Configurations;

internal sealed class CatalogVariantConfiguration : IEntityTypeConfiguration<CatalogVariant>
{
    public void Configure(EntityTypeBuilder<CatalogVariant> builder)
    {
        builder.HasKey(v => new { v.Sku, v.Currency });
        builder.HasIndex(v => v.ProductCode);
        builder.HasIndex(v => v.Category);
        builder.Property(v => v.Sku).HasMaxLength(100);
        builder.Property(v => v.ProductCode).HasMaxLength(100);
        builder.Property(v => v.Title).HasMaxLength(500);
        builder.Property(v => v.Category).HasMaxLength(100);
        builder.Property(v => v.Currency).HasMaxLength(3);
        builder.Property(v => v.Attributes).AsJson();

        // Two returns holding the last unit at once: the second save finds the count changed and is refused.
        builder.Property(v => v.ReservedForExchanges).IsConcurrencyToken();
        builder.Ignore(v => v.Sellable);
    }
}

internal sealed class ExchangeReservationConfiguration : IEntityTypeConfiguration<ExchangeReservation>
{
    public void Configure(EntityTypeBuilder<ExchangeReservation> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.ReturnLineId).IsUnique();
        builder.HasIndex(r => r.ReturnCaseId);
        builder.Property(r => r.Sku).HasMaxLength(100);
        builder.Property(r => r.Currency).HasMaxLength(3);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ReceiptDiscrepancyConfiguration : IEntityTypeConfiguration<ReceiptDiscrepancy>
{
    public void Configure(EntityTypeBuilder<ReceiptDiscrepancy> builder)
    {
        builder.ToTable("ReceiptDiscrepancies");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.ActorName).HasMaxLength(200);
        builder.Property(d => d.Sku).HasMaxLength(100);
        builder.Property(d => d.Note).HasMaxLength(2000);
    }
}

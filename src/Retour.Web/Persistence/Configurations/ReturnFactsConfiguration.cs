using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Analytics;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ReturnFactsConfiguration : IEntityTypeConfiguration<ReturnFacts>
{
    public void Configure(EntityTypeBuilder<ReturnFacts> builder)
    {
        builder.ToTable("ReturnFacts");
        builder.HasKey(f => f.ReturnCaseId);

        // Every measure reads one period of requests; the dimensions most filtered on lead their own index.
        builder.HasIndex(f => f.RequestedAt);
        builder.HasIndex(f => new { f.Currency, f.RequestedAt });
        builder.HasIndex(f => new { f.Channel, f.RequestedAt });
        builder.HasIndex(f => new { f.Country, f.RequestedAt });
        builder.Property(f => f.Channel).HasMaxLength(64);
        builder.Property(f => f.Country).HasMaxLength(2);
        builder.Property(f => f.Category).HasMaxLength(100);
        builder.Property(f => f.Reason).HasMaxLength(64);
        builder.Property(f => f.Currency).HasMaxLength(3);
        builder.Property(f => f.LabelCurrency).HasMaxLength(3);
        builder.Property(f => f.Version).IsConcurrencyToken();
    }
}

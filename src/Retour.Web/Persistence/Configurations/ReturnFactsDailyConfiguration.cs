using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Analytics;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ReturnFactsDailyConfiguration : IEntityTypeConfiguration<ReturnFactsDaily>
{
    public void Configure(EntityTypeBuilder<ReturnFactsDaily> builder)
    {
        builder.ToTable("ReturnFactsDaily");

        // The key is the upsert's conflict target (ReturnFactsRollup); its first four columns select what a question
        // reads: totals or cells, months or days, the measures it asks for, then the period.
        builder.HasKey(r => new { r.Totals, r.Monthly, r.Measure, r.Day, r.Currency, r.Channel, r.Country, r.Category, r.Reason, r.Bucket, r.Unit });
        builder.Property(r => r.Channel).HasMaxLength(64);
        builder.Property(r => r.Country).HasMaxLength(2);
        builder.Property(r => r.Category).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(64);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Unit).HasMaxLength(3);
    }
}

internal sealed class ReturnFactsChangeConfiguration : IEntityTypeConfiguration<ReturnFactsChange>
{
    public void Configure(EntityTypeBuilder<ReturnFactsChange> builder)
    {
        builder.ToTable("ReturnFactsChanges");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedOnAdd();
        builder.Property(r => r.Channel).HasMaxLength(64);
        builder.Property(r => r.Country).HasMaxLength(2);
        builder.Property(r => r.Category).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(64);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.LabelCurrency).HasMaxLength(3);
    }
}

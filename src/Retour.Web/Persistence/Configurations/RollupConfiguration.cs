using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Analytics;

namespace Retour.Web.Persistence.Configurations;

internal sealed class DailySalesConfiguration : IEntityTypeConfiguration<DailySales>
{
    public void Configure(EntityTypeBuilder<DailySales> builder)
    {
        builder.ToTable("AnalyticsDailySales");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.Day, s.Sku });
        builder.Property(s => s.Sku).HasMaxLength(100);
        builder.Property(s => s.Product).HasMaxLength(500);
        builder.Property(s => s.Category).HasMaxLength(100);
        builder.Property(s => s.Channel).HasMaxLength(64);
        builder.Property(s => s.Country).HasMaxLength(2);
        builder.Property(s => s.Currency).HasMaxLength(3);
    }
}

internal sealed class DailyReturnsConfiguration : IEntityTypeConfiguration<DailyReturns>
{
    public void Configure(EntityTypeBuilder<DailyReturns> builder)
    {
        builder.ToTable("AnalyticsDailyReturns");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.Day, s.Sku });
        builder.Property(s => s.Sku).HasMaxLength(100);
        builder.Property(s => s.Product).HasMaxLength(500);
        builder.Property(s => s.Category).HasMaxLength(100);
        builder.Property(s => s.Channel).HasMaxLength(64);
        builder.Property(s => s.Country).HasMaxLength(2);
        builder.Property(s => s.Reason).HasMaxLength(64);
        builder.Property(s => s.Currency).HasMaxLength(3);
    }
}

internal sealed class RollupMarkConfiguration : IEntityTypeConfiguration<RollupMark>
{
    public void Configure(EntityTypeBuilder<RollupMark> builder)
    {
        builder.ToTable("AnalyticsRollupMarks");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.Day);
    }
}

/// <summary>The rollups recompute a day's sales from the orders placed that day: an index on the order date.</summary>
internal sealed class OrderPlacedAtIndexConfiguration : IEntityTypeConfiguration<Domain.Orders.Order>
{
    public void Configure(EntityTypeBuilder<Domain.Orders.Order> builder) => builder.HasIndex(o => o.PlacedAt);
}

/// <summary>The rollups recompute a day's returns from the returns requested that day: an index on the request date.</summary>
internal sealed class ReturnRequestedAtIndexConfiguration : IEntityTypeConfiguration<Domain.Returns.ReturnCase>
{
    public void Configure(EntityTypeBuilder<Domain.Returns.ReturnCase> builder) => builder.HasIndex(r => r.RequestedAt);
}

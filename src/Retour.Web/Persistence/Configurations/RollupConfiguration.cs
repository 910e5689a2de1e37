using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Analytics;

namespace Retour.Web.Persistence.Configurations;

/// <summary>Rate rollup rows: keyed by every dimension (the upsert's conflict target), read by cube, grain and period.</summary>
internal sealed class RateCellConfiguration : IEntityTypeConfiguration<RateCell>
{
    public void Configure(EntityTypeBuilder<RateCell> builder)
    {
        builder.ToTable("AnalyticsRateCells");
        builder.HasKey(c => new { c.Cube, c.Grain, c.Period, c.Currency, c.Category, c.Channel, c.Country, c.Reason, c.Sku, c.Product });

        // A country filter on the detail cube (SKUs of one country) reads that country's rows only.
        builder.HasIndex(c => new { c.Cube, c.Country, c.Grain, c.Period });
        builder.Property(c => c.Cube).HasConversion<int>();
        builder.Property(c => c.Grain).HasConversion<int>();
        builder.Property(c => c.Sku).HasMaxLength(100);
        builder.Property(c => c.Product).HasMaxLength(500);
        builder.Property(c => c.Category).HasMaxLength(100);
        builder.Property(c => c.Channel).HasMaxLength(64);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.Reason).HasMaxLength(64);
        builder.Property(c => c.Currency).HasMaxLength(3);
    }
}

/// <summary>Customer rollup rows: keyed by customer, grain, period and currency.</summary>
internal sealed class CustomerCellConfiguration : IEntityTypeConfiguration<CustomerCell>
{
    public void Configure(EntityTypeBuilder<CustomerCell> builder)
    {
        builder.ToTable("AnalyticsCustomerCells");
        // Keyed by customer first: a customer's rows (their history, the sums of the top and serial returners) are
        // one range. The day rows are also found by day (a stale day is recomputed from them) through an index on day
        // rows only: an index on every row's period would tempt the planner away from the customer range.
        builder.HasKey(c => new { c.Customer, c.Grain, c.Period, c.Currency });
        builder.HasIndex(c => c.Period).HasFilter("\"Grain\" = 0").HasDatabaseName("IX_AnalyticsCustomerCells_Days");

        // The customers who returned something in a period (top returners, serial returners) without the far more
        // numerous rows of customers who only bought; it holds what those questions add up, so they read it alone.
        builder.HasIndex(c => new { c.Grain, c.Period, c.Customer, c.ReturnedUnits, c.Returns }).HasFilter("\"ReturnedUnits\" > 0").HasDatabaseName("IX_AnalyticsCustomerCells_Returned");
        builder.Property(c => c.Grain).HasConversion<int>();
        builder.Property(c => c.Customer).HasMaxLength(320);
        builder.Property(c => c.Currency).HasMaxLength(3);
    }
}

/// <summary>
/// Customer totals over the last 30, 90 and 365 days (decision 0028) and over calendar months, quarters and years
/// (decision 0031): keyed by window and customer (the upsert's conflict target), with one index per question so each
/// reads the customers it lists in order and stops.
/// </summary>
internal sealed class CustomerWindowConfiguration : IEntityTypeConfiguration<CustomerWindow>
{
    public void Configure(EntityTypeBuilder<CustomerWindow> builder)
    {
        builder.ToTable("AnalyticsCustomerWindows");
        builder.HasKey(w => new { w.Days, w.First, w.Customer });

        // Serial returners: the customers with at least so many returns, with what their rate is computed from.
        builder.HasIndex(w => new { w.Days, w.First, w.Returns, w.ReturnedUnits, w.SoldUnits, w.Customer })
            .HasFilter("\"Returns\" > 0").HasDatabaseName("IX_AnalyticsCustomerWindows_Returns");

        // Top returners: most units returned first, then by email, the order the question lists them in.
        builder.HasIndex(w => new { w.Days, w.First, w.ReturnedUnits, w.Customer })
            .IsDescending(false, false, true, false)
            .HasFilter("\"ReturnedUnits\" > 0").HasDatabaseName("IX_AnalyticsCustomerWindows_Returned");
        builder.Property(w => w.Customer).HasMaxLength(320);
    }
}

internal sealed class CustomerWindowStateConfiguration : IEntityTypeConfiguration<CustomerWindowState>
{
    public void Configure(EntityTypeBuilder<CustomerWindowState> builder)
    {
        builder.ToTable("AnalyticsCustomerWindowStates");
        builder.HasKey(s => new { s.Days, s.First });
        builder.Property(s => s.Days).ValueGeneratedNever();
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

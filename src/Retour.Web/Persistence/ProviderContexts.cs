using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Retour.Web.Persistence;

/// <summary>The embedded default: one SQLite file. Instants are stored as sortable integers so SQL can compare them.</summary>
public sealed class SqliteRetourDbContext(DbContextOptions<SqliteRetourDbContext> options)
    : RetourDbContext(options)
{
    /// <inheritdoc />
    public override bool SupportsSkipLocked => false;

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The production and scale-out store.</summary>
public sealed class PostgresRetourDbContext(DbContextOptions<PostgresRetourDbContext> options)
    : RetourDbContext(options)
{
    /// <inheritdoc />
    public override bool SupportsSkipLocked => true;

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        // The item cube's rows, in period order with everything its questions read, so SKUs and products over a
        // year are one index-only range per period branch instead of rows scattered over the whole table (SQLite's
        // table is stored in key order already). Decision 0024.
        builder.Entity<Features.Analytics.RateCell>()
            .HasIndex(c => new { c.Grain, c.Period }, "IX_AnalyticsRateCells_Items")
            .HasFilter($"\"Cube\" = {(int)Features.Analytics.RateCube.Item}")
            .IncludeProperties(c => new { c.Sku, c.Product, c.Category, c.Currency, c.SoldUnits, c.SoldValue, c.ReturnedUnits, c.ReturnedValue });

        // The same for the SKU cube, with the reason: SKUs and products narrowed by reason, and the top products' reasons.
        builder.Entity<Features.Analytics.RateCell>()
            .HasIndex(c => new { c.Grain, c.Period }, "IX_AnalyticsRateCells_Skus")
            .HasFilter($"\"Cube\" = {(int)Features.Analytics.RateCube.Sku}")
            .IncludeProperties(c => new { c.Sku, c.Product, c.Category, c.Reason, c.Currency, c.SoldUnits, c.SoldValue, c.ReturnedUnits, c.ReturnedValue });
    }
}

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
}

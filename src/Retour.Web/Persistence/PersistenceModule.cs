using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Retour.Web.Persistence;

/// <summary>Which database Retour uses (section <c>Database</c>; connection string <c>ConnectionStrings:Retour</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    [RegularExpression("^(Sqlite|Postgres)$")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; }
}

/// <summary>Registers the provider's DbContext and the readiness check.</summary>
public static class PersistenceModule
{
    /// <summary>The default SQLite file, relative to the working directory.</summary>
    public const string DefaultSqlite = "Data Source=data/retour.db";

    /// <summary>Adds the DbContext for the configured provider.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite";
        var connection = configuration.GetConnectionString("Retour");
        if (provider == "Postgres")
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Retour is empty; set ConnectionStrings__Retour in the environment.");
            }

            services.AddDbContextPool<RetourDbContext, PostgresRetourDbContext>(o => ConfigurePostgres(o, connection).AddInterceptors(new Features.Analytics.RollupMarker()));
        }
        else
        {
            var sqlite = string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection;
            EnsureDirectory(sqlite);
            services.AddSingleton<SqliteWriteGate>();
            services.AddDbContextPool<RetourDbContext, SqliteRetourDbContext>((sp, o) =>
            {
                ConfigureSqlite(o, sqlite);
                o.AddInterceptors(new SqliteWriteInterceptor(sp.GetRequiredService<SqliteWriteGate>()), new SqlitePragmas(), new Features.Analytics.RollupMarker());
            });
        }

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Applies pending migrations; on SQLite also switches the file to write-ahead logging for concurrent readers. A
    /// migration may rewrite a large table (the analytics rollups of millions of order lines), so its statements are
    /// given an hour instead of the usual 30 seconds.
    /// </summary>
    public static async Task MigrateAsync(RetourDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }

        if (!db.SupportsSkipLocked)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder o, string connection) =>
        o.UseSqlite(connection, x => x.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder o, string connection) =>
        o.UseNpgsql(WithAutoPrepare(connection), x => x.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));

    /// <summary>
    /// Retour sends the same few statements over and over, and sets no session state. Unless the connection string
    /// says otherwise, Npgsql prepares them on the server (PostgreSQL parses and plans each once per connection) and
    /// skips resetting a connection each time it goes back to the pool (EF Core closes it after every operation).
    /// Unless it passes its own <c>Options</c>, the connections also get 32 MB of <c>work_mem</c>: the analytics
    /// sums group hundreds of thousands of rollup rows, which spill to disk at PostgreSQL's default of 4 MB (a year of
    /// SKUs at 5 M order lines: 440 ms instead of 270 ms); the lifecycle's statements never come near either.
    /// They also get <c>plan_cache_mode=force_generic_plan</c>: a prepared statement is planned once per connection,
    /// not again on every run. Left to choose, PostgreSQL kept planning the return's own load afresh (eight tables,
    /// 2–4 ms a plan) on a third of its runs under the lifecycle load, 60 % of the database's CPU (decision 0027).
    /// </summary>
    internal static string WithAutoPrepare(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
            builder.NoResetOnClose = true;
        }

        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = "-c work_mem=32MB -c plan_cache_mode=force_generic_plan";
        }

        return builder.ConnectionString;
    }

    private static void EnsureDirectory(string connection)
    {
        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }
}

/// <summary>Ready when the database answers and no migration is pending.</summary>
internal sealed class DatabaseReadyCheck(RetourDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; migrations applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run 'retour migrate'.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>Lets 'dotnet ef' build the SQLite context without starting the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRetourDbContext>
{
    public SqliteRetourDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteRetourDbContext>();
        PersistenceModule.ConfigureSqlite(options, DefaultDesignConnection);
        return new SqliteRetourDbContext(options.Options);
    }

    private const string DefaultDesignConnection = "Data Source=design-time.db";
}

/// <summary>Lets 'dotnet ef' build the PostgreSQL context without starting the host.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRetourDbContext>
{
    public PostgresRetourDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresRetourDbContext>();
        PersistenceModule.ConfigurePostgres(options, "Host=127.0.0.1;Database=retour_design");
        return new PostgresRetourDbContext(options.Options);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Retour.Web.Features.Analytics;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Analytics;

/// <summary>
/// Upgrading a database that already holds rate rollups: the <c>ItemCube</c> migration fills the item cube from the
/// detail rows, so SKU and product answers read right after the upgrade (decision 0024).
/// </summary>
public abstract class RateCellMigrationTests(Provider provider) : IDisposable
{
    private readonly (string Connection, string? Database, string? File) _database = RetourApp.NewDatabase(provider);

    [Fact]
    public async Task ItemCube_IsTheDetailRowsWithoutReasonChannelAndCountry()
    {
        await using var db = Context();
        var migrations = db.Database.GetMigrations().ToList();
        var itemCube = migrations.FindIndex(m => m.EndsWith("_ItemCube", StringComparison.Ordinal));
        Assert.True(itemCube > 0);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[itemCube - 1]);

        var day = new DateOnly(2026, 3, 14);
        var month = new DateOnly(2026, 3, 1);
        RateCell Detail(CellGrain grain, string sku, string country, string reason, long sold, long returned) => new()
        {
            Cube = RateCube.Detail, Grain = grain, Period = grain == CellGrain.Day ? day : month, Sku = sku, Product = $"Product {sku}", Category = "shoes",
            Channel = "web", Country = country, Reason = reason, Currency = "EUR", SoldUnits = sold, SoldValue = sold * 100_000, ReturnedUnits = returned, ReturnedValue = returned * 100_000,
        };
        db.Set<RateCell>().AddRange(
            Detail(CellGrain.Day, "A", "FR", string.Empty, 5, 0),
            Detail(CellGrain.Day, "A", "DE", string.Empty, 3, 0),
            Detail(CellGrain.Day, "A", "FR", "too-small", 0, 2),
            Detail(CellGrain.Day, "A", "DE", "damaged", 0, 1),
            Detail(CellGrain.Day, "B", "FR", string.Empty, 4, 0),
            Detail(CellGrain.Month, "A", "FR", string.Empty, 9, 0),
            Detail(CellGrain.Month, "A", "FR", "too-small", 0, 6));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await migrator.MigrateAsync();

        var items = await db.Set<RateCell>().AsNoTracking().Where(c => c.Cube == RateCube.Item).OrderBy(c => c.Grain).ThenBy(c => c.Sku).ToListAsync();
        Assert.Equal(
            [(CellGrain.Day, "A", 8L, 800_000L, 3L, 300_000L), (CellGrain.Day, "B", 4L, 400_000L, 0L, 0L), (CellGrain.Month, "A", 9L, 900_000L, 6L, 600_000L)],
            items.Select(c => (c.Grain, c.Sku, c.SoldUnits, c.SoldValue, c.ReturnedUnits, c.ReturnedValue)));
        Assert.All(items, c => Assert.Equal((string.Empty, string.Empty, string.Empty, "shoes", "EUR"), (c.Channel, c.Country, c.Reason, c.Category, c.Currency)));
        Assert.All(items, c => Assert.Equal(c.Grain == CellGrain.Day ? day : month, c.Period));
    }

    public void Dispose()
    {
        RetourApp.DropDatabase(_database);
        GC.SuppressFinalize(this);
    }

    private RetourDbContext Context()
    {
        if (provider == Provider.Sqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteRetourDbContext>();
            PersistenceModule.ConfigureSqlite(sqlite, _database.Connection);
            return new SqliteRetourDbContext(sqlite.Options);
        }

        var postgres = new DbContextOptionsBuilder<PostgresRetourDbContext>();
        PersistenceModule.ConfigurePostgres(postgres, _database.Connection);
        return new PostgresRetourDbContext(postgres.Options);
    }
}

public sealed class RateCellMigrationTests_Sqlite() : RateCellMigrationTests(Provider.Sqlite);

public sealed class RateCellMigrationTests_Postgres() : RateCellMigrationTests(Provider.Postgres);

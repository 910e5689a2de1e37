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
        var (migrator, itemCube) = await MigratedToJustBeforeAsync(db, "ItemCube");

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

        await migrator.MigrateAsync(itemCube);

        var items = await db.Set<RateCell>().AsNoTracking().Where(c => c.Cube == RateCube.Item).OrderBy(c => c.Grain).ThenBy(c => c.Sku).ToListAsync();
        Assert.Equal(
            [(CellGrain.Day, "A", 8L, 800_000L, 3L, 300_000L), (CellGrain.Day, "B", 4L, 400_000L, 0L, 0L), (CellGrain.Month, "A", 9L, 900_000L, 6L, 600_000L)],
            items.Select(c => (c.Grain, c.Sku, c.SoldUnits, c.SoldValue, c.ReturnedUnits, c.ReturnedValue)));
        Assert.All(items, c => Assert.Equal((string.Empty, string.Empty, string.Empty, "shoes", "EUR"), (c.Channel, c.Country, c.Reason, c.Category, c.Currency)));
        Assert.All(items, c => Assert.Equal(c.Grain == CellGrain.Day ? day : month, c.Period));
    }

    [Fact]
    public async Task WeekRows_AreTheDetailDaysOfEachWeek_InTheSkuAndItemCubes_AndTheWindowsAreSummedAgain()
    {
        await using var db = Context();
        var (migrator, _) = await MigratedToJustBeforeAsync(db, "WeekRowsAndWindowTotals");

        // Sunday 15 March 2026 ends the week of Monday the 9th; Monday the 16th starts the next.
        RateCell Detail(DateOnly day, string country, string reason, long sold, long returned) => new()
        {
            Cube = RateCube.Detail, Grain = CellGrain.Day, Period = day, Sku = "A", Product = "Product A", Category = "shoes",
            Channel = "web", Country = country, Reason = reason, Currency = "EUR", SoldUnits = sold, SoldValue = sold * 100_000, ReturnedUnits = returned, ReturnedValue = returned * 100_000,
        };
        db.Set<RateCell>().AddRange(
            Detail(new DateOnly(2026, 3, 9), "FR", string.Empty, 5, 0),
            Detail(new DateOnly(2026, 3, 15), "DE", string.Empty, 3, 0),
            Detail(new DateOnly(2026, 3, 15), "FR", "too-small", 0, 2),
            Detail(new DateOnly(2026, 3, 16), "FR", "too-small", 0, 1),
            new RateCell { Cube = RateCube.Detail, Grain = CellGrain.Month, Period = new DateOnly(2026, 3, 1), Sku = "A", Product = "Product A", Category = "shoes", Currency = "EUR", SoldUnits = 8, ReturnedUnits = 3 });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AnalyticsCustomerWindowStates" ("Days", "AsOf") VALUES (90, {0})""", new DateOnly(2026, 3, 16));

        await migrator.MigrateAsync();

        var rows = await db.Set<RateCell>().AsNoTracking().Where(c => c.Grain == CellGrain.Week).OrderBy(c => c.Cube).ThenBy(c => c.Period).ThenBy(c => c.Reason).ToListAsync();
        Assert.Equal(
            [
                (RateCube.Sku, new DateOnly(2026, 3, 9), string.Empty, 8L, 0L), (RateCube.Sku, new DateOnly(2026, 3, 9), "too-small", 0L, 2L), (RateCube.Sku, new DateOnly(2026, 3, 16), "too-small", 0L, 1L),
                (RateCube.Item, new DateOnly(2026, 3, 9), string.Empty, 8L, 2L), (RateCube.Item, new DateOnly(2026, 3, 16), string.Empty, 0L, 1L),
            ],
            rows.Select(c => (c.Cube, c.Period, c.Reason, c.SoldUnits, c.ReturnedUnits)));
        Assert.All(rows, c => Assert.Equal(("A", "Product A", "shoes", string.Empty, string.Empty, "EUR"), (c.Sku, c.Product, c.Category, c.Channel, c.Country, c.Currency)));
        Assert.Empty(await db.Set<CustomerWindowState>().AsNoTracking().ToListAsync());
    }

    public void Dispose()
    {
        RetourApp.DropDatabase(_database);
        GC.SuppressFinalize(this);
    }

    // The database migrated up to the migration before the one named; returns the migrator and the full name of the one named.
    private static async Task<(IMigrator Migrator, string Migration)> MigratedToJustBeforeAsync(RetourDbContext db, string name)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith($"_{name}", StringComparison.Ordinal));
        Assert.True(index > 0);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        return (migrator, migrations[index]);
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

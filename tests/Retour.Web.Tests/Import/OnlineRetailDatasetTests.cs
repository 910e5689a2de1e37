using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualBasic.FileIO;
using Retour.Domain.Orders;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Import;

/// <summary>
/// The whole Online Retail file (541,909 lines), once per database, against figures this test computes from the file
/// itself with its own CSV reader and its own matching.
/// </summary>
public abstract class OnlineRetailDatasetTests(RetourApp app)
{
    private static readonly string DataFile = Path.Combine(FindShared(), "data", "online-retail", "online_retail.csv.gz");

    [Fact]
    public async Task Import_TheRealDataset_LandsEveryOrderReturnAndWriteOffTheFileHolds()
    {
        Assert.True(File.Exists(DataFile), $"{DataFile} is not on this machine.");
        var expected = Expected.From(DataFile);
        var outboxBefore = await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync());

        OrderImportReport report;
        using (var scope = app.Services.CreateScope())
        {
            report = await ActivatorUtilities.CreateInstance<OrderHistoryImport>(scope.ServiceProvider).RunAsync(DataFile, null, CancellationToken.None);
        }

        Assert.Equal(541_909, report.Rows);
        Assert.Empty(report.Problems);
        Assert.Equal(expected.Orders, report.OrdersCreated);
        Assert.Equal(expected.GuestOrders, report.GuestOrders);
        Assert.Equal(expected.OrderLines, report.OrderLines);
        Assert.Equal(1_336, report.WriteOffLines); // the dataset's README
        Assert.Equal(expected.WriteOffs, report.WriteOffLines);
        Assert.Equal(expected.CreditNotes, report.ReturnsCreated);
        Assert.Equal(expected.ReturnLines, report.ReturnLines);
        Assert.Equal(expected.Matched, report.ReturnLinesMatched);
        Assert.Equal(expected.ReturnLines - expected.Matched, report.ReturnLinesReceiptless);
        Assert.Equal(expected.ReturnUnits, report.ReturnUnits);
        Assert.Equal(expected.MatchedUnits, report.ReturnUnitsMatched);

        var landed = await app.WithScopeAsync<RetourDbContext, (int, int, long, int, int, long)>(async db => (
            await db.Orders.CountAsync(),
            await db.Set<OrderLine>().CountAsync(),
            await db.Set<OrderLine>().SumAsync(l => (long)l.Quantity),
            await db.Set<HistoricalReturn>().CountAsync(),
            await db.Set<HistoricalReturnLine>().CountAsync(),
            await db.Set<HistoricalReturnLine>().SumAsync(l => (long)l.MatchedQuantity)));
        Assert.Equal((expected.Orders, expected.OrderLines, expected.OrderUnits, expected.CreditNotes, expected.ReturnLines, expected.MatchedUnits), landed);
        Assert.Equal(outboxBefore, await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(0, await app.WithScopeAsync<RetourDbContext, int>(db => db.Returns.CountAsync()));

        // What the bulk path wrote reads back through EF as the domain made it.
        var first = await app.WithScopeAsync<RetourDbContext, Order>(db => db.Orders.AsNoTracking().SingleAsync(o => o.ShopOrderId == "536365"));
        Assert.Equal(7, first.Lines.Count);
        Assert.Equal(("85123A", 6, 2.55m), (first.Lines[0].Sku, first.Lines[0].Quantity, first.Lines[0].UnitPricePaid));
        Assert.Equal(("customer-17850@online-retail.invalid", "GB", new DateTimeOffset(2010, 12, 3, 8, 26, 0, TimeSpan.Zero)), (first.Customer.Email, first.ShipTo.Country, first.LastDeliveredAt()));
        // Issue #8: the return rates over the imported file equal the file's own (same import, one per database).
        await Analytics.OnlineRetailRates.AssertMatchTheFileAsync(app, DataFile);
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "data")))
            {
                return shared;
            }
        }

        // The team's shared folder sits beside the repository (../shared); RETOUR_SHARED names another.
        return Environment.GetEnvironmentVariable("RETOUR_SHARED")
            ?? throw new InvalidOperationException("The real dataset is looked for in a 'shared/data' folder above the tests (../shared beside the repository); set RETOUR_SHARED to another.");
    }

    private sealed record Expected(int Orders, int GuestOrders, int OrderLines, long OrderUnits, int WriteOffs, int CreditNotes, int ReturnLines, long ReturnUnits, int Matched, long MatchedUnits)
    {
        public static Expected From(string path)
        {
            using var parser = new TextFieldParser(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
            parser.SetDelimiters(",");
            parser.ReadFields();
            var rows = new List<(string Invoice, string Code, int Qty, DateTime Date, string Customer, int Index)>();
            while (parser.ReadFields() is { } f)
            {
                rows.Add((f[0], f[1], int.Parse(f[3], CultureInfo.InvariantCulture), DateTime.Parse(f[4], CultureInfo.InvariantCulture), f[6], rows.Count));
            }

            static bool Product(string code) => (code.Length >= 5 && code[..5].All(char.IsAsciiDigit)) || code.StartsWith("DCGS", StringComparison.Ordinal);
            var sales = rows.Where(r => char.IsAsciiDigit(r.Invoice[0]) && r.Qty > 0 && Product(r.Code)).ToList();
            var credits = rows.Where(r => r.Invoice[0] == 'C' && Product(r.Code)).ToList();
            var invoiceDate = rows.GroupBy(r => r.Invoice).ToDictionary(g => g.Key, g => (g.First().Date, g.First().Index, g.First().Customer));

            // Matching, written plainly: every credit line in time order takes units from the latest earlier purchase
            // of the same customer and product that has some left.
            var left = sales.Where(s => invoiceDate[s.Invoice].Customer.Length > 0).ToDictionary(s => s.Index, s => s.Qty);
            var bought = sales.Where(s => invoiceDate[s.Invoice].Customer.Length > 0)
                .GroupBy(s => (invoiceDate[s.Invoice].Customer, s.Code))
                .ToDictionary(g => g.Key, g => g.OrderBy(s => invoiceDate[s.Invoice].Date).ThenBy(s => invoiceDate[s.Invoice].Index).ThenBy(s => s.Index).ToList());
            var matched = 0;
            var matchedUnits = 0L;
            foreach (var c in credits.Where(c => invoiceDate[c.Invoice].Customer.Length > 0).OrderBy(c => invoiceDate[c.Invoice].Date).ThenBy(c => invoiceDate[c.Invoice].Index).ThenBy(c => c.Index))
            {
                var (at, index, customer) = invoiceDate[c.Invoice];
                var purchase = bought.GetValueOrDefault((customer, c.Code), [])
                    .Where(s => (invoiceDate[s.Invoice].Date, invoiceDate[s.Invoice].Index).CompareTo((at, index)) < 0 && left[s.Index] > 0)
                    .Select(s => (int?)s.Index)
                    .LastOrDefault();
                if (purchase is { } p)
                {
                    var take = Math.Min(-c.Qty, left[p]);
                    left[p] -= take;
                    matched++;
                    matchedUnits += take;
                }
            }

            return new Expected(
                sales.Select(s => s.Invoice).Distinct().Count(),
                sales.Where(s => invoiceDate[s.Invoice].Customer.Length == 0).Select(s => s.Invoice).Distinct().Count(),
                sales.Count,
                sales.Sum(s => (long)s.Qty),
                rows.Count(r => char.IsAsciiDigit(r.Invoice[0]) && r.Qty < 0),
                credits.Select(c => c.Invoice).Distinct().Count(),
                credits.Count,
                credits.Sum(c => (long)-c.Qty),
                matched,
                matchedUnits);
        }
    }
}

public sealed class OnlineRetailDatasetTests_Sqlite(SqliteApp app) : OnlineRetailDatasetTests(app), IClassFixture<SqliteApp>;

public sealed class OnlineRetailDatasetTests_Postgres(PostgresApp app) : OnlineRetailDatasetTests(app), IClassFixture<PostgresApp>;

using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Import;

/// <summary>The order-history importer on small files: bad rows, resuming, matching returns to purchases.</summary>
public abstract class OrderHistoryImportTests(RetourApp app) : IDisposable
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    private readonly List<string> _files = [];

    [Fact]
    public async Task Import_WithBadRows_ReportsTheirLineNumbersAndImportsTheRest()
    {
        var p = Prefix();
        var file = Write(".csv", [
            Header,
            $"{p}01,85123A,\"HEART, WHITE\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
            $"{p}01,71053,WHITE METAL LANTERN,six,2010-12-01 08:26:00,3.39,17850,United Kingdom",
            $"{p}02,71053,WHITE METAL LANTERN,1,2010-13-01 08:26:00,3.39,17850,United Kingdom",
            $"{p}02,71053,WHITE METAL LANTERN,1,2010-12-01 08:26:00,3.39,17850",
            $"{p}03,71053,WHITE METAL LANTERN,1,2010-12-01 08:26:00,3.3x,,France",
            $"{p}04,22633,HAND WARMER,2,2010-12-01 09:00:00,1.85,,France",
        ]);

        var report = await ImportAsync(file);

        Assert.Equal([3, 4, 5, 6], report.Problems.Select(x => x.Line));
        Assert.Contains("Quantity", report.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("InvoiceDate", report.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("columns", report.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("UnitPrice", report.Problems[3].Message, StringComparison.Ordinal);
        Assert.Equal(2, report.OrdersCreated);
        var order = await OrderAsync($"{p}01");
        var line = Assert.Single(order.Lines);
        Assert.Equal(("85123A", "HEART, WHITE", 6, 2.55m), (line.Sku, line.Title, line.Quantity, line.UnitPricePaid));
        Assert.Equal(("customer-17850@online-retail.invalid", "GB", "GBP"), (order.Customer.Email, order.ShipTo.Country, order.CurrencyCode));
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero), order.PlacedAt);
        Assert.Equal(order.PlacedAt.AddDays(2), order.LastDeliveredAt());
        var guest = await OrderAsync($"{p}04");
        Assert.Equal(("guest", "FR"), (guest.Customer.Email[..5], guest.ShipTo.Country));
    }

    [Fact]
    public async Task Import_ReadsQuotedFieldsOverSeveralLines_AndReportsStrayQuotesByTheLineTheRowStartsOn()
    {
        var p = Prefix();
        var file = Write(".csv", [
            Header,
            $"{p}11,85123A,\"HEART, WHITE\nHANGING \"\"T-LIGHT\"\"\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
            $"{p}11,71053,WHITE \"METAL\" LANTERN,1,2010-12-01 08:26:00,3.39,17850,United Kingdom",
            $"{p}12,22633,HAND WARMER,2,2010-12-01 09:00:00,1.85,,France",
            $"{p}13,22633,\"HAND WARMER,2,2010-12-01 09:00:00,1.85,,France",
        ]);

        var report = await ImportAsync(file);

        Assert.Equal([4, 6], report.Problems.Select(x => x.Line));
        Assert.Contains("stray quote", report.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("unclosed quote", report.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(2, report.OrdersCreated);
        var line = Assert.Single((await OrderAsync($"{p}11")).Lines);
        Assert.Equal("HEART, WHITE\nHANGING \"T-LIGHT\"", line.Title);
    }

    [Fact]
    public async Task Import_WithAQuoteLeftOpenOverALongStretch_RejectsTheFileAndImportsNothing()
    {
        var p = Prefix();
        var file = Write(".csv", [
            Header,
            $"{p}21,22633,HAND WARMER,2,2010-12-01 09:00:00,1.85,,France",
            $"{p}22,22633,\"HAND WARMER,2,2010-12-01 09:00:00,1.85,,France",
            .. Enumerable.Range(0, 5_000).Select(i => $"{p}{23 + i},22633,HAND WARMER,2,2010-12-01 09:00:00,1.85,,France"),
        ]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(file));

        Assert.Contains("quote", error.Message, StringComparison.Ordinal);
        Assert.False(await app.WithScopeAsync<RetourDbContext, bool>(db => db.Orders.AnyAsync(o => o.ShopOrderId == $"{p}21")));
    }

    [Fact]
    public async Task Import_WithAWrongHeader_RejectsTheFileAtLine1()
    {
        var file = Write(".csv", ["Invoice,Code,Qty", "1,2,3"]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(file));

        Assert.StartsWith("Line 1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_RecognisesPostageFeesWriteOffsAndCreditNotes()
    {
        var p = Prefix();
        var file = Write(".csv.gz", [
            Header,
            $"{p}10,22633,HAND WARMER,12,2011-01-05 10:00:00,1.85,12345,Germany",
            $"{p}10,22634,HAND WARMER RED,4,2011-01-05 10:00:00,2.10,12345,Germany",
            $"{p}10,POST,POSTAGE,2,2011-01-05 10:00:00,18.00,12345,Germany",
            $"{p}10,M,Manual,1,2011-01-05 10:00:00,5.00,12345,Germany",
            $"{p}11,22633,HAND WARMER,-30,2011-01-06 10:00:00,0,,United Kingdom",
            $"{p}12,AMAZONFEE,AMAZON FEE,1,2011-01-06 10:00:00,120.50,,United Kingdom",
            $"C{p}13,22633,HAND WARMER,-5,2011-01-07 10:00:00,1.85,12345,Germany",
            $"C{p}13,22634,HAND WARMER RED,-6,2011-01-07 10:00:00,2.10,12345,Germany",
            $"C{p}13,D,Discount,-1,2011-01-07 10:00:00,3.00,12345,Germany",
            $"C{p}14,22633,HAND WARMER,-9,2011-01-08 10:00:00,1.85,12345,Germany",
            $"C{p}15,99999,NEVER BOUGHT,-1,2011-01-08 10:00:00,1.00,,Unspecified",
            $"C{p}16,POST,POSTAGE,-1,2011-01-08 10:00:00,18.00,12345,Germany",
        ]);
        var outboxBefore = await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync());

        var report = await ImportAsync(file);

        Assert.Empty(report.Problems);
        Assert.Equal((1, 2, 1, 1, 2), (report.OrdersCreated, report.OrderLines, report.ShippingLines, report.WriteOffLines, report.InvoicesWithoutProducts));
        Assert.Equal(1, report.NonProductLines["M"]);
        Assert.Equal(1, report.NonProductLines["AMAZONFEE"]);
        Assert.Equal((3, 4, 3, 1, 1), (report.ReturnsCreated, report.ReturnLines, report.ReturnLinesMatched, report.ReturnLinesReceiptless, report.CreditNotesWithoutProducts));
        var order = await OrderAsync($"{p}10");
        Assert.Equal((36.00m, "DE"), (order.ShippingPaid, order.ShipTo.Country));

        var returns = await app.WithScopeAsync<RetourDbContext, List<HistoricalReturn>>(db => db.Set<HistoricalReturn>().Where(r => r.ShopReturnId.StartsWith("C" + p)).OrderBy(r => r.ShopReturnId).ToListAsync());
        Assert.All(returns, r => Assert.Equal(ReturnStatus.Closed, r.Status));
        var first = returns[0];
        Assert.Equal(new DateTimeOffset(2011, 1, 7, 10, 0, 0, TimeSpan.Zero), first.ReturnedAt);
        Assert.Equal("customer-12345@online-retail.invalid", first.CustomerEmail);
        var byLine = first.Lines.OrderBy(l => l.Position).ToList();
        Assert.Equal((5, 5, order.Lines[0].Id, order.Id), (byLine[0].Quantity, byLine[0].MatchedQuantity, byLine[0].OrderLineId!.Value, byLine[0].OrderId!.Value));
        Assert.Equal((6, 4), (byLine[1].Quantity, byLine[1].MatchedQuantity)); // only 4 were bought
        var second = Assert.Single(returns[1].Lines);
        Assert.Equal((9, 7), (second.Quantity, second.MatchedQuantity)); // 12 bought, 5 already back
        var receiptless = Assert.Single(returns[2].Lines);
        Assert.Equal((1, 0, (Guid?)null, (string?)null, "ZZ"), (receiptless.Quantity, receiptless.MatchedQuantity, receiptless.OrderLineId, returns[2].CustomerEmail, returns[2].Country));

        // History moves nothing: no return case, no email, no refund, no stock.
        Assert.Equal(outboxBefore, await app.WithScopeAsync<RetourDbContext, int>(db => db.OutboxMessages.CountAsync()));
        Assert.False(await app.WithScopeAsync<RetourDbContext, bool>(db => db.Returns.AnyAsync(r => r.OrderId == order.Id)));
    }

    [Fact]
    public async Task Import_HalfAFileThenTheWholeFile_SkipsWhatIsInAndMatchesReturnsToEarlierRuns()
    {
        var p = Prefix();
        string[] first = [
            Header,
            $"{p}20,22633,HAND WARMER,12,2011-01-05 10:00:00,1.85,12346,France",
            $"{p}20,22634,HAND WARMER RED,4,2011-01-05 10:00:00,2.10,12346,France",
            $"{p}21,22633,HAND WARMER,1,2011-01-05 11:00:00,1.85,,France",
        ];
        string[] rest = [
            $"{p}22,22635,HAND WARMER BLUE,3,2011-01-06 10:00:00,2.10,12346,France",
            $"C{p}23,22633,HAND WARMER,-2,2011-01-07 10:00:00,1.85,12346,France",
        ];
        await ImportAsync(Write(".csv", first));
        var whole = Write(".csv", [.. first, .. rest]);

        var second = await ImportAsync(whole);
        var third = await ImportAsync(whole);

        Assert.Equal((1, 2, 1, 1), (second.OrdersCreated, second.OrdersAlreadyIn, second.ReturnsCreated, second.ReturnLinesMatched));
        Assert.Equal((0, 3, 0, 1), (third.OrdersCreated, third.OrdersAlreadyIn, third.ReturnsCreated, third.ReturnsAlreadyIn));
        Assert.Equal(3, await app.WithScopeAsync<RetourDbContext, int>(db => db.Orders.CountAsync(o => o.ShopOrderId.StartsWith(p))));
        var order = await OrderAsync($"{p}20");
        var back = Assert.Single(await app.WithScopeAsync<RetourDbContext, List<HistoricalReturn>>(db => db.Set<HistoricalReturn>().Where(r => r.ShopReturnId == $"C{p}23").ToListAsync()));
        Assert.Equal(order.Lines[0].Id, Assert.Single(back.Lines).OrderLineId);
    }

    [Fact]
    public async Task Import_StoppedAfterAFewBatches_IsFinishedByRunningItAgainWithoutDuplicates()
    {
        var p = Prefix();
        var lines = new List<string> { Header };
        for (var i = 0; i < 40; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                lines.Add($"{p}{i:D3},2263{j},HAND WARMER {j},{j + 1},2011-02-{1 + (i % 20):D2} 10:{i:D2}:00,1.85,{20000 + i},Norway");
            }
        }

        var file = Write(".csv", [.. lines]);
        using var stop = new CancellationTokenSource();
        using var scope = app.Services.CreateScope();
        var importer = new OrderHistoryImport(scope.ServiceProvider.GetRequiredService<RetourDbContext>(), TimeProvider.System) { BatchRows = 10 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.RunAsync(file, (done, _) =>
        {
            if (done >= 30)
            {
                stop.Cancel();
            }
        }, stop.Token));
        var partly = await app.WithScopeAsync<RetourDbContext, int>(db => db.Orders.CountAsync(o => o.ShopOrderId.StartsWith(p)));
        var report = await ImportAsync(file);

        Assert.InRange(partly, 4, 39);
        Assert.Equal((40 - partly, partly), (report.OrdersCreated, report.OrdersAlreadyIn));
        Assert.Equal(120, await app.WithScopeAsync<RetourDbContext, int>(db => db.Orders.Where(o => o.ShopOrderId.StartsWith(p)).SelectMany(o => o.Lines).CountAsync()));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        GC.SuppressFinalize(this);
    }

    private static string Prefix() => (5 + Random.Shared.Next(4)).ToString(CultureInfo.InvariantCulture) + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<OrderImportReport> ImportAsync(string file)
    {
        using var scope = app.Services.CreateScope();
        return await ActivatorUtilities.CreateInstance<OrderHistoryImport>(scope.ServiceProvider).RunAsync(file, null, CancellationToken.None);
    }

    private Task<Order> OrderAsync(string shopOrderId) =>
        app.WithScopeAsync<RetourDbContext, Order>(db => db.Orders.AsNoTracking().SingleAsync(o => o.ShopOrderId == shopOrderId));

    private string Write(string extension, string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"retour-import-{Guid.NewGuid():N}{extension}");
        _files.Add(path);
        var text = string.Join('\n', lines) + "\n";
        if (extension.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text);
        }

        return path;
    }
}

public sealed class OrderHistoryImportTests_Sqlite(SqliteApp app) : OrderHistoryImportTests(app), IClassFixture<SqliteApp>;

public sealed class OrderHistoryImportTests_Postgres(PostgresApp app) : OrderHistoryImportTests(app), IClassFixture<PostgresApp>;

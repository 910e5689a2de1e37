using System.Globalization;
using System.IO.Compression;
using System.Net;
using Microsoft.VisualBasic.FileIO;
using Retour.Web.Features.Analytics;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Analytics;

/// <summary>
/// The real-data check of issue #8: after the Online Retail import (run once per database by
/// <c>OnlineRetailDatasetTests</c>), the return rate per stock code, per country and per month the API gives equals the
/// one computed here straight from the CSV with the definitions of docs/analytics.md — every row compared.
/// </summary>
public static class OnlineRetailRates
{
    /// <summary>Compares the API's three groupings over the whole file with the file.</summary>
    public static async Task AssertMatchTheFileAsync(RetourApp app, string dataFile)
    {
        ArgumentNullException.ThrowIfNull(app);
        var expected = FromFile(dataFile);

        // The import marked every day stale; the first reader recomputes them all (here, not within an HTTP timeout).
        var days = await app.WithScopeAsync<RetourDbContext, int>(db => Rollups.RefreshAsync(db, CancellationToken.None));
        Assert.True(days > 300, $"{days} days recomputed");
        using var api = app.Api();
        api.Timeout = TimeSpan.FromMinutes(5);
        foreach (var (by, rows) in expected)
        {
            var response = await api.GetAsync(new Uri($"/api/v1/analytics/return-rates?by={RatesApi.Name(by)}&from=2010-12&to=2011-12", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var actual = (await response.Read<RatesResponse>()).Rows
                .Select(r => (r.Key, r.UnitsSold, r.UnitsReturned, r.UnitRate))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            var want = rows
                .Select(r => (r.Key, r.Value.Sold, r.Value.Returned, Rate: RatesQuery.Ratio(r.Value.Returned, r.Value.Sold)))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            Assert.True(want.Count > 0, $"{by}: nothing expected");
            Assert.Equal(want, actual);
        }
    }

    /// <summary>
    /// Units sold = quantities of invoice lines (invoice number all digits, quantity above zero, a product code) by
    /// invoice date; units returned = minus the quantities of credit-note lines (invoice number starting with C, a
    /// product code) by credit-note date, receipt-less ones included. Country names become ISO codes with the
    /// import's table (a lookup, not a definition).
    /// </summary>
    private static Dictionary<RateGrouping, Dictionary<string, (int Sold, int Returned)>> FromFile(string path)
    {
        using var parser = new TextFieldParser(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        parser.ReadFields();
        var rows = new List<(string Invoice, string Code, int Qty, DateTime Date, string Country)>();
        while (parser.ReadFields() is { } f)
        {
            rows.Add((f[0], f[1], int.Parse(f[3], CultureInfo.InvariantCulture), DateTime.Parse(f[4], CultureInfo.InvariantCulture), f[7]));
        }

        var invoiceDate = rows.GroupBy(r => r.Invoice).ToDictionary(g => g.Key, g => g.First().Date);
        static bool Product(string code) => (code.Length >= 5 && code[..5].All(char.IsAsciiDigit)) || code.StartsWith("DCGS", StringComparison.Ordinal);
        var result = new Dictionary<RateGrouping, Dictionary<string, (int Sold, int Returned)>>
        {
            [RateGrouping.Sku] = [],
            [RateGrouping.Country] = [],
            [RateGrouping.Month] = [],
        };
        foreach (var r in rows.Where(r => Product(r.Code)))
        {
            var sale = char.IsAsciiDigit(r.Invoice[0]) && r.Qty > 0;
            var credit = r.Invoice[0] == 'C';
            if (!sale && !credit)
            {
                continue;
            }

            var keys = new Dictionary<RateGrouping, string>
            {
                [RateGrouping.Sku] = r.Code,
                [RateGrouping.Country] = Countries.ToIso(r.Country),
                [RateGrouping.Month] = invoiceDate[r.Invoice].ToString("yyyy-MM", CultureInfo.InvariantCulture),
            };
            foreach (var (by, key) in keys)
            {
                var (sold, returned) = result[by].GetValueOrDefault(key);
                result[by][key] = sale ? (sold + r.Qty, returned) : (sold, returned - r.Qty);
            }
        }

        return result;
    }
}

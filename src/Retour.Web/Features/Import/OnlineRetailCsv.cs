using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace Retour.Web.Features.Import;

/// <summary>A row of an order-history file that could not be read, with its line number (the header is line 1).</summary>
public sealed record ImportProblem(int Line, string Message);

/// <summary>One transaction line of the file, read and checked.</summary>
internal sealed record RetailRow(int Line, string Invoice, string StockCode, string Description, int Quantity, DateTimeOffset InvoiceDate, decimal UnitPrice, int? CustomerId, string Country);

/// <summary>
/// Reads the Online Retail layout (<c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>),
/// plain or gzipped, as RFC 4180 CSV (fields may be quoted, with <c>""</c> for a quote, and span lines). A row that cannot be
/// read is reported with its line number and skipped; a wrong header rejects the file.
/// </summary>
internal static class OnlineRetailCsv
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Columns = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    private static readonly string[] DateFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss"];

    /// <summary>Opens the file, decompressing it when its name ends in <c>.gz</c>.</summary>
    public static TextReader Open(string path)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    /// <summary>Longest record read, so one unclosed quote cannot take the rest of a large file into one field.</summary>
    public const int MaxRecordBytes = 64 * 1024;

    /// <summary>
    /// Reads every row with CsvHelper's RFC 4180 reader (a quoted field may hold commas, <c>""</c> and line breaks);
    /// problems are added to <paramref name="problems"/> with the line the row starts on. Throws
    /// <see cref="InvalidDataException"/> on a wrong header, or on a quote left open for more than
    /// <see cref="MaxRecordBytes"/> (nothing is imported then: the file needs fixing).
    /// </summary>
    public static List<RetailRow> Read(TextReader reader, List<ImportProblem> problems, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => problems.Add(new ImportProblem((int)bad.LineNumber, bad.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "an unclosed quote.",
                CsvMalformedReason.StrayQuote => "a stray quote (quote the whole field and double the quotes inside it).",
                CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote.",
                var other => $"malformed CSV ({other}).",
            })),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        try
        {
            if (!csv.Read() || csv.FieldCount != Columns.Length || !Enumerable.Range(0, Columns.Length).All(i => string.Equals(csv.GetString(i).Trim(), Columns[i], StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException($"Line 1: the header must be {string.Join(',', Columns)}.");
            }

            var pool = new Dictionary<string, string>(StringComparer.Ordinal);
            var rows = new List<RetailRow>(1 << 16);
            while (csv.Read())
            {
                if (csv.RowNumber % 10_000 == 0)
                {
                    progress?.Invoke((int)csv.RowNumber);
                }

                var line = (int)csv.LineNumber;
                var fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }

                var error = Parse(fields, line, pool, out var row);
                if (error is not null || row is null)
                {
                    problems.Add(new ImportProblem(line, error ?? "unreadable."));
                    continue;
                }

                rows.Add(row);
            }

            return rows;
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException($"The file cannot be read as CSV: {e.Message} Most often a quote opened and never closed; nothing was imported.", e);
        }
    }

    private static string? Parse(string[] f, int line, Dictionary<string, string> pool, out RetailRow? row)
    {
        row = null;
        if (f.Length != Columns.Length)
        {
            return $"{f.Length} columns instead of {Columns.Length}.";
        }

        var invoice = f[0].Trim();
        var code = f[1].Trim();
        if (invoice.Length is 0 or > 100)
        {
            return "InvoiceNo is empty or longer than 100 characters.";
        }

        if (code.Length is 0 or > 100)
        {
            return "StockCode is empty or longer than 100 characters.";
        }

        if (!int.TryParse(f[3], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var quantity) || quantity == 0)
        {
            return $"Quantity '{f[3]}' is not a whole number other than 0.";
        }

        if (!DateTime.TryParseExact(f[4].Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return $"InvoiceDate '{f[4]}' is not a date such as 2010-12-01 08:26:00.";
        }

        if (!decimal.TryParse(f[5], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var price))
        {
            return $"UnitPrice '{f[5]}' is not a number such as 2.55.";
        }

        int? customer = null;
        if (f[6].Trim().Length > 0)
        {
            if (!decimal.TryParse(f[6], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var id)
                || id != decimal.Truncate(id) || id is < 1 or > int.MaxValue)
            {
                return $"CustomerID '{f[6]}' is not a positive whole number.";
            }

            customer = (int)id;
        }

        var country = f[7].Trim();
        if (country.Length == 0)
        {
            return "Country is empty.";
        }

        var description = f[2].Trim();
        row = new RetailRow(line, Intern(pool, invoice), Intern(pool, code), Intern(pool, description.Length > 500 ? description[..500] : description), quantity, new DateTimeOffset(date, TimeSpan.Zero), price, customer, Intern(pool, country));
        return null;
    }

    private static string Intern(Dictionary<string, string> pool, string value)
    {
        if (pool.TryGetValue(value, out var known))
        {
            return known;
        }

        pool[value] = value;
        return value;
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Retour.Web.Features.Import;

/// <summary>A row of an order-history file that could not be read, with its line number (the header is line 1).</summary>
public sealed record ImportProblem(int Line, string Message);

/// <summary>One transaction line of the file, read and checked.</summary>
internal sealed record RetailRow(int Line, string Invoice, string StockCode, string Description, int Quantity, DateTimeOffset InvoiceDate, decimal UnitPrice, int? CustomerId, string Country);

/// <summary>
/// Reads the Online Retail layout (<c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>),
/// plain or gzipped, as RFC 4180 CSV (fields may be quoted, with <c>""</c> for a quote, on one line). A row that cannot be
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

    /// <summary>Reads every row; problems are added to <paramref name="problems"/>. Throws <see cref="InvalidDataException"/> on a wrong header.</summary>
    public static List<RetailRow> Read(TextReader reader, List<ImportProblem> problems, Action<int>? progress = null)
    {
        var header = reader.ReadLine();
        var names = header is null ? [] : Split(header);
        if (names is null || names.Count != Columns.Length || !names.Select(n => n.Trim()).SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Line 1: the header must be {string.Join(',', Columns)}.");
        }

        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<RetailRow>(1 << 16);
        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (number % 10_000 == 0)
            {
                progress?.Invoke(number);
            }

            if (text.Length == 0)
            {
                continue;
            }

            var fields = Split(text);
            RetailRow? row = null;
            var error = fields is null ? "an unclosed quote." : Parse(fields, number, pool, out row);
            if (error is not null || row is null)
            {
                problems.Add(new ImportProblem(number, error ?? "unreadable."));
                continue;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string? Parse(List<string> f, int line, Dictionary<string, string> pool, out RetailRow? row)
    {
        row = null;
        if (f.Count != Columns.Length)
        {
            return $"{f.Count} columns instead of {Columns.Length}.";
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

    /// <summary>Splits one CSV line; null when a quote is not closed.</summary>
    internal static List<string>? Split(string line)
    {
        var fields = new List<string>(8);
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                fields.Add(sb.ToString());
                if (i < line.Length && line[i] != ',')
                {
                    return null;
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                fields.Add(end < 0 ? line[i..] : line[i..end]);
                i = end < 0 ? line.Length : end;
            }

            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
            if (i == line.Length)
            {
                fields.Add(string.Empty);
                return fields;
            }
        }
    }
}

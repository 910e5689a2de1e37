using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Demo;

/// <summary>
/// Fills a PostgreSQL database with many returns quickly, for the back-office list benchmark: the demo shop's returns
/// (every state) are the templates, and each new return is a copy of one, written with PostgreSQL's binary COPY —
/// a million returns in about a minute where EF Core would take most of an hour. Each copy gets its own id and
/// number, a request time spread over the last days (its other times moved with it), a customer email, order number,
/// tracking number and refund reference of its own; its lines and refunds are copied with it, its timeline is not
/// (no list reads it). Copies keep their template's order, so they are volume for lists, not orders to return from.
/// </summary>
public static class ReturnVolume
{
    private const int Chunk = 50_000;

    private static readonly HashSet<string> Finished = [.. new[] { ReturnStatus.Resolved, ReturnStatus.Closed, ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired }.Select(s => s.ToString())];

    /// <summary>
    /// Adds <paramref name="count"/> copies of the returns already in the database, requested over the last
    /// <paramref name="days"/> days, <paramref name="openShare"/> of them copies of returns still being worked on (the
    /// rest finished, as in a shop that has run for a while).
    /// </summary>
    public static async Task<int> GenerateAsync(RetourDbContext db, int count, int days, double openShare, DateTimeOffset now, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            throw new InvalidOperationException("generate-returns writes with PostgreSQL's COPY; set Database__Provider=Postgres.");
        }

        await db.Database.OpenConnectionAsync(ct);
        var returns = await ReadAsync(connection, "SELECT * FROM \"Returns\" LIMIT 10000", ct);
        if (returns.Rows.Count == 0)
        {
            throw new InvalidOperationException("No return to copy: seed the demo shop first (seed-demo).");
        }

        var lines = await ReadAsync(connection, "SELECT * FROM \"ReturnLine\"", ct);
        var refunds = await ReadAsync(connection, "SELECT * FROM \"Refunds\"", ct);
        var linesOf = lines.Rows.ToLookup(l => (Guid)l[lines.Index("ReturnCaseId")]!);
        var refundsOf = refunds.Rows.ToLookup(f => (Guid)f[refunds.Index("ReturnCaseId")]!);
        var status = returns.Index("Status");
        var open = returns.Rows.Where(r => !Finished.Contains((string)r[status]!)).ToList();
        var finished = returns.Rows.Where(r => Finished.Contains((string)r[status]!)).ToList();
        var numbers = (await db.Returns.Select(r => r.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var random = new Random(count);
        var stamp = now.UtcDateTime;

        for (var done = 0; done < count; done += Chunk)
        {
            var copies = new List<(object?[] Row, Guid Template, TimeSpan Shift)>();
            for (var i = done; i < Math.Min(count, done + Chunk); i++)
            {
                var pool = (random.NextDouble() < openShare && open.Count > 0) || finished.Count == 0 ? open : finished;
                var template = pool[random.Next(pool.Count)];
                var requested = stamp.AddSeconds(-random.NextDouble() * days * 86_400);
                var shift = requested - (DateTime)template[returns.Index("RequestedAt")]!;
                var number = ReturnNumber.Create();
                while (!numbers.Add(number))
                {
                    number = ReturnNumber.Create();
                }

                var row = Shifted(template, shift);
                var id = Guid.CreateVersion7(new DateTimeOffset(requested));
                row[returns.Index("Id")] = id;
                row[returns.Index("Number")] = number;
                row[returns.Index("CreationKey")] = null;
                row[returns.Index("CustomerEmail")] = Variant((string)template[returns.Index("CustomerEmail")]!, i % 300_000);
                row[returns.Index("OrderNumber")] = string.Create(CultureInfo.InvariantCulture, $"{template[returns.Index("OrderNumber")]}-G{i}");
                if (row[returns.Index("TrackingNumber")] is string tracking)
                {
                    row[returns.Index("TrackingNumber")] = string.Create(CultureInfo.InvariantCulture, $"{tracking}G{i}");
                }

                copies.Add((row, (Guid)template[returns.Index("Id")]!, shift));
            }

            await CopyAsync(connection, "Returns", returns, copies.Select(c => c.Row), ct);
            await CopyAsync(connection, "ReturnLine", lines, copies.SelectMany(c => linesOf[c.Template].Select(l =>
            {
                var row = Shifted(l, c.Shift);
                row[lines.Index("Id")] = Guid.CreateVersion7();
                row[lines.Index("ReturnCaseId")] = c.Row[returns.Index("Id")];
                return row;
            })), ct);
            await CopyAsync(connection, "Refunds", refunds, copies.SelectMany(c => refundsOf[c.Template].Select(f =>
            {
                var row = Shifted(f, c.Shift);
                var id = Guid.CreateVersion7();
                row[refunds.Index("Id")] = id;
                row[refunds.Index("ReturnCaseId")] = c.Row[returns.Index("Id")];
                row[refunds.Index("IdempotencyKey")] = "gen-" + id.ToString("N");
                if (row[refunds.Index("ProviderReference")] is string reference)
                {
                    row[refunds.Index("ProviderReference")] = reference + "-" + id.ToString("N")[..12];
                }

                return row;
            })), ct);
            progress?.Report(Math.Min(count, done + Chunk));
        }

        // As autovacuum would soon: statistics for the planner, and the visibility map that lets counts read indexes alone.
        foreach (var table in new[] { "Returns", "ReturnLine", "Refunds" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) \"{table}\"", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        return count;
    }

    // Every instant of the row moved by the same amount, so its deadlines keep their distance from its request.
    private static object?[] Shifted(object?[] row, TimeSpan shift) =>
        row.Select(v => v is DateTime t ? DateTime.SpecifyKind(t + shift, DateTimeKind.Utc) : v).ToArray();

    private static string Variant(string email, int customer)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? email : string.Create(CultureInfo.InvariantCulture, $"{email[..at]}+c{customer}{email[at..]}");
    }

    private static async Task<Table> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = (await reader.GetColumnSchemaAsync(ct)).Select(c => (c.ColumnName, ((Npgsql.Schema.NpgsqlDbColumn)c).NpgsqlDbType ?? NpgsqlDbType.Unknown)).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
            }

            rows.Add(values);
        }

        return new Table(columns, rows);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, Table shape, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", shape.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(row[i], shape.Columns[i].Type, ct);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private sealed record Table(List<(string Name, NpgsqlDbType Type)> Columns, List<object?[]> Rows)
    {
        public int Index(string column) => Columns.FindIndex(c => c.Name == column) is var i and >= 0 ? i : throw new InvalidOperationException($"No column {column}.");
    }
}

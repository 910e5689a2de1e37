using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Retour.Web.Features.Import;

/// <summary>
/// Writes entities the domain made straight into their table, bypassing the change tracker (which costs more than
/// the database at hundreds of thousands of rows): PostgreSQL's binary COPY, or one prepared INSERT executed per row
/// on SQLite. The columns, and how each value is converted, come from EF's own model and type mappings, so a row is
/// the one SaveChanges would write: same table, columns, JSON, enum names, GUID and date formats, concurrency tokens.
/// </summary>
internal sealed class BulkRows
{
    private readonly DbContext _db;
    private readonly IProperty[] _columns;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly string _table;
    private readonly string _columnList;
    private readonly bool _postgres;
    private NpgsqlDbType[]? _types;

    /// <summary>Prepares the writer of one entity type.</summary>
    public BulkRows(DbContext db, Type clrType)
    {
        _db = db;
        var type = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
        _columns = [.. type.GetFlattenedProperties()];
        _mappings = [.. _columns.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping())];
        var sql = db.GetService<ISqlGenerationHelper>();
        _table = sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
        _columnList = string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())));
        _postgres = db.Database.IsNpgsql();
    }

    /// <summary>
    /// Inserts the rows in the current transaction. <paramref name="shadow"/> gives the value of a column the entity
    /// has no CLR property for (the parent's foreign key).
    /// </summary>
    public async Task InsertAsync<T>(IReadOnlyList<T> rows, Func<T, object?> shadow, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = _db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Bulk rows are written in a transaction.");
        if (_postgres)
        {
            await CopyAsync(rows, shadow, (NpgsqlConnection)transaction.Connection!, ct);
            return;
        }

        // A command per call: its statement is prepared on the connection of this transaction, which after the previous
        // commit may be another of the pool's.
        await using var command = Prepare(transaction);
        foreach (var row in rows)
        {
            for (var c = 0; c < _columns.Length; c++)
            {
                command.Parameters[c].Value = Value(row, c, shadow) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private DbCommand Prepare(DbTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {_table} ({_columnList}) VALUES ({string.Join(", ", _columns.Select((_, i) => "@p" + i))})";
        for (var c = 0; c < _columns.Length; c++)
        {
            // The mapping configures the parameter as EF would (e.g. GUIDs and decimals as SQLite text).
            command.Parameters.Add(_mappings[c].CreateParameter(command, "@p" + c, null, _columns[c].IsNullable));
        }

        command.Prepare();
        return command;
    }

    private object? Value<T>(T row, int c, Func<T, object?> shadow)
        where T : class
    {
        var column = _columns[c];
        var value = column.IsShadowProperty() ? shadow(row) : column.GetGetter().GetClrValueUsingContainingEntity(row);
        return value is null ? null : _mappings[c].Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private async Task CopyAsync<T>(IReadOnlyList<T> rows, Func<T, object?> shadow, NpgsqlConnection connection, CancellationToken ct)
        where T : class
    {
        if (_types is null)
        {
            await using var probe = new NpgsqlCommand($"SELECT {_columnList} FROM {_table} LIMIT 0", connection);
            await using var reader = await probe.ExecuteReaderAsync(ct);
            _types = [.. (await reader.GetColumnSchemaAsync(ct)).Select(c => ((Npgsql.Schema.NpgsqlDbColumn)c).NpgsqlDbType ?? NpgsqlDbType.Unknown)];
        }

        await using var importer = await connection.BeginBinaryImportAsync($"COPY {_table} ({_columnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            for (var c = 0; c < _columns.Length; c++)
            {
                if (Value(row, c, shadow) is { } value)
                {
                    await importer.WriteAsync(value, _types[c], ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }
}

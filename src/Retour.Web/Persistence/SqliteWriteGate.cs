using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Retour.Web.Persistence;

/// <summary>
/// SQLite allows one writer at a time, and Microsoft.Data.Sqlite answers a busy database by sleeping and retrying,
/// which turns contention into long stalls. Inside one process Retour queues its writers instead: a transaction, or
/// a write outside one, holds this gate until it ends. Readers never wait (the file is in WAL mode).
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    internal Task WaitAsync(CancellationToken ct) => _gate.WaitAsync(ct);

    internal void Wait() => _gate.Wait();

    internal void Release() => _gate.Release();

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}

/// <summary>Takes the <see cref="SqliteWriteGate"/> for every write of one DbContext and gives it back when the write ends.</summary>
internal sealed class SqliteWriteInterceptor(SqliteWriteGate gate) : DbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private bool _held;
    private bool _heldForCommand;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await AcquireAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Acquire();
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseHeld();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseHeld();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld();
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseHeld();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld();
        return Task.CompletedTask;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeCommandAsync(command, cancellationToken);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        AfterCommand();
        return ValueTask.FromResult(result);
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeCommandAsync(command, cancellationToken);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterCommand();
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeforeCommand(command);
        return result;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        AfterCommand();
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeforeCommand(command);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AfterCommand();
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => AfterCommand();

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommand();
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseHeld();
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseHeld();
        return ValueTask.FromResult(result);
    }

    private static bool IsWrite(DbCommand command) =>
        command.Transaction is null && command.CommandText.TrimStart() is var sql
        && (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("PRAGMA journal_mode", StringComparison.OrdinalIgnoreCase));

    private async Task BeforeCommandAsync(DbCommand command, CancellationToken ct)
    {
        if (!_held && IsWrite(command))
        {
            await AcquireAsync(ct);
            _heldForCommand = true;
        }
    }

    private void BeforeCommand(DbCommand command)
    {
        if (!_held && IsWrite(command))
        {
            Acquire();
            _heldForCommand = true;
        }
    }

    private void AfterCommand()
    {
        if (_heldForCommand)
        {
            _heldForCommand = false;
            ReleaseHeld();
        }
    }

    private async Task AcquireAsync(CancellationToken ct)
    {
        if (!_held)
        {
            await gate.WaitAsync(ct);
            _held = true;
        }
    }

    private void Acquire()
    {
        if (!_held)
        {
            gate.Wait();
            _held = true;
        }
    }

    private void ReleaseHeld()
    {
        if (_held)
        {
            _held = false;
            _heldForCommand = false;
            gate.Release();
        }
    }
}

/// <summary>Sets the per-connection pragmas Retour relies on: WAL-friendly durability and foreign keys.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

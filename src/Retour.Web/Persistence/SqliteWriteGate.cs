using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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

/// <summary>
/// Takes the <see cref="SqliteWriteGate"/> for every write of a DbContext and gives it back when the write ends. One
/// instance serves every pooled context, so what each context holds is kept per context.
/// </summary>
internal sealed class SqliteWriteInterceptor(SqliteWriteGate gate) : DbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Holding> _holdings = [];

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await AcquireAsync(Of(eventData.Context), cancellationToken);
        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Acquire(Of(eventData.Context));
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseHeld(Of(eventData.Context));

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld(Of(eventData.Context));
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseHeld(Of(eventData.Context));

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld(Of(eventData.Context));
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseHeld(Of(eventData.Context));

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld(Of(eventData.Context));
        return Task.CompletedTask;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeCommandAsync(Of(eventData.Context), command, cancellationToken);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        AfterCommand(Of(eventData.Context));
        return ValueTask.FromResult(result);
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeCommandAsync(Of(eventData.Context), command, cancellationToken);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterCommand(Of(eventData.Context));
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeforeCommand(Of(eventData.Context), command);
        return result;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        AfterCommand(Of(eventData.Context));
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeforeCommand(Of(eventData.Context), command);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AfterCommand(Of(eventData.Context));
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => AfterCommand(Of(eventData.Context));

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommand(Of(eventData.Context));
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseHeld(Of(eventData.Context));
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ReleaseHeld(Of(eventData.Context));
        return ValueTask.FromResult(result);
    }

    private static bool IsWrite(DbCommand command) =>
        command.Transaction is null && command.CommandText.TrimStart() is var sql
        && (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("PRAGMA journal_mode", StringComparison.OrdinalIgnoreCase));

    private async Task BeforeCommandAsync(Holding holding, DbCommand command, CancellationToken ct)
    {
        if (!holding.Held && IsWrite(command))
        {
            await AcquireAsync(holding, ct);
            holding.ForCommand = true;
        }
    }

    private void BeforeCommand(Holding holding, DbCommand command)
    {
        if (!holding.Held && IsWrite(command))
        {
            Acquire(holding);
            holding.ForCommand = true;
        }
    }

    private void AfterCommand(Holding holding)
    {
        if (holding.ForCommand)
        {
            holding.ForCommand = false;
            ReleaseHeld(holding);
        }
    }

    private async Task AcquireAsync(Holding holding, CancellationToken ct)
    {
        if (!holding.Held)
        {
            await gate.WaitAsync(ct);
            holding.Held = true;
        }
    }

    private void Acquire(Holding holding)
    {
        if (!holding.Held)
        {
            gate.Wait();
            holding.Held = true;
        }
    }

    private void ReleaseHeld(Holding holding)
    {
        if (holding.Held)
        {
            holding.Held = false;
            holding.ForCommand = false;
            gate.Release();
        }
    }

    private Holding Of(object? context) => context is null ? new Holding() : _holdings.GetOrCreateValue(context);

    /// <summary>Whether one context holds the gate, and whether only for the current command.</summary>
    private sealed class Holding
    {
        public bool Held { get; set; }

        public bool ForCommand { get; set; }
    }
}

/// <summary>
/// Sets the per-connection pragmas Retour relies on (WAL-friendly durability, a busy timeout, memory-mapped reads) once
/// per physical connection. Microsoft.Data.Sqlite pools the native handle behind every open, so running the pragmas
/// on each open would parse and execute them again for every query.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // mmap: readers copy pages from the shared mapping instead of a pread per page, which matters in WAL mode where a
    // connection drops its page cache whenever another one has written.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA mmap_size=67108864;";

    private readonly ConditionalWeakTable<object, object> _prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _prepared.TryAdd(handle, handle);
}

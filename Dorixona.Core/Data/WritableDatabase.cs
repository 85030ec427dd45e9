using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Dorixona.Core.Data;

/// <summary>The database refused a write because it is read-only (a read-only file, a read-only session, a standby).</summary>
public sealed class DatabaseReadOnlyException(Exception inner) : Exception("The database refuses writes: " + inner.Message, inner);

/// <summary>
/// Recognises each provider's "read-only" error once, for everyone (decision 0018). A write the database refuses surfaces as
/// <see cref="DatabaseReadOnlyException"/>, not as the <see cref="DbUpdateException"/> services read as a race or a duplicate,
/// so no service mistakes it for a conflict and the web answers 503. Connections opened while the database was read-only
/// are not reused once it is writable again: SQLite opens a write-protected file read-only for that connection's life, and a
/// PostgreSQL session keeps the <c>default_transaction_read_only</c> it started with.
/// </summary>
public sealed class WritableDatabase : DbCommandInterceptor, ISaveChangesInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private const int SqliteReadOnly = 8; // SQLITE_READONLY; extended codes share the primary code
    private const string PostgresReadOnlyTransaction = "25006";
    private const int SqlServerReadOnlyDatabase = 3906;

    private static readonly ConcurrentDictionary<string, bool> SqliteOpenedReadOnlyOnPurpose = new();

    public static bool IsReadOnly(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DatabaseReadOnlyException
                or SqliteException { SqliteErrorCode: SqliteReadOnly }
                or PostgresException { SqlState: PostgresReadOnlyTransaction }
                or SqlException { Number: SqlServerReadOnlyDatabase })
                return true;
        }
        return false;
    }

    /// <summary>Attempts a write that changes nothing (<c>UPDATE … WHERE 1 = 0</c>): both engines check writability before looking at rows.</summary>
    public static async Task ProbeAsync(DorixonaDbContext db, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(Settings.ShopSetting))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var column = sql.DelimitIdentifier(entity.FindPrimaryKey()!.Properties[0].GetColumnName());
        var statement = "UPDATE " + table + " SET " + column + " = " + column + " WHERE 1 = 0";
        await db.Database.ExecuteSqlRawAsync(statement, ct);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Translate(eventData.Exception, command.Connection);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Translate(eventData.Exception, command.Connection);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Translate(eventData.Exception, null);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Translate(eventData.Exception, null);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Translate(eventData.Exception, transaction.Connection);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Translate(eventData.Exception, transaction.Connection);
        return Task.CompletedTask;
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!OpenedReadOnly(connection)) return;
        if (connection is NpgsqlConnection)
        {
            ClearPool(connection); // Npgsql will not close a connection inside its open: this session is dropped when returned
            return;
        }
        connection.Close();
        ClearPool(connection);
        connection.Open();
    }

    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!OpenedReadOnly(connection)) return;
        if (connection is NpgsqlConnection)
        {
            ClearPool(connection);
            return;
        }
        await connection.CloseAsync();
        ClearPool(connection);
        await connection.OpenAsync(cancellationToken);
    }

    private static void Translate(Exception exception, DbConnection? connection)
    {
        if (exception is DatabaseReadOnlyException || !IsReadOnly(exception)) return;
        if (connection is not null) ClearPool(connection);
        throw new DatabaseReadOnlyException(exception);
    }

    /// <summary>
    /// A pooled connection from a read-only spell (or a fresh one while it lasts). SQLite: the caller gets a newly opened one,
    /// writable as soon as the file is. PostgreSQL: the pool is cleared, so the read-only sessions are dropped as they come back
    /// and at most the request holding one is refused. While the database stays read-only this costs a real open per use.
    /// </summary>
    private static bool OpenedReadOnly(DbConnection connection) => connection switch
    {
        SqliteConnection sqlite => sqlite.Handle is { } handle && SQLitePCL.raw.sqlite3_db_readonly(handle, "main") == 1
            && !SqliteOpenedReadOnlyOnPurpose.GetOrAdd(sqlite.ConnectionString, cs => new SqliteConnectionStringBuilder(cs).Mode == SqliteOpenMode.ReadOnly),
        NpgsqlConnection npgsql => npgsql.PostgresParameters.TryGetValue("default_transaction_read_only", out var readOnly) && readOnly == "on"
            || npgsql.PostgresParameters.TryGetValue("in_hot_standby", out var standby) && standby == "on",
        _ => false,
    };

    private static void ClearPool(DbConnection connection)
    {
        switch (connection)
        {
            case SqliteConnection sqlite:
                SqliteConnection.ClearPool(sqlite);
                break;
            case NpgsqlConnection npgsql:
                NpgsqlConnection.ClearPool(npgsql);
                break;
            case SqlConnection sqlServer:
                SqlConnection.ClearPool(sqlServer);
                break;
        }
    }
}

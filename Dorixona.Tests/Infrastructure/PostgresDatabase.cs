using Dorixona.Core.Data;
using Npgsql;

namespace Dorixona.Tests.Infrastructure;

/// <summary>
/// Databases on the PostgreSQL server named by <c>DORIXONA_TEST_PG</c> (./test.sh starts a private one).
/// A class's database is <c>CREATE DATABASE ... TEMPLATE</c> of a migrated template, which is far quicker
/// than migrating each time.
/// </summary>
public sealed class PostgresDatabase : DatabaseFixture
{
    public const string ServerVariable = "DORIXONA_TEST_PG";

    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private static readonly string RunId = $"{Environment.ProcessId}_{Guid.NewGuid():N}"[..16];
    private static int _next;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateFromTemplateAsync()
    {
        var template = await Template.Value;
        var name = NewName("t");
        await ExecuteAsync($"""CREATE DATABASE "{name}" TEMPLATE "{template}" """);
        return ConnectionStringFor(name);
    }

    protected override async Task<string> CreateEmptyAsync()
    {
        var name = NewName("e");
        await ExecuteAsync($"""CREATE DATABASE "{name}" TEMPLATE template0""");
        return ConnectionStringFor(name);
    }

    protected override async Task DropAsync(string connectionString)
    {
        await using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""");
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"dorixona_template_{RunId}";
        await ExecuteAsync($"""CREATE DATABASE "{name}" TEMPLATE template0""");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate(name);
        await InitializeLikeTheAppAsync(DatabaseProvider.Postgres, ConnectionStringFor(name));
        await using (var connection = new NpgsqlConnection(ConnectionStringFor(name))) NpgsqlConnection.ClearPool(connection);
        // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template; make sure nobody can be.
        await ExecuteAsync($"""ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true""");
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
        return name;
    }

    private static void DropTemplate(string name)
    {
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString());
            connection.Open();
            // Two commands: DROP DATABASE refuses to run inside the implicit transaction of a multi-statement one.
            using (var command = new NpgsqlCommand($"""ALTER DATABASE "{name}" WITH IS_TEMPLATE false""", connection)) command.ExecuteNonQuery();
            using (var command = new NpgsqlCommand($"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""", connection)) command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // Best effort at process exit: ./test.sh throws the whole cluster away anyway.
        }
    }

    private static string NewName(string kind) => $"dorixona_{kind}_{RunId}_{Interlocked.Increment(ref _next)}";

    private static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL tests need a server, but {ServerVariable} is not set. Run ./test.sh, which starts a " +
                $"private PostgreSQL cluster and sets it, or set {ServerVariable} to a connection string such as " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\" (the user must be allowed to CREATE DATABASE).");

    private static string AdminConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString());
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = "postgres";
        builder.Pooling = false;
        return builder.ToString();
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString()) { Database = database }.ToString();

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Dorixona.Core.Data;
using Microsoft.Data.Sqlite;

namespace Dorixona.Tests.Infrastructure;

/// <summary>SQLite files in a temp folder of this test run; a class's database is a copy of the template file.</summary>
public sealed class SqliteDatabase : DatabaseFixture
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"dorixona-tests-{Environment.ProcessId}");
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override async Task<string> CreateFromTemplateAsync()
    {
        var template = await Template.Value;
        var path = NewPath();
        File.Copy(template, path);
        return ConnectionStringFor(path);
    }

    protected override Task<string> CreateEmptyAsync()
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult(ConnectionStringFor(NewPath()));
    }

    protected override Task DropAsync(string connectionString)
    {
        using (var connection = new SqliteConnection(connectionString)) SqliteConnection.ClearPool(connection);
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
        return Task.CompletedTask;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        Directory.CreateDirectory(Folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFolder();
        var path = Path.Combine(Folder, "template.db");
        var connectionString = ConnectionStringFor(path);
        await InitializeLikeTheAppAsync(DatabaseProvider.Sqlite, connectionString);
        // Pooled connections could hold the file open mid-copy; the default journal mode leaves one complete file.
        using (var connection = new SqliteConnection(connectionString)) SqliteConnection.ClearPool(connection);
        return path;
    }

    private static string NewPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    private static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    private static void DeleteFolder()
    {
        try
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp folder is cleaned eventually anyway.
        }
    }
}

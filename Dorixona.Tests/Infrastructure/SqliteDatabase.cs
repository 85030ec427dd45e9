using Dorixona.Core.Data;
using Microsoft.Data.Sqlite;

namespace Dorixona.Tests.Infrastructure;

/// <summary>SQLite files in a temp folder of this test run; a class's database is a copy of the template file.</summary>
public sealed class SqliteDatabase : DatabaseFixture
{
    private const string FolderPrefix = "dorixona-tests-";
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Environment.ProcessId);
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
        DeleteFoldersOfEndedRuns();
        Directory.CreateDirectory(Folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFolder(Folder);
        var path = Path.Combine(Folder, "template.db");
        var connectionString = ConnectionStringFor(path);
        await InitializeLikeTheAppAsync(DatabaseProvider.Sqlite, connectionString);
        // Pooled connections could hold the file open mid-copy; the default journal mode leaves one complete file.
        using (var connection = new SqliteConnection(connectionString)) SqliteConnection.ClearPool(connection);
        return path;
    }

    private static string NewPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    private static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    /// <summary>A test host killed before its exit handler ran leaves its folder behind; its process id says so.</summary>
    private static void DeleteFoldersOfEndedRuns()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(folder)[FolderPrefix.Length..], out var pid) && !IsRunning(pid)) DeleteFolder(folder);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            if (folder == Folder) SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the OS temp folder is cleaned eventually anyway.
        }
    }
}

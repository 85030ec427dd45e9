using System.Text.RegularExpressions;

namespace Dorixona.Core.Common;

public sealed class FileStoreOptions
{
    public const string Section = "FileStore";

    /// <summary>The folder for uploads; a relative path is under the content root, outside wwwroot.</summary>
    public string Root { get; set; } = "App_Data/uploads";
}

/// <summary>
/// Files in a folder on this machine. Only paths of the form <c>folder/name</c> with plain characters are
/// accepted, so nothing outside the root can be named; a file appears under its name only once complete.
/// </summary>
public sealed partial class LocalFileStore(string root) : IFileStore
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task SaveAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await file.WriteAsync(content, ct);
            File.Move(temp, target, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<StoredFile?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        var info = new FileInfo(Resolve(path));
        if (!info.Exists) return Task.FromResult<StoredFile?>(null);
        try
        {
            var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<StoredFile?>(new StoredFile(stream, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<StoredFile?>(null);
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken ct = default)
    {
        var target = Resolve(path);
        if (!File.Exists(target)) return Task.FromResult(false);
        File.Delete(target);
        return Task.FromResult(true);
    }

    public Task<int> DeleteOlderThanAsync(string folder, DateTimeOffset cutoff, CancellationToken ct = default)
    {
        if (!FolderPattern().IsMatch(folder)) throw new ArgumentException($"'{folder}' is not a storage folder.", nameof(folder));
        var directory = new DirectoryInfo(Path.Combine(_root, folder));
        if (!directory.Exists) return Task.FromResult(0);
        var deleted = 0;
        foreach (var file in directory.EnumerateFiles().Where(f => f.LastWriteTimeUtc < cutoff.UtcDateTime))
        {
            file.Delete();
            deleted++;
        }
        return Task.FromResult(deleted);
    }

    private string Resolve(string path)
    {
        if (!PathPattern().IsMatch(path)) throw new ArgumentException($"'{path}' is not a storage path.", nameof(path));
        var full = Path.GetFullPath(Path.Combine(_root, path));
        // The pattern already rules out "..", separators and rooted names; this is the belt to those braces.
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{path}' is outside the store.", nameof(path));
        return full;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex FolderPattern();

    [GeneratedRegex(@"^[a-z0-9-]{1,32}/[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\.[a-z0-9]{1,8})?$")]
    private static partial Regex PathPattern();
}

using System.Text;
using System.Text.RegularExpressions;
using Dorixona.Core.Common;

namespace Dorixona.Core.Catalog.Import;

/// <summary>A dry run's report, and when the file had no errors the token that imports exactly that file.</summary>
public sealed record ImportCheck(ImportReport Report, string? Token);

/// <summary>
/// Uploaded product CSV files: bounded in size, read as UTF-8 (with or without BOM) or, failing that, as
/// Windows-1251 (what Excel saves Cyrillic in). A checked file waits in <see cref="IFileStore"/> for a day,
/// so the admin can import it without uploading it again; the import validates it once more anyway.
/// </summary>
public sealed partial class ImportUploads(ProductImporter importer, IFileStore files, TimeProvider clock)
{
    public const string Folder = "imports";
    public const int MaxBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    public async Task<ImportReport> ImportAsync(Stream csv, bool dryRun, CancellationToken ct = default)
    {
        var bytes = await BoundedRead.ReadAtMostAsync(csv, MaxBytes, ct);
        return bytes is null ? TooLarge(dryRun) : await importer.ImportAsync(new StringReader(Decode(bytes)), dryRun, ct);
    }

    public async Task<ImportCheck> CheckAsync(Stream csv, CancellationToken ct = default)
    {
        var bytes = await BoundedRead.ReadAtMostAsync(csv, MaxBytes, ct);
        if (bytes is null) return new ImportCheck(TooLarge(dryRun: true), null);
        var report = await importer.ImportAsync(new StringReader(Decode(bytes)), dryRun: true, ct);
        if (!report.Succeeded) return new ImportCheck(report, null);
        await files.DeleteOlderThanAsync(Folder, clock.GetUtcNow() - Keep, ct);
        var token = Guid.NewGuid().ToString("N");
        await files.SaveAsync(PathOf(token), bytes, ct);
        return new ImportCheck(report, token);
    }

    /// <summary>Imports the file a clean check kept; null when the token names none (imported already, or too old).</summary>
    public async Task<ImportReport?> ImportCheckedAsync(string? token, CancellationToken ct = default)
    {
        if (token is null || !TokenPattern().IsMatch(token)) return null;
        byte[] bytes;
        await using (var file = await files.OpenReadAsync(PathOf(token), ct))
        {
            if (file is null) return null;
            using var buffer = new MemoryStream();
            await file.Content.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        var report = await importer.ImportAsync(new StringReader(Decode(bytes)), dryRun: false, ct);
        if (report.Succeeded) await files.DeleteAsync(PathOf(token), ct);
        return report;
    }

    public static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble)) return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1251).GetString(bytes);
        }
    }

    private static string PathOf(string token) => Folder + "/" + token + ".csv";

    private static ImportReport TooLarge(bool dryRun) =>
        new(0, 0, 0, [new ImportRowError(1, "", "import.tooLarge", (MaxBytes / 1024 / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture))], dryRun);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenPattern();
}

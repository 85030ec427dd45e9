using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Prescriptions;

public sealed record PrescriptionUpload(string? Note, string? Doctor, long? OrderId);

/// <summary>One page read from an upload: its bytes and what its first bytes say it is.</summary>
public sealed record UploadedPage(byte[] Content, PrescriptionFormat Format);

/// <summary>
/// Takes a customer's prescription: 1–5 JPEG, PNG, WebP or PDF files of at most 10 MB each, recognised by their
/// content. Each file is read with a limit, so an oversized one is refused as soon as it proves too long and is
/// never stored; names are generated, the uploaded name is never looked at.
/// </summary>
public sealed class PrescriptionUploads(DorixonaDbContext db, IFileStore files, TimeProvider clock, ILogger<PrescriptionUploads> logger)
{
    public const string Folder = "prescriptions";
    public const int MaxFiles = 5;
    public const int MaxBytes = 10 * 1024 * 1024;

    public static string PathOf(string fileName) => Folder + "/" + fileName;

    /// <summary>Reads one uploaded file; the <paramref name="number"/>th (from 1) of this upload.</summary>
    public static async Task<Result<UploadedPage>> ReadAsync(Stream content, int number, CancellationToken ct = default)
    {
        if (number > MaxFiles) return Result<UploadedPage>.Fail("files", "prescription.tooManyFiles", MaxFiles);
        var bytes = await BoundedRead.ReadAtMostAsync(content, MaxBytes, ct);
        if (bytes is null) return Result<UploadedPage>.Fail("files", "prescription.fileTooLarge", number, MaxBytes / 1024 / 1024);
        if (bytes.Length == 0) return Result<UploadedPage>.Fail("files", "prescription.fileEmpty", number);
        if (PrescriptionFormats.Detect(bytes) is not { } format) return Result<UploadedPage>.Fail("files", "prescription.fileType", number);
        return Result<UploadedPage>.Ok(new UploadedPage(bytes, format));
    }

    public async Task<Result<long>> CreateAsync(Guid userId, PrescriptionUpload upload, IReadOnlyList<UploadedPage> pages, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (pages.Count == 0) errors.Add(new("files", "prescription.filesRequired"));
        if (pages.Count > MaxFiles) errors.Add(new("files", "prescription.tooManyFiles", MaxFiles));
        if (upload.Note is { Length: > 500 }) errors.Add(new("note", "prescription.noteTooLong", 500));
        if (upload.Doctor is { Length: > 200 }) errors.Add(new("doctor", "prescription.doctorTooLong", 200));
        if (upload.OrderId is { } orderId && !await db.Orders.AnyAsync(o => o.Id == orderId && o.UserId == userId, ct))
            errors.Add(new("orderId", "order.notFound"));
        if (errors.Count > 0) return Result<long>.Fail(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var stored = new List<string>();
        var saved = false;
        try
        {
            var rows = new List<PrescriptionFile>();
            foreach (var (page, i) in pages.Select((p, i) => (p, i)))
            {
                var name = Guid.NewGuid().ToString("N") + "." + page.Format.Extension;
                await files.SaveAsync(PathOf(name), page.Content, ct);
                stored.Add(name);
                rows.Add(new PrescriptionFile { FileName = name, ContentType = page.Format.ContentType, Length = page.Content.Length, SortOrder = i });
            }
            var prescription = new Prescription
            {
                UserId = userId, OrderId = upload.OrderId, Status = PrescriptionStatus.Pending, CreatedAt = now, UpdatedAt = now,
                Note = Clean(upload.Note), Doctor = Clean(upload.Doctor), Files = rows,
                History = [new PrescriptionHistoryEntry { ToStatus = PrescriptionStatus.Pending, Actor = OrderActor.Customer, ActorId = userId, At = now }],
            };
            db.Prescriptions.Add(prescription);
            db.Raise(new PrescriptionChanged(() => prescription.Id, null));
            await db.SaveChangesAsync(ct);
            saved = true;
            logger.LogInformation("Prescription {PrescriptionId} uploaded with {Files} files", prescription.Id, rows.Count);
            return Result<long>.Ok(prescription.Id);
        }
        finally
        {
            if (!saved)
                foreach (var name in stored) await files.DeleteAsync(PathOf(name), CancellationToken.None);
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

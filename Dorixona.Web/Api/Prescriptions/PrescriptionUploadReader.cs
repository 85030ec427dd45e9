using Dorixona.Core.Common;
using Dorixona.Core.Prescriptions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Dorixona.Web.Api.Prescriptions;

public sealed record ParsedUpload(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<UploadedPage> Pages, IReadOnlyList<FieldError> Errors)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}

/// <summary>
/// Reads a multipart prescription upload as it arrives instead of letting the framework buffer it: each file goes
/// through <see cref="PrescriptionUploads.ReadAsync"/>, which stops at 10 MB, and a sixth file is refused before a
/// byte of it is read. The first refusal ends the reading; nothing has been stored by then.
/// </summary>
public static class PrescriptionUploadReader
{
    private const int MaxFields = 32; // the checkout form's own fields ride along with its upload button
    private const int MaxFieldLength = 4096;
    public const long MaxRequestBytes = PrescriptionUploads.MaxFiles * (long)PrescriptionUploads.MaxBytes + 1024 * 1024;

    /// <param name="antiforgery">For the browser's form: the token is the form's first field and is checked before any file is read.</param>
    public static async Task<ParsedUpload?> ReadAsync(HttpContext http, IAntiforgery? antiforgery, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            // The browser's form is always multipart, with its token inside: anything else cannot prove it came from our page.
            return antiforgery is null ? new ParsedUpload(new Dictionary<string, string>(), [], [new FieldError("files", "prescription.multipartRequired")]) : null;

        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var pages = new List<UploadedPage>();
        var checkedToken = antiforgery is null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            if (disposition.IsFileDisposition())
            {
                if (!checkedToken) return null;
                // A file input left empty still sends a part with no name and no bytes: not a page.
                var number = pages.Count + 1;
                if (number > PrescriptionUploads.MaxFiles)
                {
                    var peek = new byte[1];
                    if (await section.Body.ReadAsync(peek, ct) == 0 && string.IsNullOrEmpty(disposition.FileName.Value)) continue;
                    return Refused(fields, pages, new FieldError("files", "prescription.tooManyFiles", PrescriptionUploads.MaxFiles));
                }
                var read = await PrescriptionUploads.ReadAsync(section.Body, number, ct);
                if (!read.Succeeded)
                {
                    if (read.Errors[0].Code == "prescription.fileEmpty" && string.IsNullOrEmpty(disposition.FileName.Value)) continue;
                    return Refused(fields, pages, read.Errors[0]);
                }
                pages.Add(read.Value!);
                continue;
            }
            if (fields.Count >= MaxFields) return Refused(fields, pages, new FieldError(null, "prescription.tooManyFields"));
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            var value = await ReadTextAsync(section.Body, ct);
            if (value is null) return Refused(fields, pages, new FieldError(name, "prescription.fieldTooLong"));
            fields[name] = value;
            if (!checkedToken && name == "__RequestVerificationToken")
            {
                // The token store reads the header before the form; the form is never buffered for it.
                http.Request.Headers["RequestVerificationToken"] = value;
                if (!await antiforgery!.IsRequestValidAsync(http)) return null;
                checkedToken = true;
            }
        }
        if (!checkedToken) return null;
        return new ParsedUpload(fields, pages, []);
    }

    private static ParsedUpload Refused(Dictionary<string, string> fields, List<UploadedPage> pages, FieldError error) => new(fields, pages, [error]);

    private static async Task<string?> ReadTextAsync(Stream body, CancellationToken ct)
    {
        var bytes = await BoundedRead.ReadAtMostAsync(body, MaxFieldLength, ct);
        return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }
}

namespace Dorixona.Core.Prescriptions;

public sealed record PrescriptionFormat(string Extension, string ContentType, bool IsImage);

/// <summary>What an uploaded page really is, by its first bytes; its name and the browser's claim are never trusted.</summary>
public static class PrescriptionFormats
{
    public static readonly PrescriptionFormat Jpeg = new("jpg", "image/jpeg", true);
    public static readonly PrescriptionFormat Png = new("png", "image/png", true);
    public static readonly PrescriptionFormat WebP = new("webp", "image/webp", true);
    public static readonly PrescriptionFormat Pdf = new("pdf", "application/pdf", false);

    public static PrescriptionFormat? Detect(ReadOnlySpan<byte> head) =>
        Catalog.Admin.ImageFormats.Detect(head) is { } image ? ByExtension(image.Extension)
        : head.StartsWith("%PDF-"u8) ? Pdf : null;

    public static PrescriptionFormat? ByExtension(string extension) => extension switch
    {
        "jpg" => Jpeg,
        "png" => Png,
        "webp" => WebP,
        "pdf" => Pdf,
        _ => null,
    };
}

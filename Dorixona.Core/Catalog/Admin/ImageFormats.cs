namespace Dorixona.Core.Catalog.Admin;

public sealed record ImageFormat(string Extension, string ContentType);

/// <summary>What an upload really is, by its first bytes; its name and the browser's claim are never trusted.</summary>
public static class ImageFormats
{
    public static readonly ImageFormat Jpeg = new("jpg", "image/jpeg");
    public static readonly ImageFormat Png = new("png", "image/png");
    public static readonly ImageFormat WebP = new("webp", "image/webp");

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Jpeg;
        if (head.StartsWith(PngSignature)) return Png;
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return WebP;
        return null;
    }

    public static ImageFormat? ByExtension(string extension) => extension switch
    {
        "jpg" => Jpeg,
        "png" => Png,
        "webp" => WebP,
        _ => null,
    };
}

using System.Text;

namespace Dorixona.Tests.Infrastructure;

/// <summary>Tiny real pictures, made here rather than read from files, and things that only pretend to be pictures.</summary>
public static class TestImages
{
    /// <summary>A 1×1 RGBA PNG (valid chunks and CRCs).</summary>
    public static byte[] Png => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A 1×1 baseline JPEG.</summary>
    public static byte[] Jpeg => Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////" +
        "wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

    /// <summary>A 1×1 lossless WebP.</summary>
    public static byte[] WebP => Convert.FromBase64String("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

    public static byte[] Text => Encoding.UTF8.GetBytes("This is not a picture, whatever its name says.");

    /// <summary>A PNG signature followed by zeros up to <paramref name="length"/> bytes.</summary>
    public static byte[] PngOfLength(int length)
    {
        var bytes = new byte[length];
        Png.AsSpan(0, 8).CopyTo(bytes);
        return bytes;
    }
}

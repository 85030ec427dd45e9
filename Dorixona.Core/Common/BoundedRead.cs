namespace Dorixona.Core.Common;

public static class BoundedRead
{
    /// <summary>The whole stream, or null as soon as it proves longer than <paramref name="max"/> bytes (the rest is never read).</summary>
    public static async Task<byte[]?> ReadAtMostAsync(Stream content, int max, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

using System.Text;

namespace Dorixona.Web.Api;

/// <summary>
/// CSV the way spreadsheets open it: UTF-8 with a byte-order mark (Excel then reads Uzbek ʻ/’ and Cyrillic correctly),
/// comma-separated, CRLF rows, a field quoted when it holds a comma, quote or line break (quotes doubled), and a field that
/// starts like a formula (= + - @) prefixed with an apostrophe so a spreadsheet shows it as text instead of running it.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static StreamWriter Writer(Stream body) => new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    public static async Task WriteRowAsync(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) await writer.WriteAsync(',');
            first = false;
            await writer.WriteAsync(Field(field));
        }
        await writer.WriteAsync("\r\n");
    }

    public static string Field(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r') v = "'" + v;
        return v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    /// <summary>Attachment headers for <paramref name="fileName"/> (ASCII, so no encoding of the name is needed).</summary>
    public static void Attachment(HttpResponse response, string fileName)
    {
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
    }
}

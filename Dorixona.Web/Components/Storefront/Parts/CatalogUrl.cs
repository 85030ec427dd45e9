using System.Text;
using System.Text.Encodings.Web;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// Links that change one thing about the current catalog view (a filter, the sort, the page) and keep
/// the rest, so every result page has its own shareable address. A catalog page builds over a hundred of
/// these, so the current values sit in an array in <see cref="Keys"/> order and each link is one string build.
/// </summary>
public sealed class CatalogUrl
{
    public static readonly string[] Keys = ["q", "category", "substance", "manufacturer", "form", "rx", "minPrice", "maxPrice", "inStock", "sort", "page"];

    private static readonly int PageIndex = Array.IndexOf(Keys, "page");
    private readonly string path;
    private readonly string?[] values = new string?[Keys.Length];

    public CatalogUrl(string path, IReadOnlyDictionary<string, string?> current)
    {
        this.path = path;
        for (var i = 0; i < Keys.Length; i++) values[i] = current.GetValueOrDefault(Keys[i]);
    }

    public string Path => path;

    public string? this[string key] => values[IndexOf(key)];

    /// <summary>The current view with <paramref name="key"/> set (or removed when null); any filter change goes back to page 1.</summary>
    public string With(string key, string? value, params (string Key, string? Value)[] more)
    {
        var next = (string?[])values.Clone();
        next[IndexOf(key)] = value;
        foreach (var (k, v) in more) next[IndexOf(k)] = v;
        if (key != "page") next[PageIndex] = null;
        return Build(next);
    }

    /// <summary>Toggles a filter: selecting the selected value again removes it.</summary>
    public string Toggle(string key, string value) => With(key, values[IndexOf(key)] == value ? null : value);

    public bool Is(string key, string value) => values[IndexOf(key)] == value;

    public string Without(params string[] keys)
    {
        var next = (string?[])values.Clone();
        foreach (var k in keys) next[IndexOf(k)] = null;
        next[PageIndex] = null;
        return Build(next);
    }

    private static int IndexOf(string key) =>
        Array.IndexOf(Keys, key) is var i and >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(key), key, "not a catalog parameter");

    private string Build(string?[] next)
    {
        var url = new StringBuilder(path, path.Length + 64);
        var separator = '?';
        for (var i = 0; i < Keys.Length; i++)
        {
            if (string.IsNullOrEmpty(next[i])) continue;
            url.Append(separator).Append(Keys[i]).Append('=').Append(UrlEncoder.Default.Encode(next[i]!));
            separator = '&';
        }
        return url.ToString();
    }
}

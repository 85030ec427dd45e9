using Microsoft.AspNetCore.WebUtilities;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// Links that change one thing about the current catalog view (a filter, the sort, the page) and keep
/// the rest, so every result page has its own shareable address.
/// </summary>
public sealed class CatalogUrl(string path, IReadOnlyDictionary<string, string?> current)
{
    public static readonly string[] Keys = ["q", "category", "substance", "manufacturer", "form", "rx", "minPrice", "maxPrice", "inStock", "sort", "page"];

    public string Path => path;

    public string? this[string key] => current.GetValueOrDefault(key);

    /// <summary>The current view with <paramref name="key"/> set (or removed when null); any filter change goes back to page 1.</summary>
    public string With(string key, string? value, params (string Key, string? Value)[] more)
    {
        var values = new Dictionary<string, string?>(current, StringComparer.Ordinal);
        foreach (var (k, v) in more.Prepend((key, value))) values[k] = v;
        if (key != "page") values.Remove("page");
        return Build(values);
    }

    /// <summary>Toggles a filter: selecting the selected value again removes it.</summary>
    public string Toggle(string key, string value) => With(key, current.GetValueOrDefault(key) == value ? null : value);

    public bool Is(string key, string value) => current.GetValueOrDefault(key) == value;

    public string Without(params string[] keys)
    {
        var values = current.Where(kv => !keys.Contains(kv.Key) && kv.Key != "page").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return Build(values);
    }

    private string Build(Dictionary<string, string?> values)
    {
        var query = Keys.Where(k => !string.IsNullOrEmpty(values.GetValueOrDefault(k)))
            .Select(k => new KeyValuePair<string, string?>(k, values[k]));
        return QueryHelpers.AddQueryString(path, query);
    }
}

using System.Text.RegularExpressions;
using Dorixona.Core.Common;

namespace Dorixona.Core.Catalog.Admin;

/// <summary>Collects field errors while a service checks an input; text comes back trimmed.</summary>
internal sealed partial class Checks
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool Failed => _errors.Count > 0;

    public void Add(string field, string code, params object[] args) => _errors.Add(new FieldError(field, code, args));

    public bool Has(string field) => _errors.Any(e => e.Field == field);

    /// <summary>Trimmed text: required (not blank) when asked, and at most <paramref name="max"/> characters.</summary>
    public string Text(string field, string? value, int max, bool required = true)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0) Add(field, "value.required");
        else if (text.Length > max) Add(field, "value.tooLong", max);
        return text;
    }

    /// <summary>A URL name: lowercase Latin letters and digits in groups joined by single hyphens.</summary>
    public string Slug(string field, string? value, int max)
    {
        var slug = Text(field, value, max).ToLowerInvariant();
        if (slug.Length > 0 && !Has(field) && !IsSlug(slug)) Add(field, "value.slug");
        return slug;
    }

    public static bool IsSlug(string text) => SlugPattern().IsMatch(text);

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max) Add(field, "value.range", min, max);
    }

    public Result<T> Fail<T>() => Result<T>.Fail(_errors);

    /// <summary>Makes a slug from a Latin name ("No-Spa 40 mg" → "no-spa-40-mg"); empty when nothing Latin is left.</summary>
    public static string SlugFrom(string? name)
    {
        var folded = NotSlug().Replace((name ?? "").ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace("‘", "", StringComparison.Ordinal), "-");
        return folded.Trim('-');
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}

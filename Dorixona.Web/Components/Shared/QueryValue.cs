using System.Globalization;

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// The one way pages read numbers and flags from the query string. Pages bind query parameters as strings
/// (<c>[SupplyParameterFromQuery] string?</c>) because Blazor throws on a typed parameter that does not parse;
/// a value that is not a plain non-negative number (or a known flag word) counts as absent.
/// </summary>
public static class QueryValue
{
    public static int? Number(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static long? Id(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>A page number kept where paging can reach it (Skip of page × size must not overflow or go negative).</summary>
    public static int? Page(string? value) => Number(value) is { } page ? Math.Clamp(page, 1, 10_000) : null;

    public static bool? Flag(string? value) => value?.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };
}

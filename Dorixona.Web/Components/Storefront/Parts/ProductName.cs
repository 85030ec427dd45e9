using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// A product's name as the reader looks for it: the Russian form (as on Russian-language packs) first when Russian is chosen,
/// the Latin brand name otherwise; the other form, when it differs, goes underneath.
/// </summary>
public static class ProductName
{
    public static string For(string name, string nameRu) => Cultures.Current == "ru" && nameRu.Length > 0 ? nameRu : name;

    /// <summary>The form not shown as the title, or null when there is none or it reads the same.</summary>
    public static string? Other(string name, string nameRu)
    {
        var first = For(name, nameRu);
        var other = first == name ? nameRu : name;
        return other.Length == 0 || other == first ? null : other;
    }

}

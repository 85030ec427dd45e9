using Dorixona.Core.Catalog.Search;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>An active substance in the reader's language: Uzbek or Russian name, the INN in English.</summary>
public static class SubstanceName
{
    public static string For(SubstanceRef s) => Cultures.Current switch
    {
        "ru" when s.NameRu.Length > 0 => s.NameRu,
        "uz" when s.NameUz.Length > 0 => s.NameUz,
        _ => s.Inn,
    };

    public static string For(CategoryInfo c) => c.Name(Cultures.Current);
}

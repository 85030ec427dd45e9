using Dorixona.Core.Catalog.Search;

namespace Dorixona.Core.Catalog.Alternatives;

/// <summary>An alternative as the product page and the API show it: the pack comparison plus the comparison per unit.</summary>
public sealed record AlternativeOffer(
    ProductCard Product, long CheaperBy, int CheaperByPercent, bool SameStrengthAndForm, UnitPrice? UnitPrice, int? CheaperPerUnitPercent);

/// <summary>
/// Orders the products with the same active substances for a customer choosing between them: the same strength and form
/// first (a true swap), then the others; within each group the cheapest per unit first, so a bigger pack that is dearer
/// per pack but cheaper per tablet rises. Each carries its price per unit and how much cheaper per unit it is.
/// </summary>
public static class AlternativeOffers
{
    /// <summary>How many same-substance products are read before ordering; the page and the API show at most 20.</summary>
    public const int Candidates = 200;

    public static IReadOnlyList<AlternativeOffer> For(CatalogView view, int productId, int take = 20)
    {
        if (view.Find(productId) is not { } product) return [];
        return Rank(product, view.Alternatives(productId, Candidates), take);
    }

    public static IReadOnlyList<AlternativeOffer> Rank(ProductCard product, IEnumerable<Alternative> candidates, int take = 20)
    {
        var own = UnitPrice.Of(product.Price, product.PackSize, product.DosageForm, product.Strength);
        return candidates
            .Select(a =>
            {
                var unit = UnitPrice.Of(a.Product.Price, a.Product.PackSize, a.Product.DosageForm, a.Product.Strength);
                return new AlternativeOffer(a.Product, a.CheaperBy, a.CheaperByPercent, SameStrengthAndForm(product, a.Product), unit,
                    own?.CheaperPercent(unit));
            })
            .OrderByDescending(o => o.SameStrengthAndForm)
            .ThenBy(o => o.CheaperPerUnitPercent is null ? 1 : 0) // comparable per unit before the rest
            .ThenBy(o => o.UnitPrice?.Amount ?? decimal.MaxValue)
            .ThenByDescending(o => o.Product.InStock)
            .ThenBy(o => o.Product.Price)
            .ThenBy(o => o.Product.Id)
            .Take(take)
            .ToList();
    }

    /// <summary>"40 mg" is "40mg" and "40 MG"; a plain tablet and a film-coated one are the same form to take.</summary>
    public static bool SameStrengthAndForm(ProductCard a, ProductCard b) =>
        Normalize(a.Strength) == Normalize(b.Strength) && FormFamily(a.DosageForm) == FormFamily(b.DosageForm);

    private static string Normalize(string strength) =>
        string.Concat(strength.Where(c => !char.IsWhiteSpace(c))).Replace(',', '.').ToLowerInvariant();

    private static string FormFamily(string form) => form == "film-coated-tablet" ? "tablet" : form;
}

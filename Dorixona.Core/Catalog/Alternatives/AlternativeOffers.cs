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

    /// <summary>
    /// The ranking <see cref="Rank"/> defines over the <see cref="Candidates"/> cheapest same-substance products
    /// (<see cref="CatalogView.Alternatives"/>), computed on the product's <see cref="SubstanceGroup"/> of this catalog
    /// picture: nothing is sorted, normalised or divided per view but the candidates' keys, and only the products shown
    /// become cards. Tests hold it equal to the definition.
    /// </summary>
    public static IReadOnlyList<AlternativeOffer> For(CatalogView view, int productId, int take = 20)
    {
        var snapshot = view.Snapshot;
        if (!snapshot.DocById.TryGetValue(productId, out var doc) || snapshot.GroupOf(doc) is not { } group) return [];
        var self = group.PositionOf(doc);
        var stock = view.Levels.Units;
        Span<int> picked = stackalloc int[Candidates];
        var count = group.Cheapest(self, stock, Candidates, picked);
        if (count == 0 || take <= 0) return [];

        var own = group.Units[self];
        var ownPrice = group.Prices[self];
        var ranked = new Ranked[count];
        for (var n = 0; n < count; n++)
        {
            var k = picked[n];
            var unit = group.Units[k];
            ranked[n] = new Ranked(k, group.Strengths[k] == group.Strengths[self] && group.Forms[k] == group.Forms[self], own?.CheaperPercent(unit),
                unit?.Amount ?? decimal.MaxValue, stock[group.Docs[k]] > 0, group.Prices[k], snapshot.Docs[group.Docs[k]].Id);
        }
        Array.Sort(ranked, Ranked.Order);

        var offers = new AlternativeOffer[Math.Min(take, count)];
        for (var n = 0; n < offers.Length; n++)
        {
            var r = ranked[n];
            var cheaperBy = ownPrice - r.Price;
            offers[n] = new AlternativeOffer(view.Card(group.Docs[r.Position]), cheaperBy, ownPrice == 0 ? 0 : (int)Math.Round(100.0 * cheaperBy / ownPrice),
                r.Same, group.Units[r.Position], r.PerUnitPercent);
        }
        return offers;
    }

    /// <summary>A candidate's keys in the order <see cref="Rank"/> sorts by; the id last makes the order total.</summary>
    private readonly record struct Ranked(int Position, bool Same, int? PerUnitPercent, decimal UnitAmount, bool InStock, long Price, int Id)
    {
        public static readonly Comparison<Ranked> Order = (a, b) =>
        {
            var c = b.Same.CompareTo(a.Same);
            if (c == 0) c = (a.PerUnitPercent is null ? 1 : 0).CompareTo(b.PerUnitPercent is null ? 1 : 0);
            if (c == 0) c = a.UnitAmount.CompareTo(b.UnitAmount);
            if (c == 0) c = b.InStock.CompareTo(a.InStock);
            if (c == 0) c = a.Price.CompareTo(b.Price);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        };
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
        NormalizeStrength(a.Strength) == NormalizeStrength(b.Strength) && FormFamily(a.DosageForm) == FormFamily(b.DosageForm);

    internal static string NormalizeStrength(string strength) =>
        string.Concat(strength.Where(c => !char.IsWhiteSpace(c))).Replace(',', '.').ToLowerInvariant();

    internal static string FormFamily(string form) => form == "film-coated-tablet" ? "tablet" : form;
}

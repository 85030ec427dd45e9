using System.Text.Json;
using Dorixona.Core.Catalog.Alternatives;
using Dorixona.Core.Catalog.Search;

namespace Dorixona.Tests.Catalog.Alternatives;

/// <summary>
/// The product page's alternatives come from a per-catalog-picture group; they must be exactly what the definition
/// (the cheapest 200 same-substance products, ranked by <see cref="AlternativeOffers.Rank"/>) says, for any stock.
/// </summary>
public sealed class SubstanceGroupTests
{
    private static readonly string[] Forms = ["tablet", "film-coated-tablet", "capsule", "syrup", "injection", "gel", "spray"];
    private static readonly string[] Strengths = ["40 mg", "40mg", "40 MG", "80 mg", "2,5 %", "2.5%", "10 mg/ml", "1 dose", ""];
    private static readonly string[] Names = ["Drotaverin", "No-Spa", "Spazmonet", "Drotaverin"]; // repeated names tie on name too

    /// <summary>
    /// A catalog of <paramref name="count"/> products in a few substance groups (one of them bigger than the 200 candidates),
    /// with few distinct prices so that price ties cross the 200th place, some packs without a size and some free products.
    /// </summary>
    private static CatalogSnapshot Catalog(int count, Random random)
    {
        var substances = Enumerable.Range(1, 4).ToDictionary(i => i, i => new SubstanceRef(i, "inn" + i, "modda" + i, "вещество" + i));
        int[][] groups = [[1], [2], [1, 3], [4], []];
        var docs = new ProductDoc[count];
        for (var i = 0; i < count; i++)
        {
            var group = groups[random.Next(10) switch { < 6 => 0, < 8 => 1, 8 => 2, _ => random.Next(3, 5) }];
            docs[i] = new ProductDoc(1000 + i, "p-" + i, Names[random.Next(Names.Length)] + " " + random.Next(5), "Имя", 1, 1, group, 1,
                Forms[random.Next(Forms.Length)], Strengths[random.Next(Strengths.Length)], random.Next(8) == 0 ? 0 : random.Next(1, 60),
                null, random.Next(20) == 0 ? 0 : 1_000 * random.Next(1, 30), null, false, random.Next(100), null);
        }
        var category = new CategoryInfo(1, null, "c", "c", "c", "c", "", 0);
        return new CatalogSnapshot(docs, [], [], new Dictionary<int, CategoryInfo> { [1] = category }, substances,
            new Dictionary<int, ManufacturerInfo> { [1] = new(1, "Maker", "UZ") }, 1);
    }

    private static int[] Stock(int count, Random random) => Enumerable.Range(0, count).Select(_ => random.Next(3) == 0 ? 0 : random.Next(1, 9)).ToArray();

    /// <summary>The definition: every same-substance product sorted per call, then ranked.</summary>
    private static string Defined(CatalogView view, int id) =>
        JsonSerializer.Serialize(view.Find(id) is { } product ? AlternativeOffers.Rank(product, view.Alternatives(id, AlternativeOffers.Candidates)) : []);

    private static string Served(CatalogView view, int id) => JsonSerializer.Serialize(AlternativeOffers.For(view, id));

    [Fact]
    public void Alternatives_from_the_group_equal_the_definition_for_every_product_and_after_stock_changes()
    {
        var random = new Random(14);
        var snapshot = Catalog(1_500, random);
        var ids = Enumerable.Range(0, 1_500).Select(i => 1000 + i).ToList();

        for (var round = 0; round < 3; round++)
        {
            // A new stock picture over the same catalog picture: the groups are reused, the stock is not.
            var view = new CatalogView(new StockLevels(snapshot, Stock(1_500, random), round));
            foreach (var id in ids) Assert.Equal(Defined(view, id), Served(view, id));
        }
    }

    [Fact]
    public void A_product_sold_out_moves_behind_products_of_the_same_unit_price_and_leaves_the_candidates_at_a_tie()
    {
        // 202 products of one substance and one price: the 200 candidates are chosen by stock, then name.
        var random = new Random(7);
        var snapshot = Catalog(1, random);
        var docs = Enumerable.Range(0, 202).Select(i => new ProductDoc(i + 1, "p" + i, "Name " + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
            "", 1, 1, [1], 1, "tablet", "40 mg", 10, null, 5_000, null, false, 0, null)).ToArray();
        snapshot = new CatalogSnapshot(docs, [], [], snapshot.Categories, snapshot.Substances, snapshot.Manufacturers, 2);
        var stock = Enumerable.Repeat(5, 202).ToArray();
        var before = new CatalogView(new StockLevels(snapshot, stock, 1));
        stock = (int[])stock.Clone();
        stock[1] = 0; // "Name 001" sells out
        var after = new CatalogView(new StockLevels(snapshot, stock, 2));

        Assert.Equal(2, AlternativeOffers.For(before, 1)[0].Product.Id);
        Assert.Equal(3, AlternativeOffers.For(after, 1)[0].Product.Id);
        Assert.DoesNotContain(after.Alternatives(1, AlternativeOffers.Candidates), a => a.Product.Id == 2);
        Assert.Equal(Defined(after, 1), Served(after, 1));
        Assert.Equal(Defined(before, 1), Served(before, 1));
    }
}

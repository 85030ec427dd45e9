using Bunit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Alternatives;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Storefront.Parts;

namespace Dorixona.Tests.Components.Storefront;

public sealed class AlternativesTableTests : ComponentTest
{
    private static readonly SubstanceRef Ibuprofen = new(1, "Ibuprofen", "Ibuprofen", "Ибупрофен");

    private static ProductCard Card(int id, string name, long price, int stock, string strength = "200 mg") =>
        new(id, "p-" + id, name, name + " ru", [Ibuprofen], 1, "Maker", 1, "tablet", strength, 20, price, null, stock, false, null, 1);

    private static ProductDetail Nurofen() => new(
        9, "nurofen", "Nurofen", "Нурофен", "", new CategoryInfo(1, null, "pain", "Og‘riq", "Боль", "Pain", "bi-capsule", 1), null, [Ibuprofen], [],
        new ManufacturerInfo(1, "Reckitt", "UK"), "tablet", "200 mg", 20, null, 30_000, null, false, null, 0, [], []);

    private static IReadOnlyList<AlternativeOffer> Offers(params ProductCard[] cards) =>
        AlternativeOffers.Rank(Card(9, "Nurofen", 30_000, 5), cards.Select(c => new Alternative(c, 30_000 - c.Price,
            (int)Math.Round(100.0 * (30_000 - c.Price) / 30_000))));

    [Fact]
    public void Each_alternative_says_how_much_cheaper_or_dearer_it_is_per_pack_and_per_unit_and_links_to_its_page()
    {
        var cut = Render<AlternativesTable>(p => p.Add(x => x.Product, Nurofen()).Add(x => x.Items,
            Offers(Card(1, "Ibuprofen-Akos", 8_000, 5), Card(2, "Brufen", 30_000, 0), Card(3, "Advil", 41_000, 3))));

        var rows = cut.FindAll("li.list-group-item");
        Assert.Equal(3, rows.Count);
        Assert.Equal("/product/p-1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("8 000 so'm", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("22 000 so'm arzonroq (73%)", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("400 so'm / tabletka", rows[0].QuerySelector("[data-unit-price]")!.TextContent.Trim());
        Assert.Equal("birligi 73% arzonroq", rows[0].QuerySelector("[data-per-unit]")!.TextContent.Trim());
        Assert.Contains("bir xil narx", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("birligi bir xil narxda", rows[1].QuerySelector("[data-per-unit]")!.TextContent.Trim());
        Assert.Contains("Mavjud emas", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Mavjud emas", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("11 000 so'm qimmatroq", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Equal("birligi 37% qimmatroq", rows[2].QuerySelector("[data-per-unit]")!.TextContent.Trim());
        Assert.Contains("Ibuprofen", cut.Find("p.small").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_strength_and_form_are_listed_under_their_own_heading_before_the_others()
    {
        var cut = Render<AlternativesTable>(p => p.Add(x => x.Product, Nurofen()).Add(x => x.Items,
            Offers(Card(1, "Ibuprofen 400", 6_000, 5, "400 mg"), Card(2, "Ibuprofen 200", 9_000, 5))));

        var groups = cut.FindAll("[data-group]");
        Assert.Equal(["same", "other"], groups.Select(g => g.GetAttribute("data-group")));
        Assert.Equal("Dozasi va shakli bir xil", groups[0].TextContent.Trim());
        var lists = cut.FindAll("ul.dx-alternatives");
        Assert.Equal("Ibuprofen 200", lists[0].QuerySelector("a")!.TextContent.Trim());
        Assert.Equal("Ibuprofen 400", lists[1].QuerySelector("a")!.TextContent.Trim());
    }

    [Fact]
    public void Without_alternatives_it_says_there_are_none()
    {
        var cut = Render<AlternativesTable>(p => p.Add(x => x.Product, Nurofen()).Add(x => x.Items, []));

        Assert.Empty(cut.FindAll("li"));
        Assert.Contains("boshqa dori hozircha yo‘q", cut.Markup, StringComparison.Ordinal);
    }
}

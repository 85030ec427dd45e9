using Bunit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Storefront.Parts;

namespace Dorixona.Tests.Components.Storefront;

public sealed class AlternativesTableTests : ComponentTest
{
    private static readonly SubstanceRef Ibuprofen = new(1, "Ibuprofen", "Ibuprofen", "Ибупрофен");

    private static ProductCard Card(int id, string name, long price, int stock) =>
        new(id, "p-" + id, name, name, [Ibuprofen], 1, "Maker", 1, "tablet", "200 mg", 20, price, null, stock, false, null, 1);

    private static ProductDetail Nurofen() => new(
        9, "nurofen", "Nurofen", "Нурофен", "", new CategoryInfo(1, null, "pain", "Og‘riq", "Боль", "Pain", "bi-capsule", 1), null, [Ibuprofen], [],
        new ManufacturerInfo(1, "Reckitt", "UK"), "tablet", "200 mg", 20, null, 30_000, null, false, null, 0, [], []);

    [Fact]
    public void Each_alternative_says_how_much_cheaper_or_dearer_it_is_and_links_to_its_page()
    {
        var cut = Render<AlternativesTable>(p => p.Add(x => x.Product, Nurofen()).Add(x => x.Items,
        [
            new Alternative(Card(1, "Ibuprofen-Akos", 8_000, 5), 22_000, 73),
            new Alternative(Card(2, "Brufen", 30_000, 0), 0, 0),
            new Alternative(Card(3, "Advil", 41_000, 3), -11_000, -36),
        ]));

        var rows = cut.FindAll("li.list-group-item");
        Assert.Equal(3, rows.Count);
        Assert.Equal("/product/p-1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("8 000 so'm", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("22 000 so'm arzonroq (73%)", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("bir xil narx", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Mavjud emas", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Mavjud emas", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("11 000 so'm qimmatroq", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Ibuprofen", cut.Find("p.small").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_alternatives_it_says_there_are_none()
    {
        var cut = Render<AlternativesTable>(p => p.Add(x => x.Product, Nurofen()).Add(x => x.Items, []));

        Assert.Empty(cut.FindAll("li"));
        Assert.Contains("boshqa dori hozircha yo‘q", cut.Markup, StringComparison.Ordinal);
    }
}

using Bunit;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Storefront.Parts;

namespace Dorixona.Tests.Components.Storefront;

public sealed class SearchSuggestionsTests : ComponentTest
{
    private static ProductCard Card(int id, string name, long price) =>
        new(id, "p-" + id, name, name, [new SubstanceRef(1, "Paracetamol", "Paratsetamol", "Парацетамол")], 1, "Maker", 1, "tablet", "500 mg",
            10, price, null, 5, false, null, 1);

    [Fact]
    public void Suggestions_link_to_their_products_and_the_last_line_searches_for_what_was_typed()
    {
        var cut = Render<SearchSuggestions>(p => p.Add(x => x.Items, [Card(1, "Panadol", 12_000), Card(2, "Paracetamol-Teva", 4_500)])
            .Add(x => x.Query, "para ce"));

        var links = cut.FindAll("a").Select(a => a.GetAttribute("href")!).ToArray();
        Assert.Equal(["/product/p-1", "/product/p-2", "/catalog?q=para%20ce"], links);
        Assert.Contains("Paratsetamol", cut.FindAll("a")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("4 500 so'm", cut.FindAll("a")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_found_renders_no_list() =>
        Assert.Empty(Render<SearchSuggestions>(p => p.Add(x => x.Items, []).Add(x => x.Query, "zz")).FindAll("a"));
}

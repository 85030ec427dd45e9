using System.Globalization;

namespace Dorixona.E2E.Pages;

/// <summary>The header search and the catalog results page, found by role and label.</summary>
public sealed class CatalogPage(IPage page)
{
    private ILocator Banner => page.GetByRole(AriaRole.Banner);

    public ILocator SearchBox => Banner.GetByLabel("Search medicines");
    public ILocator Suggestions => Banner.GetByRole(AriaRole.Listbox);
    public ILocator Results => page.Locator("article.dx-product");
    public ILocator ResultNames => Results.GetByRole(AriaRole.Heading);
    public ILocator Count => page.Locator("#result-count");
    public ILocator Filters => page.Locator("details.dx-filters");
    public ILocator Sort => page.GetByLabel("Sort");

    public ILocator Filter(string text) => Filters.GetByRole(AriaRole.Link).Filter(new() { HasText = text });

    public async Task<List<long>> PricesAsync()
    {
        var texts = await Results.Locator(".dx-price").AllTextContentsAsync();
        return texts.Select(t => long.Parse(new string(t.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture)).ToList();
    }
}

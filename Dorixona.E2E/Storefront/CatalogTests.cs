using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Storefront;

/// <summary>A customer looking for medicine on the demo catalog.</summary>
public sealed class CatalogTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task A_misspelt_name_is_suggested_while_typing_and_found_on_enter()
    {
        var catalog = new CatalogPage(Page);
        await Page.GotoAsync("/");

        await catalog.SearchBox.PressSequentiallyAsync("sitramon", new() { Delay = 30 });

        await Expect(catalog.Suggestions.GetByRole(AriaRole.Link).First).ToContainTextAsync("Citramon P");
        await catalog.SearchBox.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/catalog?q=sitramon");
        await Expect(catalog.ResultNames.First).ToHaveTextAsync("Citramon P");
    }

    [Fact]
    public async Task Russian_and_wrong_layout_searches_find_the_same_medicine()
    {
        var catalog = new CatalogPage(Page);

        await Page.GotoAsync("/catalog?q=" + Uri.EscapeDataString("но-шпа"));
        await Expect(catalog.ResultNames.First).ToContainTextAsync("No-Spa");

        await Page.GotoAsync("/catalog?q=yj-igf");
        await Expect(catalog.ResultNames.First).ToContainTextAsync("No-Spa");
        await Expect(Page.GetByText("Keyboard layout corrected")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_filter_narrows_the_results_to_its_count_and_keeps_the_search()
    {
        var catalog = new CatalogPage(Page);
        await Page.GotoAsync("/catalog?q=paracetamol");
        var syrup = catalog.Filter("syrup");
        var expected = int.Parse((await syrup.Locator("span").Last.TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await syrup.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"q=paracetamol.*form=syrup"));
        await Expect(catalog.Results).ToHaveCountAsync(Math.Min(expected, 24));
        foreach (var text in await catalog.Results.Locator("p").AllTextContentsAsync())
            Assert.Contains("syrup", text, StringComparison.Ordinal);
        await Expect(catalog.Filter("syrup")).ToHaveAttributeAsync("aria-current", "true");
    }

    [Fact]
    public async Task Sorting_by_price_orders_the_cards_cheapest_first()
    {
        var catalog = new CatalogPage(Page);
        await Page.GotoAsync("/catalog?q=ibuprofen&inStock=true");

        await catalog.Sort.SelectOptionAsync("price-asc");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=price-asc"));
        var prices = await catalog.PricesAsync();
        Assert.True(prices.Count > 3);
        Assert.Equal(prices.Order(), prices);
    }

    [Fact]
    public async Task The_product_page_shows_branches_and_alternatives_same_strength_first_cheapest_per_unit_first()
    {
        var catalog = new CatalogPage(Page);
        await Page.GotoAsync("/catalog?q=no-spa+40");

        await catalog.Results.First.GetByRole(AriaRole.Link, new() { Name = "No-Spa 40 mg" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No-Spa 40 mg");
        await Expect(Page.GetByText("Which branches have it")).ToBeVisibleAsync();
        var same = Page.Locator("[data-group=same] + ul li");
        await Expect(same.First).ToContainTextAsync("Drotaverin");
        await Expect(same.First).ToContainTextAsync("cheaper per unit");
        foreach (var text in await same.AllTextContentsAsync()) Assert.Contains("40 mg", text, StringComparison.Ordinal);
        var perTablet = (await same.Locator("[data-unit-price]").AllTextContentsAsync())
            .Select(t => decimal.Parse(t[..t.IndexOf(" so'm", StringComparison.Ordinal)].Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'),
                System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(perTablet.Count > 1);
        Assert.Equal(perTablet.Order(), perTablet);
        await Expect(Page.Locator("[data-group=other] + ul li").First).ToContainTextAsync("80 mg");
    }
}

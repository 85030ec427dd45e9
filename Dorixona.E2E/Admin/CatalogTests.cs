using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Admin;

public sealed class CatalogTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Admin_renames_and_reprices_a_product_adds_a_picture_and_the_list_shows_the_new_price()
    {
        var name = await CatalogSeed.ProductAsync(App.Services);
        var renamed = name + " Forte";
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");

        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Catalog", Exact = true }).ClickAsync();
        var list = new AdminCatalogPage(Page);
        await list.SearchAsync(name);
        await Expect(list.Row(name)).ToContainTextAsync("12 500 so'm");
        await list.ProductLink(name).ClickAsync();

        var product = new AdminProductPage(Page);
        await product.Name.FillAsync(renamed);
        await product.Price.FillAsync("18900");
        await product.Save.ClickAsync();
        await Expect(product.Saved).ToBeVisibleAsync();
        await Expect(product.Heading(renamed)).ToBeVisibleAsync();
        await Expect(product.Price).ToHaveValueAsync("18900");

        await product.UploadPictureAsync("pack.png", "image/png", CatalogSeed.Png);
        await Expect(product.PictureAdded).ToBeVisibleAsync();
        await Expect(product.Pictures).ToHaveCountAsync(1);
        // The browser really got a picture back, not an error page.
        await Expect(product.Pictures.First).ToHaveJSPropertyAsync("naturalWidth", 1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "catalog-product.png"), FullPage = true });

        await (await list.OpenAsync()).SearchAsync(renamed);
        await Expect(list.Row(renamed)).ToContainTextAsync("18 900 so'm");
        await Expect(list.Row(renamed).Locator("img")).ToHaveCountAsync(1);
    }
}

/// <summary>The catalog pages on the smallest phone we design for: nothing may push the page sideways.</summary>
public sealed class CatalogMobileTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_product_list_and_a_product_page_fit_a_360_px_phone()
    {
        var name = await CatalogSeed.ProductAsync(App.Services);
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/admin");

        var list = await new AdminCatalogPage(Page).OpenAsync();
        await list.SearchAsync(name);
        await AssertFitsAsync("catalog-360.png");
        await list.ProductLink(name).ClickAsync();
        await Expect(new AdminProductPage(Page).Heading(name)).ToBeVisibleAsync();
        await AssertFitsAsync("catalog-product-360.png");
        await Page.GotoAsync("/admin/catalog/import");
        await AssertFitsAsync("catalog-import-360.png");
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{Page.Url} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

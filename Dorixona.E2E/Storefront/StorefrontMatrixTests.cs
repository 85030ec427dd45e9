using System.Text.RegularExpressions;
using Dorixona.E2E.Infrastructure;
using Microsoft.AspNetCore.Localization;

namespace Dorixona.E2E.Storefront;

/// <summary>
/// Issue 14's last line: the shop at 360 and 1280 px, in Uzbek and Russian, with JavaScript on and off — search, the
/// product, add to cart and the cart — each page screenshotted into TestResults/screenshots and none wider than the screen.
/// </summary>
public sealed class StorefrontMatrixTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private readonly BrowserFixture _browser = browser;

    [Theory]
    [InlineData(360, "uz", true)]
    [InlineData(360, "uz", false)]
    [InlineData(360, "ru", true)]
    [InlineData(360, "ru", false)]
    [InlineData(1280, "uz", true)]
    [InlineData(1280, "uz", false)]
    [InlineData(1280, "ru", true)]
    [InlineData(1280, "ru", false)]
    public async Task Search_product_and_cart_work_and_fit_in_each_language_size_and_script_setting(int width, string language, bool javaScript)
    {
        await using var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = width, Height = 900 },
            IsMobile = width < 600, HasTouch = width < 600,
        });
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = $"c={language}|uic={language}", Url = App.BaseUrl }]);
        var page = await context.NewPageAsync();
        var name = $"{width}-{language}-js-{(javaScript ? "on" : "off")}";

        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await ShotAsync(page, $"home-{name}.png", width);

        await page.Locator("#search").FillAsync("ibuprofen");
        await page.Locator("#search").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/catalog\\?q=ibuprofen"));
        await Expect(page.Locator("main article.dx-product").First).ToBeVisibleAsync();
        await ShotAsync(page, $"catalog-{name}.png", width);

        await page.Locator("main article.dx-product h2 a, main article.dx-product h3 a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/product/"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main p[lang=uz]")).ToHaveCountAsync(0); // the description is in the chosen language
        await page.Locator("main form[action='/cart/add'] button[type=submit]").First.ClickAsync();
        await Expect(page.Locator("#cart-badge .badge")).ToBeVisibleAsync();
        await Expect(page.Locator("main .alert-success:visible")).ToHaveCountAsync(1); // one notice: beside the button, or on top after a full load
        await ShotAsync(page, $"product-added-{name}.png", width);

        await page.Locator("header a[href='/cart']").First.ClickAsync();
        await Expect(page.Locator(".dx-cart-line")).ToHaveCountAsync(1);
        await ShotAsync(page, $"cart-{name}.png", width);
    }

    private static async Task ShotAsync(IPage page, string file, int width)
    {
        var png = await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), file), FullPage = true });
        // A full-page shot is as wide as the document; read it from the PNG header (page script may be off).
        var shotWidth = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        Assert.True(shotWidth <= width, $"{page.Url} is {shotWidth} px wide at {width} px");
    }
}

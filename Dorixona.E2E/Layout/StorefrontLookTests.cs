using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Localization;

namespace Dorixona.E2E.Layout;

/// <summary>
/// The shop on a 360-px phone and a 1280-px desktop, in Uzbek and Russian, with JavaScript on and off: no page scrolls
/// sideways, on a phone only a bar of at most 64 px stays at the top once scrolled, and no stock-Bootstrap blue is drawn.
/// Screenshots of every page go to TestResults/screenshots/storefront.
/// </summary>
public sealed class StorefrontLookTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private readonly BrowserFixture _browser = browser;

    private const int MaxBar = 64;

    private static readonly string[] Paths = ["/", "/catalog", "/product/no-spa-40-mg-24-tab", "/branches", "/cart", "/account/login"];

    [Theory]
    [InlineData(360, "uz", true)]
    [InlineData(360, "ru", true)]
    [InlineData(360, "uz", false)]
    [InlineData(360, "ru", false)]
    [InlineData(1280, "uz", true)]
    [InlineData(1280, "ru", false)]
    public async Task Pages_fit_the_screen_and_a_phone_keeps_only_a_compact_bar_once_scrolled(int width, string language, bool javaScript)
    {
        var phone = width < 768;
        await using var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = phone ? 740 : 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
            JavaScriptEnabled = javaScript,
        });
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = $"c={language}|uic={language}", Url = App.BaseUrl }]);
        var page = await context.NewPageAsync();
        var header = new SiteHeader(page);
        var shots = Artifacts.Folder(Path.Combine("screenshots", "storefront"));

        foreach (var path in Paths)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            var name = $"{(path == "/" ? "home" : path.Trim('/').Replace('/', '-'))}-{width}-{language}-{(javaScript ? "js" : "nojs")}";

            // A full-page screenshot is as wide as the page's content: wider than the viewport means something overflows.
            var png = await page.ScreenshotAsync(new() { Path = Path.Combine(shots, name + ".png"), FullPage = true });
            var pageWidth = png[16] << 24 | png[17] << 16 | png[18] << 8 | png[19];
            Assert.True(pageWidth <= width, $"{path} is {pageWidth} px wide at {width} px ({language}, JS {(javaScript ? "on" : "off")}): something overflows sideways.");

            if (javaScript) await ExpectNoStockBlueAsync(page, path);
            if (!phone || path is "/cart" or "/account/login" or "/branches") continue;

            await ScrollDownAsync(page);
            var bar = (await header.Bar.BoundingBoxAsync())!;
            var whole = (await page.GetByRole(AriaRole.Banner).BoundingBoxAsync())!;
            var covered = Math.Max(bar.Y + bar.Height, whole.Y + whole.Height);
            Assert.True(bar.Y is >= 0 and < 1, $"{path}: the bar left the top of the screen (y = {bar.Y}).");
            Assert.True(covered <= MaxBar, $"{path}: the header covers {covered} px once scrolled ({language}, JS {(javaScript ? "on" : "off")}); at most {MaxBar}.");
            await Expect(header.LanguageMenu).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, name + "-scrolled.png") });
        }

        if (language == "ru")
        {
            await page.GotoAsync("/product/no-spa-40-mg-24-tab");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Но-шпа 40 мг");
            await Expect(page.Locator("main .dx-price").First).ToContainTextAsync("сум");
        }
    }

    [Fact]
    public async Task The_language_menu_opens_and_switches_without_JavaScript()
    {
        await using var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true, JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        var header = new SiteHeader(page);
        await page.GotoAsync("/catalog");

        await Expect(header.LanguageButton("Русский")).ToBeHiddenAsync();
        await header.LanguageMenu.ClickAsync();
        await Expect(header.LanguageButton("Русский")).ToBeInViewportAsync(new() { Ratio = 1 });
        await header.LanguageButton("Русский").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page).ToHaveURLAsync(App.BaseUrl + "/catalog");
        await Expect(header.LanguageButton("Русский")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    /// <summary>Wheels down until the page has moved (the catalog and product pages are several screens long on a phone).</summary>
    private static async Task ScrollDownAsync(IPage page)
    {
        var banner = page.GetByRole(AriaRole.Banner);
        for (var i = 0; i < 20; i++)
        {
            await page.Mouse.MoveAsync(180, 400);
            await page.Mouse.WheelAsync(0, 400);
            await page.WaitForTimeoutAsync(150);
            if ((await banner.BoundingBoxAsync())!.Y < -150) return;
        }
        Assert.Fail($"{page.Url} did not scroll");
    }

    /// <summary>Bootstrap's blue (#0d6efd and its focus tints) in any colour, border, outline or shadow on the page, or on a focused field.</summary>
    private static async Task ExpectNoStockBlueAsync(IPage page, string path)
    {
        const string find = """
            () => {
              const blue = /rgba?\((13, 110, 253|134, 183, 254|10, 88, 202|11, 94, 215)/;
              const props = ["color", "background-color", "border-top-color", "border-bottom-color", "border-left-color", "border-right-color", "outline-color", "box-shadow", "text-decoration-color"];
              const found = [];
              for (const el of document.querySelectorAll("body *")) {
                const style = getComputedStyle(el);
                for (const p of props) if (blue.test(style.getPropertyValue(p))) found.push(`${el.tagName.toLowerCase()}.${el.className} ${p}`);
              }
              return found.slice(0, 5);
            }
            """;
        var blue = await page.EvaluateAsync<string[]>(find);
        Assert.True(blue.Length == 0, $"{path} draws stock-Bootstrap blue: {string.Join("; ", blue)}");
        var search = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Searchbox);
        await search.FocusAsync();
        var focused = await search.EvaluateAsync<string>("el => { const s = getComputedStyle(el); return s.borderColor + ' ' + s.boxShadow + ' ' + s.outlineColor; }");
        Assert.DoesNotMatch(@"13, 110, 253|134, 183, 254", focused);
        Assert.Contains("15, 118, 110", focused, StringComparison.Ordinal); // the focus ring is the theme's teal
        await search.BlurAsync();
    }
}

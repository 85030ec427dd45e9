using System.Text.RegularExpressions;
using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Storefront;

/// <summary>
/// Decision 0052: the shop navigates with blazor.web.js's enhanced navigation and opens no circuit; the order page opens
/// exactly one, and reaching it by an enhanced link is a full load with its island live. A guest who fills checkout and
/// signs in finds it all again (0053).
/// </summary>
public sealed class NoCircuitTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Password = "Secret1234";

    [Fact]
    public async Task Browsing_from_home_to_checkout_opens_no_circuit_and_the_order_page_opens_exactly_one()
    {
        var sockets = new List<string>();
        var blazorRequests = new List<string>();
        Page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        Page.Request += (_, request) => { if (request.Url.Contains("/_blazor", StringComparison.Ordinal)) blazorRequests.Add(request.Url); };
        await Page.SetViewportSizeAsync(1280, 480); // short enough that the product page scrolls
        await SignInAsync(await CustomerAsync());

        await Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Dorixona" }).ClickAsync();
        await Page.GotoAsync("/catalog?q=ibuprofen&inStock=true");
        await Page.EvaluateAsync("() => { window.dxSamePage = true; }"); // a full load would wipe it
        await new CatalogPage(Page).ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(new ProductPage(Page).AddToCart).ToBeVisibleAsync(); // the product page has been patched in
        await new ProductPage(Page).AddToCart.ScrollIntoViewIfNeededAsync(); // where a person stands to tap it
        var scrolled = await Page.EvaluateAsync<double>("() => window.scrollY");
        await new ProductPage(Page).AddToCart.ClickAsync();
        await Expect(new ProductPage(Page).CartBadge).ToContainTextAsync("1");
        await Expect(Page.Locator("main .dx-cart-result .alert-success")).ToBeVisibleAsync();
        Assert.True(await Page.EvaluateAsync<bool>("() => window.dxSamePage === true"), "the add reloaded the page");
        Assert.Equal(scrolled, await Page.EvaluateAsync<double>("() => window.scrollY"));
        await Page.GetByRole(AriaRole.Banner).Locator("a[href='/cart']").ClickAsync();
        await new CartPage(Page).Checkout.ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + CheckoutPage.Path);
        Assert.True(await Page.EvaluateAsync<bool>("() => window.dxSamePage === true"), "a shop link reloaded the page");

        Assert.Empty(blazorRequests);
        Assert.DoesNotContain(sockets, s => s.Contains("/_blazor", StringComparison.Ordinal));

        var checkout = new CheckoutPage(Page);
        await checkout.DeliverWithCashAsync("Yunusobod", "Amir Temur", "7");
        await checkout.Confirm.ClickAsync();
        await Expect(new OrderFollowIsland(Page).Live).ToHaveCountAsync(1);
        Assert.Single(sockets, s => s.Contains("/_blazor", StringComparison.Ordinal));

        // Back to the shop (a full load: the order page has no enhanced navigation), then into the order again by an
        // enhanced link: the server answers "load it yourself" and the island comes up live.
        await Page.GetByRole(AriaRole.Banner).Locator("a[href='/catalog']").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/catalog");
        await Page.GotoAsync("/orders");
        await Page.Locator("main a[href^='/orders/']").First.ClickAsync();
        await Expect(new OrderFollowIsland(Page).Live).ToHaveCountAsync(1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "order-after-enhanced-link-1280-en.png") });
    }

    [Theory]
    [InlineData(360, "uz", true)]
    [InlineData(1280, "ru", true)]
    [InlineData(360, "ru", false)]
    [InlineData(1280, "uz", false)]
    public async Task A_guest_fills_checkout_signs_in_and_finds_everything_still_filled(int width, string language, bool javaScript)
    {
        var phone = await CustomerAsync();
        await using var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = width, Height = 900 },
            IsMobile = width < 600, HasTouch = width < 600,
        });
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName, Value = $"c={language}|uic={language}", Url = App.BaseUrl }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/catalog?q=ibuprofen&inStock=true");
        await page.Locator("main form[action='/cart/add'] button[type=submit]").First.ClickAsync();
        await Expect(page.Locator("#cart-badge .badge")).ToBeVisibleAsync();
        await page.GotoAsync(CheckoutPage.Path);

        await page.Locator("#region").SelectOptionAsync("Toshkent shahri");
        await Expect(page.Locator("#districtOther")).ToBeHiddenAsync(); // only the field Tashkent city needs
        await page.Locator("#district").SelectOptionAsync("Chilonzor");
        await page.Locator("#street").FillAsync("Bunyodkor");
        await page.Locator("#house").FillAsync("18");
        await page.Locator("#phone").FillAsync(phone);
        await page.Locator("label[for=pay-payme]").ClickAsync();
        await page.Locator("#note").FillAsync("Domofon 18");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), $"guest-checkout-{width}-{language}-js-{(javaScript ? "on" : "off")}.png"), FullPage = true });
        await page.Locator(".dx-checkout button[value=review]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?returnUrl=%2Fcheckout$"));
        await page.Locator("#phone").FillAsync(phone);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main form button[type=submit]").First.ClickAsync();

        await Expect(page).ToHaveURLAsync(App.BaseUrl + CheckoutPage.Path);
        await Expect(page.Locator("#street")).ToHaveValueAsync("Bunyodkor");
        await Expect(page.Locator("#house")).ToHaveValueAsync("18");
        await Expect(page.Locator("#district")).ToHaveValueAsync("Chilonzor");
        await Expect(page.Locator("#pay-payme")).ToBeCheckedAsync();
        await Expect(page.Locator("#note")).ToHaveValueAsync("Domofon 18");
        await Expect(page.Locator("#districtOther")).ToBeHiddenAsync();
    }

    private BrowserFixture Browser { get; } = browser;

    private async Task SignInAsync(string phone)
    {
        await Page.GotoAsync(LoginPage.Path);
        await Page.Locator("#phone").FillAsync(phone);
        await Page.Locator("#password").FillAsync(Password);
        await Page.Locator("main form button[type=submit]").First.ClickAsync();
        await Expect(Page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    private async Task<string> CustomerAsync()
    {
        var phone = TestPhones.New().Normalized;
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = "Guest Customer", CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Customer);
        return phone;
    }
}

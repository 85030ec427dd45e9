using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Localization;

namespace Dorixona.E2E.Orders;

/// <summary>The whole purchase on the demo catalog: a guest's cart, sign-in, checkout, and an operator's confirmation seen live.</summary>
public sealed class PurchaseTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string DemoPassword = "Demo12345";
    private readonly BrowserFixture _browser = browser;

    [Fact]
    public async Task A_guest_cart_merges_at_sign_in_and_the_order_shows_the_operators_confirmation_live()
    {
        var catalog = new CatalogPage(Page);
        var product = new ProductPage(Page);
        await Page.GotoAsync("/catalog?q=paracetamol");
        await catalog.ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(product.AddToCart).ToBeVisibleAsync(); // enhanced navigation: the product page has arrived
        var name = (await Page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Trim();

        await product.AddToCart.ClickAsync();
        await Expect(product.CartBadge).ToContainTextAsync("1");

        await new SiteHeader(Page).SignInLink.ClickAsync();
        await new LoginPage(Page).SignInAsync("+998900000004", DemoPassword);
        await Expect(new SiteHeader(Page).AccountMenu).ToBeVisibleAsync();
        var cart = new CartPage(Page);
        await Page.GotoAsync(CartPage.Path);
        await Expect(cart.Lines.Filter(new() { HasText = name })).ToHaveCountAsync(1);

        await cart.Checkout.ClickAsync();
        var checkout = new CheckoutPage(Page);
        await checkout.DeliverWithCashAsync("Chilonzor", "Bunyodkor shoh ko‘chasi", "18");
        await Expect(checkout.ReviewHeading).ToBeVisibleAsync();
        await Expect(checkout.Total).ToContainTextAsync("so'm");
        await checkout.Confirm.ClickAsync();

        var order = new OrderPage(Page);
        await Expect(order.Status).ToHaveTextAsync("awaiting confirmation");
        await Expect(order.LiveConnected).ToHaveCountAsync(1);

        await using (var staff = await NewContextAsync())
        {
            var operatorPage = await staff.NewPageAsync();
            await new LoginPage(operatorPage).OpenAsync();
            await new LoginPage(operatorPage).SignInAsync("+998900000002", DemoPassword);
            await Expect(operatorPage).ToHaveURLAsync(App.BaseUrl + "/operator");
            var board = new OperatorOrdersPage(operatorPage);
            var number = Dorixona.Core.Orders.Order.NumberFor(order.Id);
            await operatorPage.GotoAsync(OperatorOrdersPage.Path + "?q=" + number);
            await new PortalShell(operatorPage).WaitUntilLiveAsync();
            await board.Action(order.Id, "Confirm").ClickAsync();
            await Expect(board.Order(order.Id)).ToHaveCountAsync(0); // it left the "to confirm" column for "packing"
            await operatorPage.GotoAsync(OperatorOrdersPage.Path + "?tab=packing&q=" + number);
            await Expect(board.Order(order.Id).Locator(".dx-order-status")).ToHaveTextAsync("confirmed");
        }

        // No reload: the hub's "order" event made the status block re-fetch itself.
        await Expect(order.Status).ToHaveTextAsync("confirmed");
    }

    [Fact]
    public async Task Cart_and_checkout_fit_a_360_px_phone()
    {
        await using var phone = await NewContextAsync(new ViewportSize { Width = 360, Height = 780 });
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/catalog?q=ibuprofen&inStock=true");
        await new CatalogPage(page).ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await new ProductPage(page).AddToCart.ClickAsync();
        await Expect(new ProductPage(page).CartBadge).ToContainTextAsync("1");

        await page.GotoAsync(CartPage.Path);
        await AssertFitsAsync(page, "cart-360.png");
        await new CartPage(page).Checkout.ClickAsync();
        await Expect(page.Locator("main .dx-guest-hint")).ToBeVisibleAsync(); // a guest fills checkout first (decision 0053)
        await AssertFitsAsync(page, "checkout-guest-360.png");
        await page.GotoAsync(LoginPage.Path + "?returnUrl=%2Fcheckout");
        await new LoginPage(page).SignInAsync("+998900000003", DemoPassword);
        await Expect(page).ToHaveURLAsync(App.BaseUrl + CheckoutPage.Path);
        await AssertFitsAsync(page, "checkout-360.png");
    }

    private static async Task AssertFitsAsync(IPage page, string screenshot)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"{page.Url} is {width} px wide at a 360 px viewport: something overflows sideways.");
    }

    /// <summary>A second person at another computer: their own cookies, English like the first.</summary>
    private async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = App.BaseUrl };
        if (viewport is not null)
        {
            options.ViewportSize = viewport;
            options.IsMobile = true;
            options.HasTouch = true;
        }
        var context = await _browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = "c=en|uic=en", Url = App.BaseUrl }]);
        return context;
    }
}

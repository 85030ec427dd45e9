using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Orders;

/// <summary>Issue 14, "checkout in a few taps": counted taps, nothing lost on the way, JavaScript off, phone and desktop in Uzbek and Russian.</summary>
public sealed class CheckoutTapsTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Password = "Secret1234";
    private const string Ibuprofen = "/catalog?q=ibuprofen&inStock=true";
    private readonly BrowserFixture _browser = browser;
    private int taps;

    /// <summary>One tap of a person: every click the customer makes goes through here and is counted.</summary>
    private async Task TapAsync(ILocator target)
    {
        taps++;
        await target.ClickAsync();
    }

    [Theory]
    [InlineData("Click")]
    [InlineData("Payme")]
    public async Task A_returning_customer_with_a_saved_address_goes_from_the_cart_to_a_paid_order_in_at_most_six_taps(string provider)
    {
        await SignInAsync(Page, await CustomerAsync());
        await AddToCartAsync(Page, Ibuprofen); // a first order leaves a saved address behind
        await Page.GotoAsync(CheckoutPage.Path);
        await new CheckoutPage(Page).DeliverWithCashAsync("Yunusobod", "Amir Temur", "7");
        await new CheckoutPage(Page).Confirm.ClickAsync();
        await Expect(new OrderPage(Page).Status).ToHaveTextAsync("awaiting confirmation");
        await AddToCartAsync(Page, Ibuprofen);
        await Page.GotoAsync(CartPage.Path);

        taps = 0;
        var checkout = new CheckoutPage(Page);
        await TapAsync(new CartPage(Page).Checkout);
        await Expect(checkout.SavedAddresses.First).ToBeVisibleAsync();
        await TapAsync(checkout.PayWith(provider));
        await TapAsync(checkout.ContinueToReview);
        await TapAsync(checkout.Confirm);
        await TapAsync(new PaymentSimulatorPage(Page).PaySuccess);

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/\\d+$"));
        await Expect(new OrderPage(Page).Status).ToHaveTextAsync("paid");
        Assert.True(taps <= 6, $"{taps} taps from the cart to a paid order");
    }

    [Fact]
    public async Task A_prescription_uploaded_midway_keeps_the_address_the_payment_and_the_note()
    {
        await SignInAsync(Page, await CustomerAsync());
        await Page.GotoAsync("/product/augmentin-875-mg-125-mg-14-tab");
        await new ProductPage(Page).AddToCart.ClickAsync();
        await Expect(new ProductPage(Page).CartBadge).ToContainTextAsync("1");
        await Page.GotoAsync(CheckoutPage.Path);
        var checkout = new CheckoutPage(Page);
        await checkout.DeliverToAsync("Chilonzor", "Bunyodkor", "18");
        await checkout.PayWith("payme").ClickAsync();
        await checkout.Note.FillAsync("Domofon 18");

        var upload = new PrescriptionUploadForm(Page, "checkout-rx-upload");
        await upload.Files.SetInputFilesAsync(new FilePayload { Name = "recept.png", MimeType = "image/png", Buffer = CatalogSeed.Png });
        await upload.Submit.ClickAsync();

        await Expect(upload.Done).ToBeVisibleAsync();
        await Expect(checkout.Street).ToHaveValueAsync("Bunyodkor");
        await Expect(checkout.House).ToHaveValueAsync("18");
        await Expect(checkout.District).ToHaveValueAsync("Chilonzor");
        await Expect(Page.Locator("#pay-payme")).ToBeCheckedAsync();
        await Expect(checkout.Note).ToHaveValueAsync("Domofon 18");
    }

    [Fact]
    public async Task A_new_customer_who_registers_midway_lands_back_in_checkout_with_the_cart_and_everything_entered()
    {
        await AddToCartAsync(Page, Ibuprofen);
        await Page.GotoAsync(CartPage.Path);
        await new CartPage(Page).Checkout.ClickAsync();
        // A guest fills checkout first (decision 0053); continuing asks them to sign in or register.
        var phone = TestPhones.New();
        var checkout = new CheckoutPage(Page);
        await checkout.DeliverToAsync("Chilonzor", "Bunyodkor", "18");
        await Page.Locator("#phone").FillAsync(phone.Normalized);
        await checkout.PayWith("click").ClickAsync();
        await checkout.Note.FillAsync("Domofon 18");
        await checkout.ContinueToReview.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?returnUrl=%2Fcheckout$"));
        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await new RegisterPage(Page).RegisterAsync(phone.Normalized, "Madina Yusupova", Password);
        await Expect(new VerifyPage(Page).Heading).ToBeVisibleAsync();
        await new VerifyPage(Page).VerifyAsync(await DevSmsPage.ReadCodeAsync(Context, phone.Normalized));

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + CheckoutPage.Path);
        await Expect(checkout.ContinueToReview).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("Your cart is empty");
        await Expect(checkout.Street).ToHaveValueAsync("Bunyodkor");
        await Expect(checkout.House).ToHaveValueAsync("18");
        await Expect(checkout.District).ToHaveValueAsync("Chilonzor");
        await Expect(Page.Locator("#pay-click")).ToBeCheckedAsync();
        await Expect(checkout.Note).ToHaveValueAsync("Domofon 18");
    }

    [Fact]
    public async Task A_guest_who_signs_in_by_sms_code_midway_finds_checkout_as_they_left_it()
    {
        var phone = await CustomerAsync();
        await AddToCartAsync(Page, Ibuprofen);
        await Page.GotoAsync(CheckoutPage.Path);
        var checkout = new CheckoutPage(Page);
        await checkout.Pickup.ClickAsync();
        await checkout.Branches.First.ClickAsync();
        await checkout.Note.FillAsync("Ertalab olib ketaman");
        await checkout.ContinueToReview.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?returnUrl=%2Fcheckout$"));
        await Page.Locator("main a[href^='/account/login/sms']").ClickAsync();
        // The password page has a #phone too: filling before the enhanced navigation lands would sign in by password.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login/sms\\?returnUrl=%2Fcheckout$"));
        await Page.Locator("#phone").FillAsync(phone);
        await Page.Locator("main form button[type=submit]").First.ClickAsync();
        await Expect(Page.Locator("#code")).ToBeVisibleAsync();
        await Page.Locator("#code").FillAsync(await DevSmsPage.ReadCodeAsync(Context, phone));
        await Page.Locator("main form button[type=submit]").Last.ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + CheckoutPage.Path);
        await Expect(Page.Locator("#f-pickup")).ToBeCheckedAsync();
        await Expect(checkout.Branches.First.Locator("input")).ToBeCheckedAsync();
        await Expect(checkout.Note).ToHaveValueAsync("Ertalab olib ketaman");
    }

    [Fact]
    public async Task Checkout_works_with_javascript_off_and_only_the_chosen_way_shows()
    {
        await using var context = await ContextAsync("en", 1280, javaScript: false);
        var page = await context.NewPageAsync();
        await SignInAsync(page, await CustomerAsync());
        await page.GotoAsync("/product/" + await FirstIbuprofenSlugAsync(page));
        await new ProductPage(page).AddToCart.ClickAsync();
        await page.GotoAsync(CheckoutPage.Path);
        var checkout = new CheckoutPage(page);

        await checkout.Pickup.ClickAsync();
        await Expect(checkout.Street).ToBeHiddenAsync();
        await Expect(checkout.Branches.First).ToBeVisibleAsync();
        await checkout.Delivery.ClickAsync();
        await Expect(checkout.Branches.First).ToBeHiddenAsync();
        await checkout.DeliverWithCashAsync("Chilonzor", "Bunyodkor", "18");
        await Expect(checkout.ReviewHeading).ToBeVisibleAsync();
        await checkout.Confirm.ClickAsync();

        await Expect(new OrderPage(page).Status).ToHaveTextAsync("awaiting confirmation");
    }

    [Theory]
    [InlineData("uz", 360)]
    [InlineData("uz", 1280)]
    [InlineData("ru", 360)]
    [InlineData("ru", 1280)]
    public async Task Checkout_fits_a_phone_and_a_desktop_in_uzbek_and_russian(string language, int width)
    {
        await using var context = await ContextAsync(language, width, javaScript: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, await CustomerAsync());
        await page.GotoAsync("/product/" + await FirstIbuprofenSlugAsync(page));
        await page.Locator("main form[action='/cart/add'] button[type=submit]").First.ClickAsync();
        await page.GotoAsync(CartPage.Path);
        await Expect(page.Locator(".dx-cart-fee")).ToBeVisibleAsync();
        await Shot(page, $"cart-{language}-{width}.png", width);
        await page.GotoAsync(CheckoutPage.Path);
        await Expect(page.Locator(".dx-payment-cards img")).ToHaveCountAsync(3);
        await Shot(page, $"checkout-{language}-{width}.png", width);
    }

    private static async Task Shot(IPage page, string name, int width)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), name), FullPage = true });
        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scroll <= width, $"{page.Url} is {scroll} px wide at {width} px");
    }

    private static async Task<string> FirstIbuprofenSlugAsync(IPage page)
    {
        await page.GotoAsync(Ibuprofen);
        var href = await page.Locator("main a[href^='/product/']").First.GetAttributeAsync("href");
        return href!["/product/".Length..];
    }

    private static async Task AddToCartAsync(IPage page, string search)
    {
        await page.GotoAsync(search);
        await new CatalogPage(page).ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await new ProductPage(page).AddToCart.ClickAsync();
        await Expect(new ProductPage(page).CartBadge).Not.ToBeEmptyAsync();
    }

    private static async Task SignInAsync(IPage page, string phone)
    {
        await page.GotoAsync(LoginPage.Path);
        await page.Locator("#phone").FillAsync(phone);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    private async Task<string> CustomerAsync()
    {
        var phone = TestPhones.New().Normalized;
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = "Checkout Customer", CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Customer);
        return phone;
    }

    private async Task<IBrowserContext> ContextAsync(string language, int width, bool javaScript)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = width, Height = 900 },
        };
        if (width < 600)
        {
            options.IsMobile = true;
            options.HasTouch = true;
        }
        var context = await _browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = $"c={language}|uic={language}", Url = App.BaseUrl }]);
        return context;
    }
}

using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Layout;

/// <summary>The smallest phone we design for: 360 px wide.</summary>
public sealed class MobileLayoutTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
        options.DeviceScaleFactor = 2;
    }

    [Theory]
    [InlineData(RegisterPage.Path, "register-360.png")]
    [InlineData("/", "home-360.png")]
    [InlineData("/catalog?q=paracetamol", "catalog-360.png")]
    [InlineData("/product/no-spa-40-mg-24-tab", "product-360.png")]
    public async Task Page_fits_a_360_px_phone_without_horizontal_scroll(string path, string screenshot)
    {
        await Page.GotoAsync(path);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{path} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }

    [Fact]
    public async Task Signed_in_admin_header_fits_a_360_px_phone_and_its_menu_opens_on_screen()
    {
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/admin");

        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "admin-360.png") });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"/admin is {scrollWidth} px wide at a {Width} px viewport: the header overflows sideways.");

        // The admin portal wears its own app bar: its account menu opens on screen with the sign-out in view.
        var portal = new PortalShell(Page);
        await portal.WaitUntilLiveAsync();
        await portal.AccountMenu.ClickAsync();
        await Expect(Page.GetByTestId("portal-logout")).ToBeInViewportAsync(new() { Ratio = 1 });
    }
}

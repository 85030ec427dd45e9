using Dorixona.Core.Settings;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Admin;

/// <summary>The admin's settings form in its circuit on a 360 px phone, in Uzbek, with a bad value first.</summary>
public sealed class SettingsTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task A_bad_value_is_explained_under_its_field_in_Uzbek_and_a_good_one_is_saved()
    {
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        var portal = new PortalShell(Page);
        try
        {
            await Page.GotoAsync("/admin/settings");
            await portal.WaitUntilLiveAsync();
            await SwitchLanguageAsync(portal, "O‘zbekcha");
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "uz");
            await portal.WaitUntilLiveAsync();
            var lowStock = Page.Locator("#lowStockThreshold");
            var validity = Page.Locator("#prescriptionValidityDays");
            var before = await lowStock.InputValueAsync();

            await lowStock.FillAsync("ko‘p");
            await validity.FillAsync("400");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Saqlash" }).ClickAsync();

            await Expect(Page.Locator("#lowStockThreshold-error")).ToHaveTextAsync("Butun son kiriting.");
            await Expect(Page.Locator("#prescriptionValidityDays-error")).ToHaveTextAsync("1 dan 365 gacha bo‘lsin.");
            await Expect(lowStock).ToHaveValueAsync("ko‘p");
            Assert.Equal(before, (await CurrentAsync()).LowStockThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await AssertFitsAsync("settings-errors-360.png");

            await lowStock.FillAsync("12");
            await validity.FillAsync("30");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Saqlash" }).ClickAsync();

            await Expect(Page.GetByText("Sozlamalar saqlandi.")).ToBeVisibleAsync();
            await Expect(Page.Locator("#lowStockThreshold-error")).ToHaveCountAsync(0);
            await Expect(lowStock).ToHaveValueAsync("12");
            Assert.Equal(12, (await CurrentAsync()).LowStockThreshold);
            await AssertFitsAsync("settings-saved-360.png");
        }
        finally
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>().ResetAsync();
            await portal.WaitUntilLiveAsync();
            await SwitchLanguageAsync(portal, "English");
        }
    }

    private async Task SwitchLanguageAsync(PortalShell portal, string language)
    {
        await portal.LanguageMenu.ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = language }).ClickAsync();
    }

    private async Task<ShopSettings> CurrentAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IShopSettings>().GetAsync();
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{Page.Url} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Layout;

public sealed class LanguageTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    protected override string? Language => null;

    [Fact]
    public async Task Site_opens_in_Uzbek_and_the_language_menu_keeps_Russian_on_the_next_page()
    {
        var html = Page.Locator("html");
        var header = new SiteHeader(Page);
        await Page.GotoAsync("/");
        await Expect(html).ToHaveAttributeAsync("lang", "uz");
        await Expect(header.LanguageButton("O‘zbekcha")).ToHaveAttributeAsync("aria-pressed", "true");

        await header.SwitchLanguageAsync("Русский");

        await Expect(html).ToHaveAttributeAsync("lang", "ru");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");
        await Expect(header.LanguageButton("Русский")).ToHaveAttributeAsync("aria-pressed", "true");

        await Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Войти", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + LoginPage.Path);
        await Expect(html).ToHaveAttributeAsync("lang", "ru");
        await Expect(Page.GetByLabel("Номер телефона")).ToBeVisibleAsync();
    }
}

namespace Dorixona.E2E.Pages;

/// <summary>
/// The site header: sign-in links for visitors, the account menu (a &lt;details&gt;) for signed-in people, and the
/// language menu (a &lt;details&gt; too) whose buttons name each language in itself.
/// </summary>
public sealed class SiteHeader(IPage page)
{
    private ILocator Banner => page.GetByRole(AriaRole.Banner);

    public ILocator SignInLink => Banner.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });

    public ILocator AccountMenu => Banner.GetByLabel("Account", new() { Exact = true });

    public ILocator SignOutButton => Banner.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });

    /// <summary>The bar that stays on screen on a phone.</summary>
    public ILocator Bar => Banner.Locator(".dx-bar-wrap");

    public ILocator LanguageMenu => Banner.Locator("details.dx-lang-menu > summary");

    /// <summary>"O‘zbekcha", "Русский" or "English"; present (hidden in the closed menu) on every page.</summary>
    public ILocator LanguageButton(string label) =>
        Banner.Locator("details.dx-lang-menu button[name='culture']").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + label + "$") });

    public async Task SignOutAsync()
    {
        await AccountMenu.ClickAsync();
        await SignOutButton.ClickAsync();
        await Expect(SignInLink).ToBeVisibleAsync();
    }

    public async Task SwitchLanguageAsync(string label)
    {
        await LanguageMenu.ClickAsync();
        await LanguageButton(label).ClickAsync();
    }
}

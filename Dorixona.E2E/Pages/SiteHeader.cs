namespace Dorixona.E2E.Pages;

/// <summary>The site header: sign-in links for visitors, the account menu (a &lt;details&gt;) for signed-in people, the language buttons.</summary>
public sealed class SiteHeader(IPage page)
{
    private ILocator Banner => page.GetByRole(AriaRole.Banner);

    public ILocator SignInLink => Banner.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });

    public ILocator AccountMenu => Banner.GetByLabel("Account", new() { Exact = true });

    public ILocator SignOutButton => Banner.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });

    public ILocator LanguageButton(string label) => Banner.GetByRole(AriaRole.Button, new() { Name = label, Exact = true });

    public async Task SignOutAsync()
    {
        await AccountMenu.ClickAsync();
        await SignOutButton.ClickAsync();
        await Expect(SignInLink).ToBeVisibleAsync();
    }

    public Task SwitchLanguageAsync(string label) => LanguageButton(label).ClickAsync();
}

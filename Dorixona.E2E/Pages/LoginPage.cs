namespace Dorixona.E2E.Pages;

public sealed class LoginPage(IPage page)
{
    public const string Path = "/account/login";

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" });
    public ILocator Phone => page.GetByLabel("Phone number");
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    public ILocator Submit => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public async Task<LoginPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task SignInAsync(string phone, string password)
    {
        await Phone.FillAsync(phone);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }
}

namespace Dorixona.E2E.Pages;

public sealed class RegisterPage(IPage page)
{
    public const string Path = "/account/register";

    public ILocator Phone => page.GetByLabel("Phone number");
    public ILocator FullName => page.GetByLabel("Full name");
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    /// <summary>The consent box; its label holds the links to the terms and the privacy policy.</summary>
    public ILocator AcceptTerms => page.GetByRole(AriaRole.Checkbox, new() { Name = "I accept the terms of sale and the privacy policy" });
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true });

    public async Task<RegisterPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task FillAsync(string phone, string fullName, string password)
    {
        // A link from the sign-in page arrives by enhanced navigation, and that page has a phone field too.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Path);
        // Typed key by key, spaces included, as a person would.
        await Phone.PressSequentiallyAsync(phone);
        await FullName.FillAsync(fullName);
        await Password.FillAsync(password);
        await AcceptTerms.CheckAsync();
    }

    public async Task RegisterAsync(string phone, string fullName, string password)
    {
        await FillAsync(phone, fullName, password);
        await Submit.ClickAsync();
    }
}

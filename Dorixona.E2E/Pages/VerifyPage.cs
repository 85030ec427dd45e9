namespace Dorixona.E2E.Pages;

public sealed class VerifyPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Verify your number" });
    public ILocator Code => page.GetByLabel("SMS code");
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public async Task ExpectOpenForAsync(string normalizedPhone)
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(
            "/account/verify\\?phone=" + System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(normalizedPhone)) + "&sent=1$"));
        await Expect(Heading).ToBeVisibleAsync();
    }

    public async Task VerifyAsync(string code)
    {
        await Code.FillAsync(code);
        await Submit.ClickAsync();
    }
}

namespace Dorixona.E2E.Pages;

public sealed class HomePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "The right medicine at the right price" });
    public ILocator Welcome => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Welcome! Your phone number is verified." });
}

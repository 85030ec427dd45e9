namespace Dorixona.E2E.Pages;

/// <summary>The admin, pharmacist and courier portals share a layout whose first heading names the portal.</summary>
public sealed class PortalPage(IPage page)
{
    public ILocator Heading(string title) => page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true, Level = 1 });
}

public sealed class AccessDeniedPage(IPage page)
{
    public const string Path = "/account/access-denied";

    public ILocator Notice => page.GetByRole(AriaRole.Alert).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" }) });
}

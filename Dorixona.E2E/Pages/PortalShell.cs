namespace Dorixona.E2E.Pages;

/// <summary>The frame every staff portal page has: app bar, drawer, reconnection notice.</summary>
public sealed class PortalShell(IPage page)
{
    public ILocator Title => page.GetByTestId("portal-title");
    public ILocator Menu => page.GetByTestId("portal-menu");
    /// <summary>The drawer with the portal's sections (beside the page on a desktop, behind <see cref="Menu"/> on a phone).</summary>
    public ILocator Drawer => page.GetByTestId("portal-drawer");
    public ILocator AccountMenu => page.GetByTestId("portal-account").GetByRole(AriaRole.Button).First;
    public ILocator LanguageMenu => page.GetByTestId("portal-language").GetByRole(AriaRole.Button).First;
    public ILocator Reconnect => page.Locator("#components-reconnect-modal");

    /// <summary>The page's circuit is up: clicks now reach the server.</summary>
    public async Task WaitUntilLiveAsync() =>
        await Expect(page.Locator("[data-circuit='on']")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
}

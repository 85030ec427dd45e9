using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Portals;

/// <summary>The staff portals' frame: a live circuit, the user's language, and a dropped connection that heals itself.</summary>
public sealed class PortalShellTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Operator = "+998900000002";

    [Fact]
    public async Task A_dropped_connection_is_told_in_the_users_language_and_the_portal_recovers_by_itself()
    {
        await using var relay = TcpRelay.Start(App.BaseUrl);
        await Page.GotoAsync(relay.Url + "/operator");
        await new LoginPage(Page).SignInAsync(Operator, "Demo12345");
        var portal = new PortalShell(Page);
        await portal.WaitUntilLiveAsync();

        relay.Cut();
        await Expect(portal.Reconnect).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(portal.Reconnect).ToContainTextAsync("connection to the server was lost");

        relay.Restore();
        await Expect(portal.Reconnect).ToBeHiddenAsync(new() { Timeout = 20_000 });
        // The circuit answers again: the account menu opens with the signed-in operator at the first click (its items are
        // rendered by the circuit when it opens, with no popover state in the browser to lose across the reconnect).
        await portal.WaitUntilLiveAsync();
        await portal.AccountMenu.ClickAsync();
        await Expect(portal.AccountMenu).ToHaveAttributeAsync("aria-expanded", "true", new() { Timeout = 5_000 });
        await Expect(Page.GetByText("+998 90 000 00 02")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Assert.StartsWith(relay.Url + "/operator", Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_storefront_opens_no_circuit_while_a_portal_page_does()
    {
        // The shop pages load blazor.web.js for enhanced navigation (decision 0052), which opens no circuit by itself.
        var blazor = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal)) blazor.Add(request.Url);
        };
        // The storefront's own light socket (/hubs/live, the bell's news) is no circuit.
        Page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal)) blazor.Add(socket.Url);
        };

        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync("+998900000004", "Demo12345");
        foreach (var path in new[] { "/", "/catalog", "/cart", "/orders", "/account/profile", "/branches" })
        {
            await Page.GotoAsync(path);
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await Page.GotoAsync("/catalog");
        await Page.GotoAsync((await Page.Locator("a[href^='/product/']").First.GetAttributeAsync("href"))!);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(blazor);

        await new SiteHeader(Page).SignOutAsync();
        await Page.GotoAsync("/operator");
        await new LoginPage(Page).SignInAsync(Operator, "Demo12345");
        await new PortalShell(Page).WaitUntilLiveAsync();
        Assert.Contains(blazor, url => url.Contains("/_blazor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_language_menu_turns_the_portal_russian_and_stays_on_the_page()
    {
        await Page.GotoAsync("/operator");
        await new LoginPage(Page).SignInAsync(Operator, "Demo12345");
        var portal = new PortalShell(Page);
        await portal.WaitUntilLiveAsync();
        await Page.GotoAsync("/operator/orders");
        await portal.WaitUntilLiveAsync();

        await portal.LanguageMenu.ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Русский" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator/orders");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(portal.Title).ToHaveTextAsync("Фармацевт");
    }

    [Fact]
    public async Task The_portal_wears_the_teal_theme_with_the_drawer_beside_the_page_on_a_desktop()
    {
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GotoAsync("/operator");
        await new LoginPage(Page).SignInAsync(Operator, "Demo12345");
        var portal = new PortalShell(Page);
        await portal.WaitUntilLiveAsync();

        // MudBlazor's theme is an inline <style>: a policy without inline styles would leave the bar colourless.
        await Expect(Page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", "rgb(15, 118, 110)");
        var drawer = await portal.Drawer.BoundingBoxAsync();
        var content = await Page.Locator("main").BoundingBoxAsync();
        Assert.NotNull(drawer);
        Assert.NotNull(content);
        Assert.True(content.X >= drawer.X + drawer.Width - 1, $"the page starts at x={content.X}, under the drawer that ends at {drawer.X + drawer.Width}");
    }

    [Fact]
    public async Task On_a_phone_the_drawer_waits_behind_the_menu_button()
    {
        await Page.SetViewportSizeAsync(360, 740);
        await Page.GotoAsync("/operator");
        await new LoginPage(Page).SignInAsync(Operator, "Demo12345");
        var portal = new PortalShell(Page);
        await portal.WaitUntilLiveAsync();
        var sections = Page.GetByRole(AriaRole.Link, new() { Name = "Orders" });

        await Expect(sections.First).Not.ToBeInViewportAsync();
        await portal.Menu.ClickAsync();
        await Expect(sections.First).ToBeInViewportAsync();
        Assert.True(await Page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"), "the page scrolls sideways at 360 px");
    }
}

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
        await portal.AccountMenu.ClickAsync();
        await Expect(Page.GetByText("+998 90 000 00 02")).ToBeVisibleAsync();
        Assert.StartsWith(relay.Url + "/operator", Page.Url, StringComparison.Ordinal);
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
}

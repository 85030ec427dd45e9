using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Portals;

public sealed class PortalAccessTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string DemoPassword = "Demo12345";

    private static readonly string[] Portals = ["/admin", "/operator", "/courier"];

    [Theory]
    [InlineData("+998 90 000 00 01", "/admin", "Admin")]
    [InlineData("+998 90 000 00 02", "/operator", "Pharmacist")]
    [InlineData("+998 90 000 00 03", "/courier", "Courier")]
    [InlineData("+998 90 000 00 04", "/", null)]
    public async Task Demo_account_signs_in_to_its_own_portal_and_is_refused_the_others(string phone, string home, string? portalTitle)
    {
        var login = await new LoginPage(Page).OpenAsync();
        await login.SignInAsync(phone, DemoPassword);

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + home);
        if (portalTitle is null) await Expect(new HomePage(Page).Heading).ToBeVisibleAsync();
        else await Expect(new PortalShell(Page).Title).ToHaveTextAsync(portalTitle);

        var denied = new AccessDeniedPage(Page);
        foreach (var other in Portals.Where(p => p != home))
        {
            await Page.GotoAsync(other);
            await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/access-denied(\\?|$)"));
            await Expect(denied.Notice).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Anonymous_visitor_to_the_admin_portal_is_sent_to_sign_in()
    {
        await Page.GotoAsync("/admin");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + LoginPage.Path + "?returnUrl=%2Fadmin");
        await Expect(new LoginPage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_in_from_the_login_redirect_returns_to_the_asked_for_portal()
    {
        await Page.GotoAsync("/operator");
        await new LoginPage(Page).SignInAsync("+998900000002", DemoPassword);

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator");
        await Expect(new PortalShell(Page).Title).ToHaveTextAsync("Pharmacist");
    }
}

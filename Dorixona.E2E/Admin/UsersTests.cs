using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Admin;

public sealed class UsersTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Admin_finds_a_customer_by_phone_makes_them_an_operator_and_reads_it_in_the_audit_log()
    {
        var (typed, name) = await CustomerAsync();
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");

        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        var users = new AdminUsersPage(Page);
        await users.SearchAsync(typed);
        await users.UserLink(name).ClickAsync();
        await Expect(users.Roles).ToHaveTextAsync("Customer");
        await users.RoleSelect.SelectOptionAsync(new SelectOptionValue { Label = "Operator" });
        await users.SaveRole.ClickAsync();

        await Expect(users.Saved).ToBeVisibleAsync();
        await Expect(users.Roles).ToHaveTextAsync("Operator");
        await users.AuditLink.ClickAsync();
        var entry = Page.Locator("#audit-entries > li").First;
        await Expect(entry).ToContainTextAsync("Role changed");
        await Expect(entry).ToContainTextAsync(name);
        await Expect(entry).ToContainTextAsync("customer → operator");
        await Expect(entry).ToContainTextAsync("Aziza Karimova");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "admin-audit.png"), FullPage = true });
    }

    /// <summary>A verified customer made through Identity, as registration would leave them; the phone as a person types it.</summary>
    private async Task<(string Typed, string Name)> CustomerAsync()
    {
        var (typed, phone) = TestPhones.New();
        var name = "Nodira " + Guid.NewGuid().ToString("N")[..6];
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = name, CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, "secret123")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Customer)).Succeeded);
        return (typed, name);
    }
}

/// <summary>The users, user and audit pages on the smallest phone we design for: nothing may push the page sideways.</summary>
public sealed class UsersMobileTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_users_a_user_and_the_audit_log_fit_a_360_px_phone()
    {
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/admin");

        await Page.GotoAsync(AdminUsersPage.Path + "?q=900000001");
        await AssertFitsAsync("users-360.png");
        await Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Aziza Karimova (admin)" }).ClickAsync();
        await Expect(new AdminUsersPage(Page).RoleSelect).ToBeVisibleAsync();
        await AssertFitsAsync("user-360.png");
        await Page.GotoAsync("/admin/audit");
        await AssertFitsAsync("audit-360.png");
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{Page.Url} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Admin;

public sealed class UsersTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Admin_finds_a_customer_by_phone_makes_them_an_operator_and_reads_it_in_the_audit_log()
    {
        var (typed, name) = await CustomerAsync();
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");

        await new PortalShell(Page).WaitUntilLiveAsync();
        await new PortalShell(Page).Drawer.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        var users = new AdminUsersPage(Page);
        await new PortalShell(Page).WaitUntilLiveAsync();
        await users.SearchAsync(typed);
        // Followed by its address: at this width the foundation's drawer still overlaps the grid's first column.
        await Page.GotoAsync((await users.UserLink(name).GetAttributeAsync("href"))!);
        await new PortalShell(Page).WaitUntilLiveAsync();
        await Expect(users.Roles).ToHaveTextAsync("Customer");
        await users.ChooseRoleAsync("Operator");
        await users.SaveRole.ClickAsync();

        await Expect(users.Snackbar("Role changed.")).ToBeVisibleAsync();
        await Expect(users.Roles).ToHaveTextAsync("Operator");
        await users.AuditLink.ClickAsync();
        var entry = Page.Locator("#audit-entries tbody tr", new() { Has = Page.Locator("[data-audit-id]") }).First;
        await Expect(entry).ToContainTextAsync("Role changed");
        await Expect(entry).ToContainTextAsync(name);
        await Expect(entry).ToContainTextAsync("customer → operator");
        await Expect(entry).ToContainTextAsync("Aziza Karimova");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "admin-audit.png"), FullPage = true });
    }

    [Fact]
    public async Task Disabling_a_user_asks_in_a_dialog_first_and_only_yes_disables_them()
    {
        var (_, name) = await CustomerAsync();
        var id = await IdOfAsync(name);
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Page.GotoAsync($"/admin/users/{id}");
        await new PortalShell(Page).WaitUntilLiveAsync();
        var users = new AdminUsersPage(Page);

        await users.Disable.ClickAsync();
        await Expect(users.Dialog).ToContainTextAsync($"Disable {name}?");
        Assert.Null(await DisabledAtAsync(id)); // asking changes nothing
        await users.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(users.Dialog).ToHaveCountAsync(0);
        await Expect(users.DisabledChip).ToHaveCountAsync(0);
        Assert.Null(await DisabledAtAsync(id));

        await users.Disable.ClickAsync();
        await users.Dialog.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Expect(users.Snackbar("User disabled.")).ToBeVisibleAsync();
        await Expect(users.DisabledChip).ToBeVisibleAsync();
        Assert.NotNull(await DisabledAtAsync(id));
        await Expect(users.Enable).ToBeVisibleAsync();
    }

    private async Task<Guid> IdOfAsync(string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return users.Users.Single(u => u.FullName == name).Id;
    }

    private async Task<DateTime?> DisabledAtAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>();
        return await db.Users.IgnoreQueryFilters().Where(u => u.Id == id).Select(u => u.DeletedAt).SingleAsync();
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
        await Page.Locator("#users").GetByRole(AriaRole.Link, new() { Name = "Aziza Karimova (admin)" }).ClickAsync();
        await Expect(new AdminUsersPage(Page).RoleSelect).ToBeVisibleAsync();
        await new PortalShell(Page).WaitUntilLiveAsync();
        await AssertFitsAsync("user-360.png");
        await Page.GotoAsync("/admin/audit");
        await AssertFitsAsync("audit-360.png");
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{Page.Url} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Layout;

public sealed class PortalShellTests(SqliteDatabase database) : PortalComponentTest(database)
{
    private static readonly RenderFragment Board = b => b.AddMarkupContent(0, "<h1>Board</h1>");

    private IRenderedComponent<OperatorLayout> RenderOperatorFrame() => Render<OperatorLayout>(p => p.Add(l => l.Body, Board));

    [Fact]
    public async Task The_frame_names_the_portal_and_the_person_and_lists_the_portals_sections()
    {
        await SignInStaffAsync(Roles.Operator, "Malika Karimova");

        var shell = RenderOperatorFrame();

        Assert.Equal("Farmatsevt", shell.Find("[data-testid=portal-title]").TextContent.Trim());
        Assert.Contains("Board", shell.Find("main").TextContent);
        var sections = shell.FindAll("nav .mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/operator", "/operator/prescriptions", "/operator/orders", "/operator/deliveries", "/operator/refunds"], sections);
        Assert.NotNull(shell.Find("nav[aria-label]").GetAttribute("aria-label"));
        Assert.Equal("on", shell.Find(".dx-portal").GetAttribute("data-circuit"));
        Assert.NotEmpty(shell.FindAll("a[href='/account/notifications']"));
    }

    [Fact]
    public async Task The_admin_frame_lists_the_admin_sections()
    {
        await SignInStaffAsync(Roles.Admin);
        var admin = Render<AdminLayout>(p => p.Add(l => l.Body, Board));
        Assert.Equal(["/admin", "/admin/dashboard", "/admin/catalog", "/admin/search/complaints", "/admin/users", "/admin/payments", "/admin/broadcasts", "/admin/audit",
            "/admin/delivery-zones", "/admin/settings"], admin.FindAll("nav .mud-nav-link").Select(a => a.GetAttribute("href")).ToList());
        Assert.Equal("Administrator", admin.Find("[data-testid=portal-title]").TextContent.Trim());
    }

    [Fact]
    public async Task The_courier_frame_lists_the_courier_section()
    {
        await SignInStaffAsync(Roles.Courier);
        var courier = Render<CourierLayout>(p => p.Add(l => l.Body, Board));
        Assert.Equal(["/courier"], courier.FindAll("nav .mud-nav-link").Select(a => a.GetAttribute("href")).ToList());
    }

    [Fact]
    public async Task The_section_of_the_current_page_is_marked_and_follows_navigation()
    {
        await SignInStaffAsync(Roles.Operator);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/operator/orders/42");
        var shell = RenderOperatorFrame();

        Assert.Equal(["/operator/orders"], shell.FindAll("nav a[aria-current=page]").Select(a => a.GetAttribute("href")).ToList());

        navigation.NavigateTo("/operator?tab=x");
        shell.WaitForAssertion(() => Assert.Equal(["/operator"], shell.FindAll("nav a.active").Select(a => a.GetAttribute("href")).ToList()));
    }

    [Fact]
    public async Task The_account_menu_renders_its_items_only_while_open_and_escape_closes_it()
    {
        await SignInStaffAsync(Roles.Operator, "Malika Karimova");
        var shell = RenderOperatorFrame();
        var button = shell.Find("[data-testid=portal-account] button");
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        Assert.Empty(shell.FindAll("[data-testid=portal-account] [role=menuitem]"));
        Assert.DoesNotContain("Malika Karimova", shell.Find("[data-testid=portal-account]").TextContent);

        await button.ClickAsync(new MouseEventArgs());

        Assert.Equal("true", shell.Find("[data-testid=portal-account] button").GetAttribute("aria-expanded"));
        Assert.Contains("Malika Karimova", shell.Find("[data-testid=portal-account] [role=menu]").TextContent);
        Assert.Equal(["/", "/account/profile", "/account/password"],
            shell.FindAll("[data-testid=portal-account] a[role=menuitem]").Select(a => a.GetAttribute("href")).ToList());
        Assert.Single(shell.FindAll("[data-testid=portal-logout][role=menuitem]"));
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "dxPortal.focusMenu");

        await shell.Find("[data-testid=portal-account] [role=menu]").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });

        Assert.Equal("false", shell.Find("[data-testid=portal-account] button").GetAttribute("aria-expanded"));
        Assert.Empty(shell.FindAll("[data-testid=portal-account] [role=menu]"));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus");
    }

    [Fact]
    public async Task A_click_outside_an_open_menu_closes_it_and_only_one_menus_items_exist_at_a_time()
    {
        await SignInStaffAsync(Roles.Operator);
        var shell = RenderOperatorFrame();

        await shell.Find("[data-testid=portal-language] button").ClickAsync(new MouseEventArgs());
        Assert.Equal(3, shell.FindAll("[role=menuitem]").Count);
        await shell.Find("[data-testid=portal-language] .dx-menu-scrim").ClickAsync(new MouseEventArgs());

        Assert.Empty(shell.FindAll("[role=menu]"));
        Assert.Equal("false", shell.Find("[data-testid=portal-language] button").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task The_language_menu_posts_the_chosen_language_and_marks_the_current_one()
    {
        await SignInStaffAsync(Roles.Operator);
        var shell = RenderOperatorFrame();

        await shell.Find("[data-testid=portal-language] button").ClickAsync(new MouseEventArgs());
        var items = shell.FindAll("[data-testid=portal-language] [role=menuitem]");
        Assert.Equal(["O‘zbekcha", "Русский", "English"], items.Select(i => i.TextContent.Trim()).ToList());
        Assert.Equal("true", items[0].GetAttribute("aria-current"));
        Assert.Null(items[1].GetAttribute("aria-current"));

        await items[1].ClickAsync(new MouseEventArgs());

        var post = Assert.Single(JSInterop.Invocations, i => i.Identifier == "dxPortal.post");
        Assert.Equal(["dx-portal-culture", "culture", "ru"], post.Arguments.Select(a => a as string).ToList());
        Assert.NotNull(shell.Find("form#dx-portal-culture[action='/culture'][method=post] input[name=culture]"));
    }

    [Fact]
    public async Task Sign_out_posts_the_logout_form()
    {
        await SignInStaffAsync(Roles.Courier);
        var shell = Render<CourierLayout>(p => p.Add(l => l.Body, Board));

        await shell.Find("[data-testid=portal-account] button").ClickAsync(new MouseEventArgs());
        await shell.Find("[data-testid=portal-logout]").ClickAsync(new MouseEventArgs());

        var post = Assert.Single(JSInterop.Invocations, i => i.Identifier == "dxPortal.post");
        Assert.Equal("dx-portal-logout", post.Arguments[0]);
        Assert.NotNull(shell.Find("form#dx-portal-logout[action='/account/logout'][method=post]"));
    }

    [Fact]
    public async Task On_a_wide_screen_the_drawer_opens_beside_the_page_and_the_menu_button_closes_it()
    {
        JSInterop.Setup<bool>("dxPortal.wide").SetResult(true);
        await SignInStaffAsync(Roles.Operator);
        var shell = RenderOperatorFrame();

        shell.WaitForAssertion(() => Assert.Contains("dx-drawer-open", shell.Find(".dx-portal").ClassList));
        Assert.Equal("true", shell.Find("[data-testid=portal-menu]").GetAttribute("aria-expanded"));
        Assert.Empty(shell.FindAll(".dx-drawer-scrim"));

        await shell.Find("[data-testid=portal-menu]").ClickAsync(new MouseEventArgs());

        Assert.Contains("dx-drawer-closed", shell.Find(".dx-portal").ClassList);
        Assert.Equal("false", shell.Find("[data-testid=portal-menu]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task On_a_phone_the_drawer_opens_from_the_menu_button_and_closes_when_a_section_is_chosen()
    {
        JSInterop.Setup<bool>("dxPortal.wide").SetResult(false);
        await SignInStaffAsync(Roles.Operator);
        var shell = RenderOperatorFrame();
        shell.WaitForAssertion(() => Assert.Contains("dx-drawer-closed", shell.Find(".dx-portal").ClassList));

        await shell.Find("[data-testid=portal-menu]").ClickAsync(new MouseEventArgs());
        Assert.Contains("dx-drawer-open", shell.Find(".dx-portal").ClassList);
        Assert.Single(shell.FindAll(".dx-drawer-scrim"));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/operator/orders");

        shell.WaitForAssertion(() => Assert.Contains("dx-drawer-closed", shell.Find(".dx-portal").ClassList));
        Assert.Empty(shell.FindAll(".dx-drawer-scrim"));
    }

    [Fact]
    public async Task A_new_notification_raises_the_unread_count_without_a_reload()
    {
        var user = await SignInStaffAsync(Roles.Courier);
        var shell = Render<CourierLayout>(p => p.Add(l => l.Body, (RenderFragment)(_ => { })));
        Assert.Empty(shell.FindAll("[data-testid=portal-unread] .dx-badge"));

        await InScopeAsync<INotificationService>(n => n.NotifyAsync(user.Id, new NotificationRequest("Yangi buyurtma", "DX-1")));

        shell.WaitForAssertion(() => Assert.Equal("1", shell.Find("[data-testid=portal-unread] .dx-badge").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }
}

using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;


namespace Dorixona.Tests.Components.Admin;

public sealed class UsersPagesTests(SqliteDatabase database) : PortalComponentTest(database)
{
    [Fact]
    public async Task The_users_grid_pages_on_the_server_and_finds_a_person_by_part_of_their_phone()
    {
        await SignInStaffAsync(Roles.Admin);
        var wanted = await TestUsers.CreateVerifiedAsync(Services, Clock, "Gulnora Tursunova");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo("/admin/users?q=" + Uri.EscapeDataString(wanted.PhoneNumber![4..]));

        var page = RenderPage<UserList>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-user-id]")));
        var link = page.Find("[data-user-id]");
        Assert.Equal($"/admin/users/{wanted.Id}", link.GetAttribute("href"));
        Assert.Equal("Gulnora Tursunova", link.TextContent.Trim());
    }

    [Fact]
    public async Task The_role_filter_reloads_the_grid_from_the_server()
    {
        var admin = await SignInStaffAsync(Roles.Admin);
        var courier = await TestUsers.CreateVerifiedAsync(Services, Clock, "Courier In Grid");
        Assert.True((await InScopeAsync<UserAdmin, Result>(u => u.ChangeRoleAsync(admin.Id, courier.Id, Roles.Courier))).Succeeded);
        var page = RenderPage<UserList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-user-id]")));

        var select = page.FindComponent<MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Courier));

        page.WaitForAssertion(() =>
        {
            var ids = page.FindAll("[data-user-id]").Select(a => a.GetAttribute("data-user-id")).ToList();
            Assert.Contains(courier.Id.ToString(), ids);
            Assert.All(page.FindAll("#users tbody tr"), tr => Assert.Contains("Kuryer", tr.TextContent, StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task The_users_pages_refuse_everyone_but_an_admin(string role)
    {
        var me = await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<UserList>().Find($"#{NotAuthorizedMarker}"));
        Assert.NotNull(RenderPage<UserDetailPage>(("Id", me.Id)).Find($"#{NotAuthorizedMarker}"));
        Assert.NotNull(RenderPage<AdminOrderPage>(("Id", 1L)).Find($"#{NotAuthorizedMarker}"));
    }

    [Fact]
    public async Task Disabling_a_user_asks_in_a_dialog_first_and_cancelling_changes_nothing()
    {
        await SignInStaffAsync(Roles.Admin);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, "Sardor Aliyev");
        var page = RenderPage<UserDetailPage>(("Id", user.Id));

        page.Find("#disable").Click();
        page.WaitForAssertion(() => Assert.Contains("Sardor Aliyev", page.Find("#disable-question").TextContent, StringComparison.Ordinal));
        Assert.Null(await DisabledAtAsync(user.Id)); // nothing happens before the answer
        page.Find("#disable-cancel").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#disable-question")));
        Assert.Null(await DisabledAtAsync(user.Id));

        page.Find("#disable").Click();
        page.WaitForElement("#disable-confirm").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#user-disabled")));
        Assert.NotNull(await DisabledAtAsync(user.Id));
        Assert.NotNull(page.Find("#enable"));

        page.Find("#enable").Click(); // enabling is undone as easily, so it does not ask
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#user-disabled")));
        Assert.Null(await DisabledAtAsync(user.Id));
    }

    [Fact]
    public async Task An_admin_demoting_themself_sees_why_beside_the_role_field_and_nothing_changes()
    {
        var me = await SignInStaffAsync(Roles.Admin);
        var before = (await InScopeAsync<UserAdmin, UserDetail?>(u => u.GetAsync(me.Id)))!.Roles;
        var page = RenderPage<UserDetailPage>(("Id", me.Id));

        var select = page.FindComponent<MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Customer));
        page.Find("#role-save").Click();

        page.WaitForAssertion(() => Assert.True(page.FindComponent<MudSelect<string>>().Instance.GetState(x => x.Error)));
        var said = page.FindComponent<MudSelect<string>>().Instance.GetState(x => x.ErrorText)!;
        Assert.Contains(said, page.Find("#role-form .mud-input-helper-text").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains(said, page.Find(".mud-snackbar").TextContent, StringComparison.Ordinal));
        Assert.Contains(Roles.Admin, before);
        Assert.Equal(before, (await InScopeAsync<UserAdmin, UserDetail?>(u => u.GetAsync(me.Id)))!.Roles);
    }

    [Fact]
    public async Task A_role_change_is_said_in_a_snackbar_and_the_profile_shows_it()
    {
        await SignInStaffAsync(Roles.Admin);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, "Future Operator");
        var page = RenderPage<UserDetailPage>(("Id", user.Id));

        var select = page.FindComponent<MudSelect<string>>();
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Operator));
        page.Find("#role-save").Click();

        page.WaitForAssertion(() => Assert.Equal("Operator", page.Find("#user-roles").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("Rol o‘zgartirildi.", page.Find(".mud-snackbar").TextContent, StringComparison.Ordinal));
        Assert.Equal([Roles.Operator], (await InScopeAsync<UserAdmin, UserDetail?>(u => u.GetAsync(user.Id)))!.Roles);
    }

    [Fact]
    public async Task A_users_order_moving_re_renders_their_page_and_the_admins_order_page()
    {
        var admin = await SignInStaffAsync(Roles.Admin);
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Moving Customer");
        var order = await AdminPortalData.CashOrderAsync(Services, customer.Id, Clock.GetUtcNow().UtcDateTime.AddMinutes(-5));
        var userPage = RenderPage<UserDetailPage>(("Id", customer.Id));
        var orderPage = Render<AdminOrderPage>(p => p.Add(x => x.Id, order)); // the frame is the user page's: one popover host per test
        var waiting = OrderStatusText(OrderStatus.AwaitingConfirmation);
        Assert.Contains(waiting, userPage.Find("#user-orders").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/admin/orders/{order}", userPage.Find("#user-orders a").GetAttribute("href"));
        Assert.Empty(orderPage.FindAll("main form, form")); // read-only

        Assert.True((await InScopeAsync<OrderService, Result>(s => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, admin.Id, null))).Succeeded);

        var confirmed = OrderStatusText(OrderStatus.Confirmed);
        userPage.WaitForAssertion(() => Assert.Contains(confirmed, userPage.Find("#user-orders").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        orderPage.WaitForAssertion(() => Assert.Contains(confirmed, orderPage.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    private static string OrderStatusText(OrderStatus status) => Dorixona.Web.Components.Orders.OrderText.Status(status);

    private Task<DateTime?> DisabledAtAsync(Guid id) =>
        InScopeAsync<DorixonaDbContext, DateTime?>(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == id).Select(u => u.DeletedAt).SingleAsync());
}

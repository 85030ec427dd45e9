using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Dashboard;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace Dorixona.Tests.Components.Admin;

public sealed class DashboardPageTests(SqliteDatabase database) : PortalComponentTest(database)
{
    private const string ChartModule = "./js/time-series-chart.js";

    [Fact]
    public async Task The_admin_sees_money_kpis_the_tables_with_csv_links_and_the_days_sent_to_chart_js_once()
    {
        var module = JSInterop.SetupModule(ChartModule);
        module.SetupVoid("draw", _ => true).SetVoidResult();
        await SignInStaffAsync(Roles.Admin);

        var page = RenderPage<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#kpi-revenue [data-value]")));
        Assert.EndsWith(" so'm", page.Find("#kpi-revenue [data-value]").TextContent.Trim(), StringComparison.Ordinal);
        foreach (var key in DashboardTables.Keys)
        {
            Assert.NotNull(page.Find($"table#table-{key}"));
            Assert.StartsWith($"/api/v1/admin/dashboard/{key}.csv?from=", page.Find($"#csv-{key}").GetAttribute("href"), StringComparison.Ordinal);
        }
        Assert.Equal(7, page.FindAll("#table-days tbody tr").Count); // the last 7 days unless asked otherwise
        page.WaitForAssertion(() => Assert.Equal(2, module.Invocations["draw"].Count)); // the days and the new customers, once each
        var days = (TimeSeries)module.Invocations["draw"][0].Arguments[1]!;
        Assert.Equal(7, days.Labels.Count);
        Assert.True(days.Lines[0].Money);
        Assert.Equal("#0f766e", days.Lines[0].Color); // Dorixona's teal first

        page.Render(); // a render that changes nothing sends nothing again
        Assert.Equal(2, module.Invocations["draw"].Count);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Customer)]
    public async Task Anyone_but_an_admin_is_refused(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<DashboardPage>();

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
        Assert.Empty(page.FindAll("#kpis"));
    }

    [Fact]
    public async Task A_range_core_refuses_is_explained_beside_the_picker_and_the_last_seven_days_stay_shown()
    {
        await SignInStaffAsync(Roles.Admin);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/dashboard?from=2026-03-10&to=2026-03-01");

        var page = RenderPage<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("range-picker", page.Markup, StringComparison.Ordinal));
        var picker = page.FindComponent<MudDateRangePicker>();
        Assert.True(picker.Instance.GetState(x => x.Error));
        var said = picker.Instance.GetState(x => x.ErrorText);
        Assert.False(string.IsNullOrWhiteSpace(said));
        Assert.Contains(said!, picker.Find(".mud-input-helper-text").TextContent, StringComparison.Ordinal);
        Assert.Equal(7, page.FindAll("#table-days tbody tr").Count);
    }

    [Fact]
    public async Task Picking_a_range_moves_the_url_and_the_tables_follow()
    {
        await SignInStaffAsync(Roles.Admin);
        var page = RenderPage<DashboardPage>();
        var picker = page.FindComponent<MudDateRangePicker>();
        var today = Tashkent.Today(Clock);

        await picker.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(
            new DateRange(today.AddDays(-2).ToDateTime(TimeOnly.MinValue), today.ToDateTime(TimeOnly.MinValue))));

        var nav = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith($"/admin/dashboard?from={today.AddDays(-2):yyyy-MM-dd}&to={today:yyyy-MM-dd}", nav.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#table-days tbody tr").Count));
    }

    [Fact]
    public async Task A_change_heard_on_the_admins_group_re_renders_the_figures()
    {
        DashboardPage.LiveDelay = TimeSpan.FromMilliseconds(50);
        var admin = await SignInStaffAsync(Roles.Admin);
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Live Customer");
        var page = RenderPage<DashboardPage>();
        var before = int.Parse(page.Find("#kpi-orders [data-value]").TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var order = await AdminPortalData.CashOrderAsync(Services, customer.Id, Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        // The operator confirms it: the order's move is published after commit, the admins' group among its listeners.
        Assert.True((await InScopeAsync<OrderService, Result>(s => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, admin.Id, null))).Succeeded);

        page.WaitForAssertion(() => Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            page.Find("#kpi-orders [data-value]").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Only_the_admins_group_reaches_the_dashboard()
    {
        DashboardPage.LiveDelay = TimeSpan.FromMilliseconds(50);
        await SignInStaffAsync(Roles.Admin);
        var customer = await TestUsers.CreateVerifiedAsync(Services, Clock, "Quiet Customer");
        var page = RenderPage<DashboardPage>();
        var before = page.Find("#kpi-orders [data-value]").TextContent.Trim();
        await AdminPortalData.CashOrderAsync(Services, customer.Id, Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        await Services.GetRequiredService<LiveBus>().PublishAsync(LiveGroups.Couriers, "delivery");
        await Task.Delay(300);
        Assert.Equal(before, page.Find("#kpi-orders [data-value]").TextContent.Trim());

        await Services.GetRequiredService<LiveBus>().PublishAsync(LiveGroups.Admins, "order");
        page.WaitForAssertion(() => Assert.NotEqual(before, page.Find("#kpi-orders [data-value]").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }
}

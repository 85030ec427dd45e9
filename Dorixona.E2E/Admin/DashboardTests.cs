using Dorixona.Core.Common;
using System.Globalization;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Admin;

/// <summary>Orders placed (and paid) at chosen instants, straight into the database: the history a dashboard reads.</summary>
internal static class DashboardSeed
{
    public static async Task PaidOrdersAsync(IServiceProvider services, DateTime at, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var customer = await db.Users.Where(u => u.UserName == "+998900000004").Select(u => u.Id).SingleAsync();
        var product = await db.Products.AsNoTracking().Where(p => p.IsActive && !p.RequiresPrescription).OrderBy(p => p.Id).FirstAsync();
        var branch = await db.Branches.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        for (var i = 0; i < count; i++)
        {
            var order = new Order
            {
                UserId = customer, Status = OrderStatus.Paid, Fulfilment = Fulfilment.Pickup, BranchId = branch, PaymentMethod = PaymentMethod.Payme,
                ContactPhone = "+998900000004", ItemsTotal = product.Price, Total = product.Price, IdempotencyKey = Guid.NewGuid().ToString("N"),
                CreatedAt = at.AddSeconds(i), UpdatedAt = at.AddSeconds(i),
                Lines = [new OrderLine { ProductId = product.Id, ProductName = product.Name, ProductSlug = product.Slug, Details = "e2e", Quantity = 1, UnitPrice = product.Price, LineTotal = product.Price }],
            };
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            db.Payments.Add(new Payment
            {
                OrderId = order.Id, Provider = PaymentProvider.Payme, Amount = order.Total, State = PaymentState.Succeeded, CreatedAt = order.CreatedAt,
                UpdatedAt = order.CreatedAt, PerformedAt = order.CreatedAt, IdempotencyKey = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Orders placed on one Tashkent day, counted straight from the orders table.</summary>
    public static async Task<int> OrdersOnAsync(IServiceProvider services, DateOnly day)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var start = Tashkent.StartUtc(day);
        var end = Tashkent.StartUtc(day.AddDays(1));
        return await db.Orders.CountAsync(o => o.CreatedAt >= start && o.CreatedAt < end);
    }
}

public sealed class DashboardTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    protected override void ConfigureContext(BrowserNewContextOptions options) => options.ViewportSize = new ViewportSize { Width = 1280, Height = 900 };

    [Fact]
    public async Task Admin_opens_the_dashboard_changes_the_range_and_the_charts_and_tables_follow()
    {
        var today = Tashkent.DayOf(DateTime.UtcNow);
        var threeDaysAgo = today.AddDays(-3);
        await DashboardSeed.PaidOrdersAsync(App.Services, Tashkent.StartUtc(threeDaysAgo).AddHours(10), 3);
        // Half an hour ago, or just after today's Tashkent midnight when that was less than half an hour ago.
        var earlierToday = DateTime.UtcNow.AddMinutes(-30);
        if (earlierToday < Tashkent.StartUtc(today)) earlierToday = Tashkent.StartUtc(today);
        await DashboardSeed.PaidOrdersAsync(App.Services, earlierToday, 2);
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/admin");

        await new PortalShell(Page).WaitUntilLiveAsync();
        await new PortalShell(Page).Drawer.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Exact = true })).ToBeVisibleAsync();
        await new PortalShell(Page).WaitUntilLiveAsync();
        var days = Page.Locator("#table-days tbody tr");
        await Expect(days).ToHaveCountAsync(7); // the last 7 days unless asked otherwise
        await Expect(Page.Locator("#chart-days")).ToHaveAttributeAsync("data-drawn", "7"); // Chart.js drew the 7 days
        Assert.True(await DrawnAsync("chart-days"));
        await AssertFitsAsync(1280);

        // Today: one row, the orders placed today, and the chart redrawn with one day.
        await Page.Locator("#range-presets").GetByRole(AriaRole.Link, new() { Name = "Today", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync($"{App.BaseUrl}/admin/dashboard?from={Iso(today)}&to={Iso(today)}");
        await Expect(days).ToHaveCountAsync(1);
        var todayOrders = await DashboardSeed.OrdersOnAsync(App.Services, today);
        Assert.True(todayOrders >= 2);
        await Expect(days.First.Locator("td").First).ToHaveAttributeAsync("data-raw", todayOrders.ToString(CultureInfo.InvariantCulture));
        await Expect(Page.Locator("#chart-days")).ToHaveAttributeAsync("data-drawn", "1");
        await Expect(Page.Locator("#kpi-orders [data-value]")).ToHaveTextAsync(todayOrders.ToString(CultureInfo.InvariantCulture));
        // The tooltip is Chart.js's own, in the browser: hovering makes no request to the server.
        var requests = 0;
        Page.Request += (_, _) => requests++;
        await Page.Locator("#chart-days").HoverAsync();
        await Page.WaitForTimeoutAsync(300);
        Assert.Equal(0, requests);

        // A shared link to one day three days ago, with its three orders.
        await Page.GotoAsync($"/admin/dashboard?from={Iso(threeDaysAgo)}&to={Iso(threeDaysAgo)}");
        await new PortalShell(Page).WaitUntilLiveAsync();
        var thatDay = await DashboardSeed.OrdersOnAsync(App.Services, threeDaysAgo);
        Assert.True(thatDay >= 3);
        await Expect(days).ToHaveCountAsync(1);
        await Expect(days.First.Locator("td").First).ToHaveAttributeAsync("data-raw", thatDay.ToString(CultureInfo.InvariantCulture));

        // 30 days: thirty rows and thirty points, the payment split shows Payme's paid orders, its names on one line.
        await Page.Locator("#range-presets").GetByRole(AriaRole.Link, new() { Name = "30 days", Exact = true }).ClickAsync();
        await Expect(days).ToHaveCountAsync(30);
        await Expect(Page.Locator("#chart-days")).ToHaveAttributeAsync("data-drawn", "30");
        var payme = Page.Locator("#table-methods tbody tr", new() { HasText = "Payme" });
        Assert.True(int.Parse((await payme.Locator("td").Nth(1).GetAttributeAsync("data-raw"))!, CultureInfo.InvariantCulture) >= 5);
        await Expect(Page.Locator("#chart-statuses svg")).ToBeVisibleAsync();
        var method = await Page.Locator("#table-methods tbody th").First.BoundingBoxAsync();
        Assert.True(method!.Height < 40, "A payment method's name wraps onto several lines.");
        await AssertFitsAsync(1280);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "dashboard-1280.png"), FullPage = true });
    }

    private async Task<bool> DrawnAsync(string id) =>
        await Page.EvaluateAsync<bool>($"() => {{ const c = document.getElementById('{id}'); return !!(c && window.Chart && window.Chart.getChart(c) && c.width > 0); }}");

    private async Task AssertFitsAsync(int width)
    {
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        var inner = await Page.EvaluateAsync<int>("() => window.innerWidth");
        Assert.True(scrollWidth <= inner, $"The dashboard is {scrollWidth} px wide at a {width} px viewport: something overflows sideways.");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The dashboard on the smallest phone we design for: everything fits, money stays in its cards, the tables fold under their charts.</summary>
public sealed class DashboardMobileTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_dashboard_fits_a_360_px_phone_with_charts_drawn_and_numbers_one_tap_away()
    {
        var today = Tashkent.DayOf(DateTime.UtcNow);
        await DashboardSeed.PaidOrdersAsync(App.Services, DateTime.UtcNow.AddMinutes(-10), 1);
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000001", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/admin");

        await Page.GotoAsync($"/admin/dashboard?from={today.AddDays(-6):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        await new PortalShell(Page).WaitUntilLiveAsync();
        await Expect(Page.Locator("#chart-days")).ToHaveAttributeAsync("data-drawn", "7");
        // The numbers are folded under a chart on a phone, and open with a tap.
        var numbers = Page.Locator("#panel-statuses details.dash-numbers");
        await Expect(numbers).Not.ToHaveAttributeAsync("open", "");
        await numbers.Locator("summary").ClickAsync();
        await Expect(Page.Locator("#table-statuses")).ToBeVisibleAsync();
        await Expect(Page.Locator("#table-days tbody tr")).ToHaveCountAsync(7);
        // Money never spills out of its card.
        foreach (var kpi in new[] { "kpi-revenue", "kpi-average", "kpi-refunds" })
        {
            var fits = await Page.EvaluateAsync<bool>($"() => {{ const v = document.querySelector('#{kpi} [data-value]'); return v.scrollWidth <= v.clientWidth + 1; }}");
            Assert.True(fits, $"{kpi}'s money overflows its card.");
        }

        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "dashboard-360.png"), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        var inner = await Page.EvaluateAsync<int>("() => window.innerWidth");
        Assert.True(scrollWidth <= inner, $"The dashboard is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Portals;

/// <summary>The operator's and the customer's dashboards on a 360 px phone; the operator's queue counts follow new orders live.</summary>
public sealed class DashboardTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const int Width = 360;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        options.ViewportSize = new ViewportSize { Width = Width, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
    }

    [Fact]
    public async Task The_operator_sees_a_new_order_join_the_to_confirm_queue_without_reloading()
    {
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000002", "Demo12345");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator");
        await new PortalShell(Page).WaitUntilLiveAsync();
        var count = Page.Locator("[data-queue=toConfirm] .dx-queue-count");
        var before = int.Parse((await count.TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await AssertFitsAsync("operator-dashboard-360.png");

        var order = await PlaceCashOrderAsync("+998900000004");

        // No reload: the circuit heard the "order" event and re-read the dashboard.
        await Expect(count).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // "Act now" lists the ten longest waits: the new order shows there only while fewer than ten others wait
        // (other tests share this app's database), so it is looked for in the to-confirm board the count links to.
        await Page.Locator(".mud-card[data-queue=toConfirm] a").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/operator/orders?tab=toConfirm");
        await Page.GetByLabel("Search by number or phone").FillAsync(Order.NumberFor(order));
        await Expect(Page.Locator($"tr.dx-order-{order}")).ToContainTextAsync(Order.NumberFor(order));
        await AssertFitsAsync("operator-board-360.png");
    }

    [Fact]
    public async Task A_customer_opens_their_dashboard_from_the_account_menu()
    {
        var order = await PlaceCashOrderAsync("+998900000004");
        await (await new LoginPage(Page).OpenAsync()).SignInAsync("+998900000004", "Demo12345");

        await new SiteHeader(Page).AccountMenu.ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "My dashboard" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My dashboard", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#cd-order-list")).ToContainTextAsync(Order.NumberFor(order));
        await AssertFitsAsync("customer-dashboard-360.png");
    }

    /// <summary>A cash delivery order of one in-stock demo product, placed through the shop's own services.</summary>
    private async Task<long> PlaceCashOrderAsync(string phone)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<DorixonaDbContext>();
        var user = await db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.Id).SingleAsync();
        var product = await db.Products.Where(p => p.IsActive && !p.RequiresPrescription && db.BranchStock.Any(s => s.ProductId == p.Id && s.Quantity > 5))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        Assert.True((await sp.GetRequiredService<CartService>().AddAsync(CartOwner.User(user), product, 1)).Succeeded);
        var placed = await sp.GetRequiredService<CheckoutService>().CheckoutAsync(user, new CheckoutRequest(Fulfilment.Delivery, null,
            new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", null, null), PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        return placed.Value!.OrderId;
    }

    private async Task AssertFitsAsync(string screenshot)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{Page.Url} is {scrollWidth} px wide at a {Width} px viewport: something overflows sideways.");
    }
}

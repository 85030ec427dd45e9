using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Delivery;

/// <summary>
/// A courier on a 360 px phone takes a delivery to the door while the customer watches on their order page:
/// positions from Chromium's geolocation override, the handover code, and the delivered state, all without a reload.
/// </summary>
public sealed class CourierDeliveryTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string DemoPassword = "Demo12345";
    private const string Courier = "+998900000003";
    private const string Customer = "+998900000004";
    private readonly BrowserFixture _browser = browser;

    protected override void ConfigureContext(BrowserNewContextOptions options)
    {
        // This test's own context is the courier's phone.
        options.ViewportSize = new ViewportSize { Width = 360, Height = 780 };
        options.IsMobile = true;
        options.HasTouch = true;
        options.Permissions = ["geolocation"];
        options.Geolocation = new Geolocation { Latitude = 41.3111f, Longitude = 69.2797f };
    }

    [Fact]
    public async Task The_courier_takes_an_order_to_the_door_and_the_customer_watches_it_move_live()
    {
        var (orderId, deliveryId) = await ReadyOrderForTheCourierAsync();

        await using var customerContext = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl });
        customerContext.SetDefaultTimeout(15_000);
        await customerContext.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = "c=en|uic=en", Url = App.BaseUrl }]);
        var customerPage = await customerContext.NewPageAsync();
        await new LoginPage(customerPage).OpenAsync();
        await new LoginPage(customerPage).SignInAsync(Customer, DemoPassword);
        await customerPage.GotoAsync($"/orders/{orderId}");
        var tracking = new TrackingBlock(customerPage);
        await Expect(new OrderPage(customerPage).LiveConnected).ToHaveCountAsync(1);
        await Expect(tracking.State).ToHaveTextAsync("Offered to a courier");

        Context.SetDefaultTimeout(15_000);
        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync(Courier, DemoPassword);
        await Page.GotoAsync(CourierPage.Path);
        await new PortalShell(Page).WaitUntilLiveAsync();
        var courier = new CourierPage(Page);
        await Expect(courier.Card(deliveryId)).ToContainTextAsync("Mustaqillik");
        await Expect(courier.Card(deliveryId).Locator("a[href^='tel:+998']")).ToHaveCountAsync(1);
        await Expect(courier.Card(deliveryId).Locator("a[href^='tel:+998']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\+998 \d{2} \d{3} \d{2} \d{2}$"));
        await Expect(courier.Branch(deliveryId)).ToContainTextAsync("Collect from branch");

        await courier.Step(deliveryId, "Accept").ClickAsync();
        await Expect(courier.State(deliveryId)).ToHaveTextAsync("Accepted by the courier");
        await courier.Step(deliveryId, "Picked up").ClickAsync();
        await Expect(courier.State(deliveryId)).ToHaveTextAsync("Picked up");
        await Expect(tracking.State).ToHaveTextAsync("Picked up");
        await Expect(new OrderPage(customerPage).Status).ToHaveTextAsync("out for delivery");
        await courier.Step(deliveryId, "On my way").ClickAsync();
        await Expect(courier.State(deliveryId)).ToHaveTextAsync("On the way");
        await AssertFitsAsync(Page, "courier-360.png");

        // The page shares the override's position by itself; the customer's list grows and the ETA appears, no reload.
        await Expect(courier.Card(deliveryId)).ToHaveAttributeAsync("data-location-sent", "1");
        await Expect(tracking.Positions).ToHaveCountAsync(1);
        await Expect(tracking.Positions.First).ToContainTextAsync("41.31110, 69.27970");
        await Expect(tracking.Eta).ToContainTextAsync("Arrives in about");
        await Context.SetGeolocationAsync(new Geolocation { Latitude = 41.2900f, Longitude = 69.2200f });
        await Expect(tracking.Positions).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Expect(tracking.Positions.First).ToContainTextAsync("41.29000, 69.22000");
        await Expect(tracking.Live).ToHaveAttributeAsync("data-last-lat", "41.29000");
        await customerPage.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "customer-tracking.png"), FullPage = true });

        var code = (await tracking.HandoverCode.TextContentAsync())!.Trim();
        Assert.Matches("^[0-9]{4}$", code);
        // A wrong code first: its error sits right under the field, on screen, and what was typed stays.
        var wrong = code == "0000" ? "1111" : "0000";
        await courier.Code(deliveryId).FillAsync(wrong);
        await courier.Step(deliveryId, "Delivered").ClickAsync();
        await Expect(courier.CodeError(deliveryId)).ToHaveTextAsync("Wrong code. 4 tries left.");
        await Expect(courier.CodeError(deliveryId)).ToBeInViewportAsync();
        await Expect(courier.Code(deliveryId)).ToHaveValueAsync(wrong);
        await AssertFitsAsync(Page, "courier-360-wrong-code.png");
        await Expect(courier.State(deliveryId)).ToHaveTextAsync("On the way");

        await courier.Code(deliveryId).FillAsync(code);
        await courier.Step(deliveryId, "Delivered").ClickAsync();
        await Expect(courier.State(deliveryId)).ToHaveTextAsync("Delivered");
        await Expect(courier.Code(deliveryId)).ToHaveCountAsync(0);

        await Expect(tracking.State).ToHaveTextAsync("Delivered");
        await Expect(new OrderPage(customerPage).Status).ToHaveTextAsync("delivered");
        await Expect(tracking.HandoverCode).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_operator_assigns_a_courier_in_the_dialog_and_the_courier_run_shows_it_without_a_reload()
    {
        var (_, deliveryId) = await ReadyOrderForTheCourierAsync(assign: false);
        Context.SetDefaultTimeout(15_000);
        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync(Courier, DemoPassword);
        await Page.GotoAsync(CourierPage.Path);
        await new PortalShell(Page).WaitUntilLiveAsync();
        var courier = new CourierPage(Page);
        await Expect(courier.Card(deliveryId)).ToHaveCountAsync(0);

        await using var operatorContext = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var board = await OpenReadyDeliveriesAsync(operatorContext, await operatorContext.NewPageAsync());

        await board.Action(deliveryId, "Assign a courier").ClickAsync();
        await Expect(board.AssignWhy).ToContainTextAsync("Suggested:");
        await Expect(board.AssignDialog).Not.ToContainTextAsync("(0/0)");
        await Expect(board.AssignDialog).ToContainTextAsync("Collect at");
        // The demo courier has nothing under way: the suggestion, preselected and said in words in the field.
        await Expect(board.AssignDialog.Locator("input").First).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Sardor Tursunov .* — no deliveries under way"));
        await board.DialogButton("Assign").ClickAsync();
        // Assigned, it leaves the "waiting for a courier" list on every open board.
        await Expect(board.Row(deliveryId)).ToHaveCountAsync(0);

        await Expect(courier.State(deliveryId)).ToHaveTextAsync("Offered to a courier");
        await Expect(courier.Step(deliveryId, "Accept")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_operator_overrules_the_suggestion_and_the_delivery_goes_to_the_courier_picked()
    {
        var (_, deliveryId) = await ReadyOrderForTheCourierAsync(assign: false);
        // Two new couriers with nothing under way: whichever is not suggested is picked, so the demo courier's load stays as it was.
        var first = await AnotherCourierAsync();
        var second = await AnotherCourierAsync();
        try
        {
            await Page.SetViewportSizeAsync(1280, 900);
            var board = await OpenReadyDeliveriesAsync(Context, Page);

            await board.Action(deliveryId, "Assign a courier").ClickAsync();
            await Expect(board.AssignWhy).ToContainTextAsync("Suggested:");
            var suggested = await board.AssignDialog.Locator("input").First.InputValueAsync();
            var picked = suggested.StartsWith(first.Name, StringComparison.Ordinal) ? second : first;
            var pick = picked.Name;
            await board.AssignDialog.Locator(".mud-select .mud-input-control").ClickAsync();
            await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = pick }).ClickAsync();
            await Expect(board.AssignDialog.Locator("input").First).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^" + pick));
            await board.DialogButton("Assign").ClickAsync();

            await Expect(board.Row(deliveryId)).ToHaveCountAsync(0);
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            Assert.Equal(picked.Id, await db.Deliveries.Where(d => d.Id == deliveryId).Select(d => d.CourierId).SingleAsync());
        }
        finally
        {
            // Out of the other tests' way: a removed account is no courier to suggest.
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            await db.Users.Where(u => u.Id == first.Id || u.Id == second.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeletedAt, DateTime.UtcNow));
        }
    }

    /// <summary>The demo operator, in English, on the deliveries waiting for a courier, live.</summary>
    private async Task<OperatorDeliveriesPage> OpenReadyDeliveriesAsync(IBrowserContext context, IPage page)
    {
        context.SetDefaultTimeout(15_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = "c=en|uic=en", Url = App.BaseUrl }]);
        await new LoginPage(page).OpenAsync();
        await new LoginPage(page).SignInAsync("+998900000002", DemoPassword);
        await page.GotoAsync(OperatorDeliveriesPage.Path + "?state=ready");
        await new PortalShell(page).WaitUntilLiveAsync();
        return new OperatorDeliveriesPage(page);
    }

    /// <summary>A courier with nothing under way, made through Identity as an admin's role change would leave them.</summary>
    private async Task<(Guid Id, string Name)> AnotherCourierAsync()
    {
        var (_, phone) = TestPhones.New();
        var name = "Jasur " + Guid.NewGuid().ToString("N")[..6];
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = name, CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, "secret123")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Courier)).Succeeded);
        return (user.Id, name);
    }

    /// <summary>The demo customer's cash order for delivery, made ready and (unless said) offered to the demo courier by an operator (through Core, as the board would).</summary>
    private async Task<(long Order, long Delivery)> ReadyOrderForTheCourierAsync(bool assign = true)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<DorixonaDbContext>();
        var customer = await db.Users.SingleAsync(u => u.UserName == Customer);
        var courier = await db.Users.SingleAsync(u => u.UserName == Courier);
        var operatorId = await db.Users.Where(u => u.UserName == "+998900000002").Select(u => u.Id).SingleAsync();
        var inStock = await db.BranchStock.Where(s => s.Quantity > 5).Select(s => s.ProductId).FirstAsync();
        await sp.GetRequiredService<CartService>().AddAsync(CartOwner.User(customer.Id), inStock, 1);
        var placed = await sp.GetRequiredService<CheckoutService>().CheckoutAsync(customer.Id, new CheckoutRequest(
            Fulfilment.Delivery, null, new CheckoutAddress(Districts.TashkentCity, "Yunusobod", "Mustaqillik", "5", "12", "Next to the school", null),
            PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        var orderId = placed.Value!.OrderId;
        var orders = sp.GetRequiredService<OrderService>();
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready })
            Assert.True((await orders.TransitionAsync(orderId, to, OrderActor.Operator, operatorId, null)).Succeeded);
        var deliveryId = await db.Deliveries.Where(d => d.OrderId == orderId).Select(d => d.Id).SingleAsync();
        if (assign) Assert.True((await sp.GetRequiredService<DeliveryService>().AssignAsync(deliveryId, courier.Id, DeliveryActor.Operator(operatorId))).Succeeded);
        return (orderId, deliveryId);
    }

    private static async Task AssertFitsAsync(IPage page, string screenshot)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), screenshot), FullPage = true });
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"{page.Url} is {width} px wide at a 360 px viewport: something overflows sideways.");
    }
}

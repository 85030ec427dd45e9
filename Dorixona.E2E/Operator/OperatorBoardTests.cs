using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Operator;

/// <summary>The operator's board in one browser while a customer orders in another: the order arrives by itself, and the operator's move reaches the customer's page.</summary>
public sealed class OperatorBoardTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Password = "Secret1234";
    private readonly BrowserFixture _browser = browser;

    [Fact]
    public async Task A_cash_order_placed_in_another_browser_appears_on_the_open_board_within_seconds_and_its_confirmation_reaches_the_customer()
    {
        var (phone, name) = await CustomerAsync();

        await using var staff = await NewContextAsync();
        var operatorPage = await staff.NewPageAsync();
        await new LoginPage(operatorPage).OpenAsync();
        await new LoginPage(operatorPage).SignInAsync("+998900000002", "Demo12345");
        await Expect(operatorPage).ToHaveURLAsync(App.BaseUrl + "/operator");
        await operatorPage.GotoAsync(OperatorOrdersPage.Path);
        await new PortalShell(operatorPage).WaitUntilLiveAsync();
        var board = new OperatorOrdersPage(operatorPage);
        // The operator watches this customer's orders (they are on the phone with them, say).
        await operatorPage.GetByLabel("Search by number or phone").FillAsync(phone);
        await Expect(operatorPage.GetByText("No orders.")).ToBeVisibleAsync();

        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync(phone, Password);
        await Page.GotoAsync("/catalog?q=paracetamol&inStock=true");
        await new CatalogPage(Page).ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await new ProductPage(Page).AddToCart.ClickAsync();
        await Expect(new ProductPage(Page).CartBadge).ToContainTextAsync("1");
        await Page.GotoAsync(CheckoutPage.Path);
        var checkout = new CheckoutPage(Page);
        await checkout.DeliverWithCashAsync("Chilonzor", "Bunyodkor shoh ko‘chasi", "18");
        await Expect(checkout.ReviewHeading).ToBeVisibleAsync();
        await checkout.Confirm.ClickAsync();
        var order = new OrderPage(Page);
        await Expect(order.Status).ToHaveTextAsync("awaiting confirmation");
        await Expect(order.LiveConnected).ToHaveCountAsync(1);

        // No reload on the operator's side: the order's commit reached the board's circuit through the live bus.
        var row = board.Order(order.Id);
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync(PhoneNumber.Format(phone));
        await Expect(row).ToContainTextAsync("so'm");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = Dorixona.Core.Orders.Order.NumberFor(order.Id) })).ToHaveAttributeAsync("href", $"/operator/orders/{order.Id}");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Mark delivered" })).ToHaveCountAsync(0);

        await board.Action(order.Id, "Confirm").ClickAsync();
        await Expect(row).ToHaveCountAsync(0); // on to "packing"
        await Expect(order.Status).ToHaveTextAsync("confirmed");
    }

    private async Task<(string Phone, string Name)> CustomerAsync()
    {
        var phone = TestPhones.New().Normalized;
        const string name = "Board Customer";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = name, CreatedAt = DateTime.UtcNow, VerifiedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Customer);
        return (phone, name);
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl });
        context.SetDefaultTimeout(10_000);
        await context.AddCookiesAsync([new Cookie { Name = CookieRequestCultureProvider.DefaultCookieName, Value = "c=en|uic=en", Url = App.BaseUrl }]);
        return context;
    }
}

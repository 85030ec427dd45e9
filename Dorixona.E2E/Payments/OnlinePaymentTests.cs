using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Payments;

/// <summary>Checkout with an online method goes straight to the provider (the simulator here) and comes back to a paid order.</summary>
public sealed class OnlinePaymentTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string DemoPassword = "Demo12345";

    private async Task CheckoutAsync(string customer, string method)
    {
        await new LoginPage(Page).OpenAsync();
        await new LoginPage(Page).SignInAsync(customer, DemoPassword);
        await Expect(new SiteHeader(Page).AccountMenu).ToBeVisibleAsync();
        await Page.GotoAsync("/catalog?q=paracetamol&inStock=true");
        await new CatalogPage(Page).ResultNames.First.GetByRole(AriaRole.Link).ClickAsync();
        await new ProductPage(Page).AddToCart.ClickAsync();
        await Expect(new ProductPage(Page).CartBadge).Not.ToBeEmptyAsync();

        await Page.GotoAsync(CheckoutPage.Path);
        var checkout = new CheckoutPage(Page);
        await checkout.Delivery.CheckAsync();
        await checkout.Region.SelectOptionAsync("Toshkent shahri");
        await checkout.District.SelectOptionAsync("Yunusobod");
        await checkout.Street.FillAsync("Amir Temur");
        await checkout.House.FillAsync("7");
        await Page.GetByLabel(method, new() { Exact = true }).CheckAsync();
        await checkout.ContinueToReview.ClickAsync();
        await Expect(checkout.ReviewHeading).ToBeVisibleAsync();
        await checkout.Confirm.ClickAsync();
    }

    [Theory]
    [InlineData("+998900000004", "Payme")]
    [InlineData("+998900000003", "Click")]
    public async Task Checkout_pays_through_the_simulator_and_ends_on_a_paid_order_page(string customer, string provider)
    {
        await CheckoutAsync(customer, provider);

        var simulator = new PaymentSimulatorPage(Page);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dev/payments/{provider.ToLowerInvariant()}"));
        await Expect(simulator.Heading).ToHaveTextAsync($"{provider} simulator");
        await Expect(simulator.Amount).ToContainTextAsync("so'm");
        await simulator.PaySuccess.ClickAsync();

        var order = new OrderPage(Page);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/\\d+$"));
        await Expect(order.Status).ToHaveTextAsync("paid");
        var payments = new OrderPaymentsBlock(Page);
        await Expect(payments.States.Last).ToHaveAttributeAsync("data-state", "succeeded");
        await Expect(payments.PayWithPayme).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_failed_payment_leaves_the_order_payable_from_its_page()
    {
        await CheckoutAsync("+998900000004", "Click");
        await new PaymentSimulatorPage(Page).PayFails.ClickAsync();

        var order = new OrderPage(Page);
        await Expect(order.Status).ToHaveTextAsync("awaiting payment");
        var payments = new OrderPaymentsBlock(Page);
        await Expect(payments.States.Last).ToHaveAttributeAsync("data-state", "failed");
        await payments.PayWithPayme.ClickAsync();
        await new PaymentSimulatorPage(Page).PaySuccess.ClickAsync();
        await Expect(order.Status).ToHaveTextAsync("paid");
    }
}

using Dorixona.E2E.Infrastructure;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
        await checkout.DeliverToAsync("Yunusobod", "Amir Temur", "7");
        await checkout.PayWith(method).ClickAsync();
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
        // Said plainly, with what to do: try the same provider again (first) or the other one; the deadline is a clock time.
        await Expect(payments.Failure).ToContainTextAsync("Click declined it");
        await Expect(payments.Retry("Click")).ToBeVisibleAsync();
        await Expect(payments.Deadline).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Pay by (\d{2}\.\d{2} )?\d{2}:\d{2}"));
        await payments.PayWithPayme.ClickAsync();
        await new PaymentSimulatorPage(Page).PaySuccess.ClickAsync();
        await Expect(order.Status).ToHaveTextAsync("paid");
    }

    [Fact]
    public async Task An_open_order_page_shows_the_payment_arrive_live()
    {
        await CheckoutAsync("+998900000003", "Payme");
        var number = (await new PaymentSimulatorPage(Page).OrderNumber.TextContentAsync())!.Trim();
        var orderId = long.Parse(number[3..], System.Globalization.CultureInfo.InvariantCulture) - 250_000;
        var tiyin = long.Parse(await new PaymentSimulatorPage(Page).Amount.GetAttributeAsync("data-tiyin") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        await Page.GotoAsync($"/orders/{orderId}");
        var order = new OrderPage(Page);
        await Expect(order.Status).ToHaveTextAsync("awaiting payment");
        await Expect(order.LiveConnected).ToHaveCountAsync(1);

        // Payme calls our webhook while the customer watches the page (the demo key of appsettings.Development.json).
        using var payme = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        payme.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("Paycom:demo-payme-key-000000000000000000000")));
        var id = Guid.NewGuid().ToString("N")[..24];
        async Task<JsonElement> Rpc(string method, object @params)
        {
            using var response = await payme.PostAsync("/api/payments/payme",
                new StringContent(JsonSerializer.Serialize(new { method, @params, id = 1 }), Encoding.UTF8, "application/json"));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        var account = new { order_id = orderId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        Assert.True((await Rpc("CreateTransaction", new { id, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), amount = tiyin, account })).TryGetProperty("result", out _));
        await Expect(new OrderPaymentsBlock(Page).States.Last).ToHaveAttributeAsync("data-state", "processing");
        Assert.True((await Rpc("PerformTransaction", new { id })).TryGetProperty("result", out _));

        // No reload: the hub's events made the status and payment blocks re-fetch themselves.
        await Expect(order.Status).ToHaveTextAsync("paid");
        await Expect(new OrderPaymentsBlock(Page).States.Last).ToHaveAttributeAsync("data-state", "succeeded");
    }
}

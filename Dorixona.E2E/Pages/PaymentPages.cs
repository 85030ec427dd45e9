namespace Dorixona.E2E.Pages;

/// <summary>The Development payment simulator that stands in for Payme's and Click's checkout pages.</summary>
public sealed class PaymentSimulatorPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Amount => page.GetByTestId("sim-amount");
    public ILocator OrderNumber => page.GetByTestId("sim-order");
    public ILocator PaySuccess => page.GetByRole(AriaRole.Button, new() { Name = "Pay (success)" });
    public ILocator PayFails => page.GetByRole(AriaRole.Button, new() { Name = "Payment fails" });
}

/// <summary>The order page's payment block: payment states and the pay buttons.</summary>
public sealed class OrderPaymentsBlock(IPage page)
{
    public ILocator Block => page.Locator("#order-payments");
    public ILocator States => Block.Locator(".dx-payment-state");
    public ILocator PayWithClick => Block.GetByRole(AriaRole.Button, new() { Name = "Pay with Click" });
    public ILocator PayWithPayme => Block.GetByRole(AriaRole.Button, new() { Name = "Pay with Payme" });
    public ILocator Failure => Block.Locator("#payment-failed");
    public ILocator Deadline => Block.Locator("#payment-deadline");
    public ILocator Retry(string provider) => Block.GetByRole(AriaRole.Button, new() { Name = $"Try {provider} again" });
}

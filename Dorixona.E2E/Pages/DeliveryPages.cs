namespace Dorixona.E2E.Pages;

/// <summary>The courier's phone page: one card per delivery, a big button for the next step.</summary>
public sealed class CourierPage(IPage page)
{
    public const string Path = "/courier";

    public ILocator Card(long deliveryId) => page.Locator($"#delivery-{deliveryId}");
    public ILocator Step(long deliveryId, string name) => Card(deliveryId).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator Code(long deliveryId) => Card(deliveryId).GetByLabel("Code from the customer");
    public ILocator State(long deliveryId) => Card(deliveryId).Locator(".dx-delivery-state");
}

/// <summary>The delivery block on the customer's order page.</summary>
public sealed class TrackingBlock(IPage page)
{
    public ILocator Live => page.Locator("#delivery-live");
    public ILocator State => page.Locator("#delivery-state");
    public ILocator Positions => page.Locator("#delivery-positions li");
    public ILocator HandoverCode => page.Locator("#handover-code");
    public ILocator Eta => page.Locator("#delivery-eta");
}

namespace Dorixona.E2E.Pages;

/// <summary>The courier's phone page: one card per delivery, a big button for the next step.</summary>
public sealed class CourierPage(IPage page)
{
    public const string Path = "/courier";

    public ILocator Card(long deliveryId) => page.Locator($"#delivery-{deliveryId}");
    public ILocator Step(long deliveryId, string name) => Card(deliveryId).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator Code(long deliveryId) => Card(deliveryId).GetByLabel("Code from the customer");
    /// <summary>The code field's own error line, right under the field.</summary>
    public ILocator CodeError(long deliveryId) =>
        Card(deliveryId).Locator(".mud-input-control", new() { Has = page.Locator($"#code-{deliveryId}") }).Locator(".mud-input-helper-text");
    public ILocator State(long deliveryId) => Card(deliveryId).Locator(".dx-delivery-state");
    public ILocator Branch(long deliveryId) => Card(deliveryId).GetByTestId("branch");
}

/// <summary>The operators' deliveries page: the grid's rows and the assignment dialog.</summary>
public sealed class OperatorDeliveriesPage(IPage page)
{
    public const string Path = "/operator/deliveries";

    public ILocator Row(long deliveryId) => page.Locator("tr", new() { Has = page.Locator($"#board-delivery-{deliveryId}") });
    public ILocator Action(long deliveryId, string name) => Row(deliveryId).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator AssignDialog => page.GetByTestId("assign-dialog");
    public ILocator AssignWhy => page.GetByTestId("assign-why");
    public ILocator DialogButton(string name) => page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}

/// <summary>The delivery block on the customer's order page.</summary>
public sealed class TrackingBlock(IPage page)
{
    public ILocator Live => page.Locator("#delivery-live");
    public ILocator State => page.Locator("#delivery-state");
    public ILocator Positions => page.Locator("#delivery-positions li");
    public ILocator HandoverCode => page.Locator("#handover-code");
    public ILocator Eta => page.Locator("#delivery-eta");
    public ILocator CourierPhone => page.Locator("#courier-phone");
}

/// <summary>The order page's live island: <c>data-circuit</c> is "on" once its circuit runs, "off" as prerendered (JavaScript off).</summary>
public sealed class OrderFollowIsland(IPage page)
{
    public ILocator Root => page.Locator("#order-live");
    public ILocator Live => page.Locator("#order-live[data-circuit=on]");
    public ILocator Step(string name) => page.Locator($"#order-steps li[data-step={name}]");
    public ILocator Steps => page.Locator("#order-steps li");
}

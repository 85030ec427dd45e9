namespace Dorixona.E2E.Pages;

/// <summary>The product page's add form and the header's cart badge.</summary>
public sealed class ProductPage(IPage page)
{
    /// <summary>
    /// The product's own add form (the one that asks how many). Enhanced navigation shows the catalog until the product page
    /// arrives, so the locator must not match the catalog's card buttons: it waits for this page instead.
    /// </summary>
    public ILocator AddToCart => page.GetByRole(AriaRole.Main).Locator("form.dx-add-to-cart:has(input[type=number])")
        .GetByRole(AriaRole.Button, new() { Name = "Add to cart", Exact = true });
    public ILocator CartBadge => page.GetByRole(AriaRole.Banner).Locator("#cart-badge");
}

public sealed class CartPage(IPage page)
{
    public const string Path = "/cart";

    public ILocator Lines => page.Locator(".dx-cart-line");
    public ILocator Checkout => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true });
}

/// <summary>
/// Both checkout steps: the delivery form, then the review with its Confirm button. The choices are cards (labels
/// around visually hidden radios), so a person taps the label, and so do these locators.
/// </summary>
public sealed class CheckoutPage(IPage page)
{
    public const string Path = "/checkout";

    public ILocator Delivery => page.Locator("label[for=f-delivery]");
    public ILocator Pickup => page.Locator("label[for=f-pickup]");
    public ILocator SavedAddresses => page.Locator(".dx-saved-choice label:not([for=saved-new])");
    public ILocator AnotherAddress => page.Locator("label[for=saved-new]");
    public ILocator Region => page.GetByLabel("Region", new() { Exact = true });
    public ILocator District => page.GetByLabel("District (Tashkent city)");
    public ILocator Street => page.GetByLabel("Street", new() { Exact = true });
    public ILocator House => page.GetByLabel("House", new() { Exact = true });
    public ILocator Note => page.Locator("#note");
    public ILocator Branches => page.Locator(".dx-branch-choice");
    public ILocator Cash => PayWith("cash");
    public ILocator ContinueToReview => page.GetByRole(AriaRole.Button, new() { Name = "Continue to review" });
    public ILocator ReviewHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Review your order" });
    public ILocator Total => page.Locator("#review-total");
    public ILocator Confirm => page.GetByRole(AriaRole.Button, new() { Name = "Confirm order" });

    /// <summary>The payment card for "cash", "click" or "payme" (any case).</summary>
    public ILocator PayWith(string method) => page.Locator($"label[for=pay-{method.ToLowerInvariant()}]");

    /// <summary>Delivery to a typed address: a returning customer first taps "another address" (a saved one is preselected).</summary>
    public async Task DeliverToAsync(string district, string street, string house)
    {
        await Delivery.ClickAsync();
        if (await AnotherAddress.CountAsync() > 0) await AnotherAddress.ClickAsync();
        await Region.SelectOptionAsync("Toshkent shahri");
        await District.SelectOptionAsync(district);
        await Street.FillAsync(street);
        await House.FillAsync(house);
    }

    public async Task DeliverWithCashAsync(string district, string street, string house)
    {
        await DeliverToAsync(district, street, house);
        await Cash.ClickAsync();
        await ContinueToReview.ClickAsync();
    }
}

/// <summary>A customer's order page: its status updates live once the page's socket is connected.</summary>
public sealed class OrderPage(IPage page)
{
    public ILocator Status => page.Locator(".dx-order-status");
    /// <summary>Both live: the page's socket (the bell, the prescription panel) and the island's circuit (status, payment, delivery).</summary>
    public ILocator LiveConnected => page.Locator("body[data-live-state=connected] #order-live[data-circuit=on]");

    public long Id => long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The operators' order board: a tab per column over a grid with a row per order.</summary>
public sealed class OperatorOrdersPage(IPage page)
{
    public const string Path = "/operator/orders";

    public ILocator Order(long id) => page.Locator($"tr.dx-order-{id}");
    public ILocator Action(long id, string name) => Order(id).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name });
    public ILocator DialogConfirm => page.Locator(".mud-dialog").GetByTestId("dialog-confirm");
    public ILocator DialogText => page.Locator(".mud-dialog textarea");
}

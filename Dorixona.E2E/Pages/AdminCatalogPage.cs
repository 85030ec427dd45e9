namespace Dorixona.E2E.Pages;

/// <summary>
/// The admin's product grid at /admin/catalog: a search field, category and status filters, and a MudDataGrid whose rows
/// link to each product; Core pages, sorts and filters it.
/// </summary>
public sealed class AdminCatalogPage(IPage page)
{
    public const string Path = "/admin/catalog";

    public ILocator Search => page.Locator("#q");
    public ILocator Total => page.GetByTestId("product-total");
    public ILocator Rows => page.GetByTestId("product-grid").Locator("tbody tr");
    public ILocator Links => page.GetByTestId("product-link");
    public ILocator PriceHeader => page.GetByTestId("product-grid").GetByRole(AriaRole.Columnheader, new() { Name = "Price, so'm" });
    public ILocator NextPage => page.GetByTestId("product-grid").Locator(".mud-table-pagination-actions button").Nth(2);
    public ILocator PageInfo => page.GetByTestId("product-grid").Locator(".mud-table-pagination-caption").Last;

    public ILocator ProductLink(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Row(string name) => page.GetByRole(AriaRole.Row).Filter(new() { Has = ProductLink(name) });

    public async Task<AdminCatalogPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        await new PortalShell(page).WaitUntilLiveAsync();
        return this;
    }

    /// <summary>Types into the search field; the grid asks Core again once typing pauses.</summary>
    public async Task SearchAsync(string text)
    {
        await new PortalShell(page).WaitUntilLiveAsync();
        await Search.FillAsync(text);
    }

    /// <summary>The prices shown, top to bottom, in whole so'm.</summary>
    public async Task<IReadOnlyList<long>> PricesAsync() =>
        (await page.GetByTestId("product-grid").Locator("[data-price]").AllTextContentsAsync())
        .Select(t => long.Parse(new string(t.Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

namespace Dorixona.E2E.Pages;

/// <summary>The admin's product list at /admin/catalog: a search form and a table whose rows link to each product.</summary>
public sealed class AdminCatalogPage(IPage page)
{
    public const string Path = "/admin/catalog";

    public ILocator Search => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Searchbox, new() { Name = "Search", Exact = true });
    public ILocator Find => page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true });

    public ILocator ProductLink(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Row(string name) => page.GetByRole(AriaRole.Row).Filter(new() { Has = ProductLink(name) });

    public async Task<AdminCatalogPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        return this;
    }

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Find.ClickAsync();
    }
}

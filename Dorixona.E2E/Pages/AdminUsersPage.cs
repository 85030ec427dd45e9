namespace Dorixona.E2E.Pages;

/// <summary>The admin's users grid and a user's page (MudBlazor, interactive): found by their labels, roles and ids.</summary>
public sealed class AdminUsersPage(IPage page)
{
    public const string Path = "/admin/users";

    public ILocator Search => page.Locator("input#u-q, #u-q input");
    public ILocator UserLink(string name) => page.Locator("#users").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
    public ILocator RoleSelect => page.Locator("#role-form .mud-select").First;
    public ILocator SaveRole => page.GetByRole(AriaRole.Button, new() { Name = "Save role", Exact = true });
    public ILocator Snackbar(string text) => page.Locator(".mud-snackbar").Filter(new() { HasText = text });
    public ILocator Roles => page.Locator("#user-roles");
    public ILocator DisabledChip => page.Locator("#user-disabled");
    public ILocator Disable => page.Locator("#disable");
    public ILocator Enable => page.Locator("#enable");
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);
    public ILocator AuditLink => page.GetByRole(AriaRole.Link, new() { Name = "Audit log for this user" });

    public async Task<AdminUsersPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        await new PortalShell(page).WaitUntilLiveAsync();
        return this;
    }

    /// <summary>Types into the search; the grid reloads from the server by itself once typing pauses.</summary>
    public Task SearchAsync(string text) => Search.FillAsync(text);

    public async Task ChooseRoleAsync(string role)
    {
        await RoleSelect.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = role }).First.ClickAsync();
    }
}

namespace Dorixona.E2E.Pages;

/// <summary>The admin's users list and a user's page, found by their labels and roles.</summary>
public sealed class AdminUsersPage(IPage page)
{
    public const string Path = "/admin/users";

    public ILocator Search => page.GetByLabel("Phone or name");
    public ILocator Find => page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true });
    public ILocator UserLink(string name) => page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
    public ILocator RoleSelect => page.GetByLabel("Change role");
    public ILocator SaveRole => page.GetByRole(AriaRole.Button, new() { Name = "Save role", Exact = true });
    public ILocator Saved => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Role changed." });
    public ILocator Roles => page.Locator("#user-roles");
    public ILocator AuditLink => page.GetByRole(AriaRole.Link, new() { Name = "Audit log for this user" });

    public async Task<AdminUsersPage> OpenAsync()
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

namespace Dorixona.E2E.Pages;

/// <summary>One product in the admin catalog: its form, its pictures, its stock and the snackbar that says each outcome.</summary>
public sealed class AdminProductPage(IPage page)
{
    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 2 });
    public ILocator Name => page.Locator("#name");
    public ILocator Price => page.Locator("#price");
    public ILocator Save => page.GetByTestId("save");

    /// <summary>A snackbar saying <paramref name="text"/>.</summary>
    public ILocator Said(string text) => page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    public ILocator Pictures => page.Locator("#images img");
    public ILocator PictureFile => page.Locator("#file");

    public ILocator StockBranch => page.Locator("#branchId");
    public ILocator StockDelta => page.Locator("#delta");
    public ILocator StockReason => page.Locator("#reason");
    public ILocator StockApply => page.GetByTestId("stock-apply");
    public ILocator Ledger => page.GetByTestId("stock-ledger");
    public ILocator StockAt(string branchCode) => page.Locator($"[data-branch='{branchCode}']");

    /// <summary>The text a field shows under itself as its error.</summary>
    public static ILocator ErrorBeside(ILocator input) => input.Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]").Locator(".mud-input-helper-text.mud-input-error");

    public Task WaitUntilLiveAsync() => new PortalShell(page).WaitUntilLiveAsync();

    /// <summary>Chooses the first branch in the stock form's select; returns its code.</summary>
    public async Task<string> ChooseFirstBranchAsync()
    {
        await StockBranch.Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").First;
        var label = (await item.TextContentAsync())!.Trim();
        await item.ClickAsync();
        return label.Split('·')[0].Trim();
    }

    /// <summary>Picks a picture; the panel uploads it at once.</summary>
    public Task UploadPictureAsync(string fileName, string mimeType, byte[] content) =>
        PictureFile.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
}

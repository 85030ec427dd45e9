namespace Dorixona.E2E.Pages;

/// <summary>One product in the admin catalog: its form, its pictures and its stock.</summary>
public sealed class AdminProductPage(IPage page)
{
    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 2 });
    public ILocator Name => page.GetByLabel("Name", new() { Exact = true });
    public ILocator Price => page.GetByLabel("Price, so'm", new() { Exact = true });
    public ILocator Save => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });
    public ILocator Saved => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." });

    public ILocator Pictures => page.GetByRole(AriaRole.Region, new() { Name = "Pictures" }).GetByRole(AriaRole.Img);
    public ILocator PictureFile => page.GetByLabel("Picture file", new() { Exact = true });
    public ILocator Upload => page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true });
    public ILocator PictureAdded => page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Picture added." });

    public async Task UploadPictureAsync(string fileName, string mimeType, byte[] content)
    {
        await PictureFile.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = mimeType, Buffer = content });
        await Upload.ClickAsync();
    }
}

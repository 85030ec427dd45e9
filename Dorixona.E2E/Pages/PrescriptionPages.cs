namespace Dorixona.E2E.Pages;

/// <summary>The upload form wherever it appears (checkout, order page, my prescriptions).</summary>
public sealed class PrescriptionUploadForm(IPage page, string id)
{
    public ILocator Files => page.Locator($"#{id}-files");
    public ILocator Submit => page.Locator($"form:has(#{id}-files)").GetByRole(AriaRole.Button, new() { Name = "Upload prescription" });
    public ILocator Done => page.GetByText("uploaded. A pharmacist will check it shortly.");
}

/// <summary>The operators' live review queue (a grid, a row per prescription) and a prescription's review page.</summary>
public sealed class PrescriptionQueuePage(IPage page)
{
    public const string Path = "/operator/prescriptions";

    public ILocator Row(long id) => page.Locator($"tr.dx-rx-{id}");
    public ILocator Open(long id) => Row(id).GetByRole(AriaRole.Link, new() { Name = $"Prescription #{id}" });
    public ILocator CoverLines => page.Locator("[data-testid=approve-panel] .dx-rx-line");
    public ILocator Pages => page.Locator("[data-testid=rx-files] img");
    public ILocator Zoomed => page.Locator("[data-testid=rx-zoom] img");
    public ILocator Approve => page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });
    public ILocator Reject => page.GetByTestId("reject");
    public ILocator Status => page.GetByTestId("rx-status");
    public ILocator Approved(long id) => page.GetByText($"Prescription #{id} approved.");
}

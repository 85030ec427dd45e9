namespace Dorixona.E2E.Infrastructure;

/// <summary>One headless Debian Chromium for the collection; every test gets a fresh context from it.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. The E2E tests drive Debian's Chromium (Playwright cannot download browsers here): " +
                "run ./test.sh, which installs it, or `apt-get install -y chromium`.");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
        // Two cores shared by the app, the test runner and the browser: allow more than Playwright's 5 s.
        SetDefaultExpectTimeout(10_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}

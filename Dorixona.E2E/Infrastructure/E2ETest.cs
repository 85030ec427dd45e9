using Microsoft.AspNetCore.Localization;

namespace Dorixona.E2E.Infrastructure;

/// <summary>A fresh browser context per test, in English unless <see cref="Language"/> says otherwise.</summary>
[Collection(E2ECollection.Name)]
public abstract class E2ETest(AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected IBrowserContext Context { get; private set; } = default!;
    protected IPage Page { get; private set; } = default!;

    /// <summary>The UI language set through ASP.NET Core's culture cookie; null leaves the site's default.</summary>
    protected virtual string? Language => "en";

    protected virtual void ConfigureContext(BrowserNewContextOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var options = new BrowserNewContextOptions { BaseURL = App.BaseUrl };
        ConfigureContext(options);
        Context = await browser.Browser.NewContextAsync(options);
        Context.SetDefaultTimeout(10_000);
        if (Language is { } language)
        {
            await Context.AddCookiesAsync(
            [
                new Cookie
                {
                    Name = CookieRequestCultureProvider.DefaultCookieName,
                    Value = $"c={language}|uic={language}",
                    Url = App.BaseUrl,
                },
            ]);
        }
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync() => await Context.CloseAsync();
}

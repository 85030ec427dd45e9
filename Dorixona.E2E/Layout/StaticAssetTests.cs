using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Layout;

public sealed class StaticAssetTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    [Theory]
    [InlineData("/")]
    [InlineData(RegisterPage.Path)]
    [InlineData("/catalog?q=paracetamol")]
    [InlineData("/product/no-spa-40-mg-24-tab")]
    [InlineData("/branches")]
    public async Task Page_loads_its_styles_scripts_and_fonts_without_failed_requests(string path)
    {
        var problems = new List<string>();
        Page.RequestFailed += (_, r) => { if (SameOrigin(r.Url)) problems.Add($"{r.Url} failed: {r.Failure}"); };
        Page.Response += (_, r) => { if (SameOrigin(r.Url) && r.Status >= 400) problems.Add($"{r.Url} answered {r.Status}"); };
        // Content-Security-Policy violations and script errors surface as console errors.
        Page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        Page.PageError += (_, e) => problems.Add("page error: " + e);

        await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Empty(problems);
        // Bootstrap and site.css applied: the primary button wears the brand colour.
        await Expect(Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Register", Exact = true }))
            .ToHaveCSSAsync("background-color", "rgb(15, 118, 110)");
        // The icon font arrived (a missing woff2 would leave the icons blank).
        Assert.True(await Page.EvaluateAsync<bool>("() => document.fonts.check('1em bootstrap-icons')"), "bootstrap-icons font is not loaded");
    }

    private bool SameOrigin(string url) => url.StartsWith(App.BaseUrl + "/", StringComparison.Ordinal);
}

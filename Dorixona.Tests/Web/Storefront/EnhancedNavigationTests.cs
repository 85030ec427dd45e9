using System.Net;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Orders;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>
/// The shop's static pages under <c>blazor.web.js</c> (decision 0052): they load it for enhanced navigation, hold no
/// interactive component (so no circuit), and an enhanced navigation into a page with a circuit becomes a full load.
/// </summary>
public abstract class EnhancedNavigationTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : EnhancedNavigationTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : EnhancedNavigationTests(web), IClassFixture<PostgresWebApp>;

    private const string Enhanced = "text/html; blazor-enhanced-nav=on";
    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/catalog?q=paracetamol")]
    [InlineData("/product/paracetamol-500-10")]
    [InlineData("/cart")]
    [InlineData("/account/login")]
    public async Task Shop_pages_load_blazor_for_navigation_but_hold_no_interactive_component(string path)
    {
        var browser = _app.Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd(Enhanced);

        using var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("allow", response.Headers.GetValues("blazor-enhanced-nav").Single());
        var page = HtmlForms.Parse(html);
        var blazor = page.QuerySelector("script[src='/_framework/blazor.web.js']")!;
        Assert.False(blazor.HasAttribute("autostart")); // starts itself: enhanced navigation, no options needed
        Assert.DoesNotContain("<!--Blazor:", html, StringComparison.Ordinal); // no component marker: nothing to start a circuit for
        Assert.DoesNotContain("htmx", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\shx-[a-z]+=", html);
    }

    [Fact]
    public async Task An_enhanced_navigation_to_the_order_page_or_a_portal_becomes_a_full_load()
    {
        var (customer, _) = await _app.SignedInCustomerAsync();
        var order = (await customer.PlaceOrderAsync(await _app.ProductIdAsync("paracetamol-500-10"), 1)).GetProperty("id").GetInt64();
        var admin = await _app.SignedInAsync("+998900000001");

        foreach (var (browser, path) in new[] { (customer, $"/orders/{order}"), (admin, "/admin") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd(Enhanced);
            using var enhanced = await browser.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, enhanced.StatusCode);
            Assert.Equal(path, enhanced.Headers.GetValues("blazor-enhanced-nav-redirect-location").Single());
            Assert.Equal("", await enhanced.Content.ReadAsStringAsync());

            // Loaded whole, the page renders with its circuit's scripts.
            var full = await browser.GetPageAsync(path);
            Assert.NotNull(full.QuerySelector("script[src='/_framework/blazor.web.js'][autostart=false]"));
        }
    }
}

using System.Net;
using System.Text;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Web.Admin;

/// <summary>
/// The admin catalog pages over HTTP: who may open them (prerendered, before any circuit), an unknown product's 404 and the
/// CSV export. What the pages do in their circuit is in Dorixona.Tests/Components/Admin/Catalog.
/// </summary>
public abstract class AdminCatalogPagesTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : AdminCatalogPagesTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : AdminCatalogPagesTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;
    private CatalogBuilder Catalog => new(_app.Services);

    public static TheoryData<string> Pages =>
    [
        "/admin/catalog", "/admin/catalog/products/new", "/admin/catalog/categories", "/admin/catalog/categories/new",
        "/admin/catalog/substances", "/admin/catalog/substances/new", "/admin/catalog/manufacturers", "/admin/catalog/manufacturers/new",
        "/admin/catalog/branches", "/admin/catalog/branches/new", "/admin/catalog/import", "/admin/catalog/products.csv",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Catalog_pages_open_for_the_admin_only(string page)
    {
        using var anonymous = await _app.Browser().GetAsync(page);
        using var customer = await (await _app.SignedInBrowserAsync(AdminClients.CustomerPhone)).GetAsync(page);
        using var admin = await (await _app.SignedInBrowserAsync()).GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(page), anonymous.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.Redirect, customer.StatusCode);
        Assert.StartsWith("/account/access-denied", customer.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task The_admin_home_links_to_the_catalog_and_an_unknown_product_is_404()
    {
        var browser = await _app.SignedInBrowserAsync();

        var home = await browser.GetPageAsync("/admin");
        using var missing = await browser.GetAsync("/admin/catalog/products/987654");

        Assert.NotNull(home.QuerySelector("a[href='/admin/catalog']"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_export_link_downloads_every_product_as_utf8_with_a_bom()
    {
        var browser = await _app.SignedInBrowserAsync();
        var product = await Catalog.ProductAsync(p => p.NameRu = "Экспорт-тест");

        using var response = await browser.GetAsync("/admin/catalog/products.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^dorixona-products-\\d{4}-\\d{2}-\\d{2}\\.csv$", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("slug,name,name_ru,", text, StringComparison.Ordinal);
        Assert.Contains("Экспорт-тест", text, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Admin;

/// <summary>The admin catalog pages as a browser without JavaScript uses them: real forms, antiforgery, redirects.</summary>
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
    public async Task A_category_made_through_the_form_opens_for_editing_and_a_taken_slug_shows_under_its_input()
    {
        var browser = await _app.SignedInBrowserAsync();
        var slug = CatalogBuilder.Unique("form-");
        var fields = new Dictionary<string, string>
        {
            ["Input.Slug"] = slug, ["Input.NameUz"] = "Shamollash", ["Input.NameRu"] = "Простуда", ["Input.NameEn"] = "Colds", ["Input.Icon"] = "thermometer",
        };

        using var created = await browser.SubmitAsync("/admin/catalog/categories/new", "entity", fields);
        using var duplicate = await browser.SubmitAsync("/admin/catalog/categories/new", "entity", fields);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Matches("^/admin/catalog/categories/\\d+\\?saved=1$", created.Headers.Location!.PathAndQuery());
        var edit = await browser.GetPageAsync(created.Headers.Location!.PathAndQuery());
        Assert.Equal("Shamollash", edit.QuerySelector("h2")!.TextContent);
        Assert.NotNull(edit.QuerySelector(".alert-success"));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var page = HtmlForms.Parse(await duplicate.Content.ReadAsStringAsync());
        var input = page.QuerySelector("#slug")!;
        Assert.Contains("is-invalid", input.ClassName, StringComparison.Ordinal);
        Assert.Contains("slug-error", input.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.StartsWith("Bu slug band", page.QuerySelector("#slug-error")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_and_name_edited_in_the_form_show_in_the_list_and_the_shop()
    {
        var browser = await _app.SignedInBrowserAsync();
        var id = await Catalog.ProductAsync(p => p.OldPrice = 30_000);
        var name = "Edited " + CatalogBuilder.Unique("");

        using var saved = await browser.SubmitAsync($"/admin/catalog/products/{id}", "entity", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Price"] = "27500",
        });
        var list = await browser.GetPageAsync("/admin/catalog?q=" + Uri.EscapeDataString(name));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/admin/catalog/products/{id}?saved=1", saved.Headers.Location!.PathAndQuery());
        var row = Assert.Single(list.QuerySelectorAll("tbody tr"));
        Assert.Equal(name, row.QuerySelector("a")!.TextContent);
        Assert.Equal("27 500 so'm", row.QuerySelector("[data-price]")!.TextContent);
        var card = (await Catalog.PublicAsync()).Find(id)!;
        Assert.Equal((name, 27_500L, 30_000L), (card.Name, card.Price, card.OldPrice!.Value));
        var product = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!;
        Assert.Equal(("500 mg", "Test product"), (product.Strength, product.Description));
    }

    [Fact]
    public async Task A_product_with_field_errors_is_not_saved_and_each_error_stands_under_its_input()
    {
        var browser = await _app.SignedInBrowserAsync();
        var id = await Catalog.ProductAsync();

        using var response = await browser.SubmitAsync($"/admin/catalog/products/{id}", "entity", new Dictionary<string, string>
        {
            ["Input.Price"] = "0", ["Input.Barcode"] = "123", ["SubstanceIds"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        foreach (var field in new[] { "price", "barcode", "substanceIds" })
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"#{field}-error")!.TextContent), $"no error under {field}");
        Assert.Equal(12_500, (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Price);
    }

    [Fact]
    public async Task Stock_adjusted_through_the_form_is_in_the_table_and_the_ledger_and_below_zero_is_refused()
    {
        var browser = await _app.SignedInBrowserAsync();
        var product = await Catalog.ProductAsync();
        var branch = await Catalog.BranchAsync();
        var url = $"/admin/catalog/products/{product}";

        using var added = await browser.SubmitAsync(url, "stock", new Dictionary<string, string>
        {
            ["Input.BranchId"] = branch.ToString(), ["Input.Delta"] = "6", ["Input.Reason"] = "Kirim 21.11",
        });
        using var tooMany = await browser.SubmitAsync(url, "stock", new Dictionary<string, string>
        {
            ["Input.BranchId"] = branch.ToString(), ["Input.Delta"] = "-7", ["Input.Reason"] = "Singan",
        });

        Assert.Equal($"{url}?stock=1#stock", added.Headers.Location!.OriginalString.Replace(_app.Server.BaseAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal));
        var refused = HtmlForms.Parse(await tooMany.Content.ReadAsStringAsync());
        Assert.Equal("Qoldiq yetarli emas: zaxira noldan kam bo‘lolmaydi.", refused.QuerySelector("#delta-error")!.TextContent.Trim());
        var page = await browser.GetPageAsync(url);
        var code = (await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.Code;
        Assert.Equal("6", page.QuerySelector($"[data-branch='{code}']")!.TextContent);
        Assert.Contains("Kirim 21.11", page.QuerySelector("#stock")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await _app.QueryAsync(db => db.StockLedger.CountAsync(e => e.ProductId == product)));
    }

    [Fact]
    public async Task A_picture_uploaded_through_the_form_shows_on_the_product_page_and_text_is_refused()
    {
        var browser = await _app.SignedInBrowserAsync();
        var product = await Catalog.ProductAsync();
        var url = $"/admin/catalog/products/{product}";

        using var uploaded = await browser.SubmitFileAsync(url, "image-upload", "file", "photo.png", TestImages.Png);
        using var text = await browser.SubmitFileAsync(url, "image-upload", "file", "photo.jpg", TestImages.Text);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("Bu JPEG, PNG yoki WebP rasm emas.", HtmlForms.Parse(await text.Content.ReadAsStringAsync()).QuerySelector("#file-error")!.TextContent.Trim());
        var page = await browser.GetPageAsync(url);
        var img = Assert.Single(page.QuerySelectorAll("#images img"));
        using var served = await _app.CreateClient().GetAsync(img.GetAttribute("src"));
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_status_form_deactivates_and_soft_deletes_a_product()
    {
        var browser = await _app.SignedInBrowserAsync();
        var product = await Catalog.ProductAsync();
        var url = $"/admin/catalog/products/{product}";

        using var deactivated = await browser.SubmitAsync(url, "status", new Dictionary<string, string> { ["Command"] = "deactivate" });
        var inactive = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(product)))!.IsActive;
        using var deleted = await browser.SubmitAsync(url, "status", new Dictionary<string, string> { ["Command"] = "delete" });

        Assert.Equal($"{url}?status=1", deactivated.Headers.Location!.PathAndQuery());
        Assert.False(inactive);
        Assert.Equal("/admin/catalog?deleted=1", deleted.Headers.Location!.PathAndQuery());
        Assert.Null(await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(product)));
    }

    [Fact]
    public async Task The_import_page_lists_row_errors_then_imports_a_clean_file_after_its_check()
    {
        var browser = await _app.SignedInBrowserAsync();
        var (category, substance, manufacturer) = await Catalog.CsvReferencesAsync();
        var marker = CatalogBuilder.Unique("Pageimport");
        var bad = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("p-"), category, substance, manufacturer, ("dosage_form", "potion")));
        var good = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("p-"), category, substance, manufacturer, ("name", marker)));

        using var badCheck = await browser.SubmitFileAsync("/admin/catalog/import", "import-check", "file", "bad.csv", Encoding.UTF8.GetBytes(bad));
        var badPage = HtmlForms.Parse(await badCheck.Content.ReadAsStringAsync());
        var cells = badPage.QuerySelectorAll("tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["2", "dosage_form", "Noma’lum dori shakli.", "potion"], cells);
        Assert.True(ImportButton(badPage).HasAttribute("disabled"));

        using var goodCheck = await browser.SubmitFileAsync("/admin/catalog/import", "import-check", "file", "good.csv", Encoding.UTF8.GetBytes(good));
        var goodPage = HtmlForms.Parse(await goodCheck.Content.ReadAsStringAsync());
        Assert.False(ImportButton(goodPage).HasAttribute("disabled"));
        Assert.Empty((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items);
        var token = goodPage.QuerySelector("input[name=Token]")!.GetAttribute("value")!;
        var antiforgery = goodPage.Forms.Single(f => f.QuerySelector("input[name=_handler][value='import-run']") is not null);
        using var imported = await browser.PostAsync("/admin/catalog/import", new FormUrlEncodedContent(
            antiforgery.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name))
                .ToDictionary(i => i.Name!, i => i.Name == "Token" ? token : i.Value)));

        Assert.Equal("/admin/catalog/import?created=1&updated=0", imported.Headers.Location!.PathAndQuery());
        Assert.Single((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items);
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

    private static AngleSharp.Dom.IElement ImportButton(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.Forms.Single(f => f.QuerySelector("input[name=_handler][value='import-run']") is not null).QuerySelector("button[type=submit]")!;
}

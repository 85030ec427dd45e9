using AngleSharp.Html.Dom;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Dorixona.Tests.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web;

/// <summary>The storefront and the public catalog API through the real host.</summary>
public abstract class CatalogWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : CatalogWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : CatalogWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_search_page_finds_a_misspelt_brand_and_shows_its_price()
    {
        var page = await _app.Browser().GetPageAsync("/catalog?q=sitramon");

        var first = page.QuerySelector(".dx-product h3 a")!;
        Assert.Equal("Citramon P", first.TextContent.Trim());
        Assert.Equal("/product/citramon-p-10", first.GetAttribute("href"));
        Assert.Contains("3 500 so'm", page.QuerySelector(".dx-product .dx-price")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_links_carry_counts_that_match_the_page_they_open()
    {
        var browser = _app.Browser();
        var page = await browser.GetPageAsync("/catalog?category=pain");
        var formLinks = page.QuerySelectorAll("fieldset a[href*='form=']").ToList();

        Assert.NotEmpty(formLinks);
        foreach (var link in formLinks)
        {
            var spans = link.QuerySelectorAll("span");
            var count = int.Parse(spans[spans.Length - 1].TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var filtered = await browser.GetPageAsync(link.GetAttribute("href")!);
            Assert.Equal(count, filtered.QuerySelectorAll(".dx-product").Length);
            Assert.Contains("category=pain", link.GetAttribute("href"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_product_page_shows_branches_alternatives_and_the_prescription_notice()
    {
        var browser = _app.Browser();

        var noSpa = await browser.GetPageAsync("/product/no-spa-40-24");
        var augmentin = await browser.GetPageAsync("/product/augmentin-1g-14");

        Assert.Equal("No-Spa 40 mg", noSpa.QuerySelector("h1")!.TextContent.Trim());
        var alternatives = noSpa.QuerySelectorAll(".dx-alternatives li").Select(li => li.QuerySelector("a")!.TextContent.Trim()).ToList();
        Assert.Equal(["Drotaverin 40 mg", "Spazmonet 40 mg"], alternatives);
        Assert.Contains("32 500 so'm arzonroq (83%)", noSpa.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chilonzor", noSpa.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(augmentin.QuerySelector(".alert-warning .bi-prescription2"));
    }

    [Theory]
    [InlineData("/product/no-such-medicine")]
    [InlineData("/category/no-such-category")]
    public async Task Unknown_products_and_categories_answer_404(string url)
    {
        using var response = await _app.Browser().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Suggestions_appear_for_a_fragment_of_a_name()
    {
        var items = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/suggest?q=nurof");
        var none = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/suggest?q=n");

        Assert.Equal("nurofen-200-10", items[0].GetProperty("slug").GetString());
        Assert.True(items[0].TryGetProperty("price", out _));
        Assert.Equal(0, none.GetArrayLength()); // one letter suggests nothing
    }

    [Fact]
    public async Task Search_answers_carry_russian_names_as_characters_with_the_same_field_names_as_the_rest_of_the_api()
    {
        var client = _app.CreateClient();
        var page = await client.GetStringAsync("/api/v1/products?search=nurofen&pageSize=1");
        var suggestions = await client.GetStringAsync("/api/v1/suggest?q=nurof");

        // Written by generated code (decision 0058): the shape and the text encoder must stay those of every other answer.
        Assert.Contains("\"nameRu\":\"Нурофен", page, StringComparison.Ordinal);
        Assert.Contains("\"nameRu\":\"Нурофен", suggestions, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(page);
        Assert.Equal(["items", "total", "page", "pageSize", "facets", "match", "complaint", "ignoredWords", "didYouMean", "usedKeyboardSwap"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("all", json.RootElement.GetProperty("match").GetString());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("facets").GetProperty("categories")[0].GetProperty("value").ValueKind);
    }

    [Fact]
    public async Task A_repeated_search_answer_shows_a_stock_change_at_once()
    {
        var client = _app.CreateClient();
        var nurofen = await Dorixona.Tests.Web.Orders.OrdersWebApp.ProductIdAsync(_app, "nurofen-200-10");
        const string url = "/api/v1/products?search=nurofen&pageSize=5";
        int Stock(JsonElement page) => page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == nurofen).GetProperty("stock").GetInt32();

        var before = Stock(await client.GetFromJsonAsync<JsonElement>(url));
        var repeated = Stock(await client.GetFromJsonAsync<JsonElement>(url));
        await Dorixona.Tests.Web.Orders.OrdersWebApp.AdjustStockAsync(_app, nurofen, -3);
        try
        {
            var after = Stock(await client.GetFromJsonAsync<JsonElement>(url));

            // The written answer is kept with the catalog-and-stock picture (decision 0058); a stock change makes a new one.
            Assert.Equal(before, repeated);
            Assert.Equal(before - 3, after);
        }
        finally
        {
            await Dorixona.Tests.Web.Orders.OrdersWebApp.AdjustStockAsync(_app, nurofen, 3);
        }
    }

    [Fact]
    public async Task The_search_box_asks_for_suggestions_with_script_and_searches_the_catalog_without()
    {
        var page = await _app.Browser().GetPageAsync("/");
        var form = page.QuerySelector("header form[role=search]")!;
        var input = form.QuerySelector("input[name=q]")!;

        Assert.Equal("/catalog", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.True(input.HasAttribute("data-suggest"));
        Assert.Equal("so'm", input.GetAttribute("data-currency"));
        Assert.Contains("{0}", input.GetAttribute("data-all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_products_api_answers_items_total_page_and_page_size()
    {
        var body = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/products?search=drotaverin&sort=price-asc&pageSize=2");

        Assert.Equal(3, body.GetProperty("total").GetInt32());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
        Assert.Equal(2, body.GetProperty("pageSize").GetInt32());
        var first = body.GetProperty("items")[0];
        Assert.Equal("drotaverin-40-20", first.GetProperty("slug").GetString());
        Assert.Equal(6_500, first.GetProperty("price").GetInt64());
        Assert.Equal(10, first.GetProperty("stock").GetInt32());
        Assert.True(first.GetProperty("inStock").GetBoolean());
        Assert.False(first.GetProperty("requiresPrescription").GetBoolean());
        Assert.Equal("Drotaverine", first.GetProperty("activeSubstances")[0].GetProperty("inn").GetString());
        Assert.True(first.TryGetProperty("id", out _));
        Assert.True(first.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task The_products_api_filters_by_every_named_parameter()
    {
        var api = _app.CreateClient();

        async Task<int> Total(string query) => (await api.GetFromJsonAsync<JsonElement>("/api/v1/products?" + query)).GetProperty("total").GetInt32();

        Assert.Equal(1, await Total("rx=true"));
        Assert.Equal(3, await Total("category=antispasmodics"));
        Assert.Equal(2, await Total("category=antispasmodics&inStock=true"));
        Assert.Equal(1, await Total("form=syrup&search=paracetamol"));
        Assert.Equal(1, await Total("substance=" + await SubstanceIdAsync(api, "Pancreatin")));
        Assert.Equal(1, await Total("manufacturer=" + await ManufacturerOfAsync(api, "mezim-forte-20")));
        Assert.Equal(TestCatalog.Items.Count(i => i.Price >= 20_000 && i.Price <= 40_000), await Total("minPrice=20000&maxPrice=40000"));
    }

    private static async Task<int> SubstanceIdAsync(HttpClient api, string inn) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/substances")).EnumerateArray()
            .Single(s => s.GetProperty("inn").GetString() == inn).GetProperty("id").GetInt32();

    private async Task<int> ManufacturerOfAsync(HttpClient api, string slug)
    {
        var view = await _app.Services.GetRequiredService<Dorixona.Core.Catalog.Search.CatalogIndex>().GetAsync();
        return view.Find(slug)!.ManufacturerId;
    }

    [Fact]
    public async Task One_product_lists_its_stock_per_branch_and_its_alternatives()
    {
        var api = _app.CreateClient();

        var product = await api.GetFromJsonAsync<JsonElement>("/api/v1/products/no-spa-40-24");
        var byId = await api.GetFromJsonAsync<JsonElement>($"/api/v1/products/{product.GetProperty("id").GetInt32()}");
        var alternatives = await api.GetFromJsonAsync<JsonElement>("/api/v1/products/no-spa-40-24/alternatives");

        var stock = product.GetProperty("stockByBranch")[0];
        Assert.Equal("Chilonzor", stock.GetProperty("branchName").GetString());
        Assert.Equal(10, stock.GetProperty("quantity").GetInt32());
        Assert.True(stock.TryGetProperty("branchId", out _));
        Assert.Equal("no-spa-40-24", byId.GetProperty("slug").GetString());
        Assert.Equal("drotaverin-40-20", alternatives[0].GetProperty("product").GetProperty("slug").GetString());
        Assert.Equal(32_500, alternatives[0].GetProperty("cheaperBy").GetInt64());
    }

    [Fact]
    public async Task Categories_substances_and_branches_are_listed()
    {
        var api = _app.CreateClient();

        var categories = await api.GetFromJsonAsync<JsonElement>("/api/v1/categories");
        var substances = await api.GetFromJsonAsync<JsonElement>("/api/v1/substances");
        var branches = await api.GetFromJsonAsync<JsonElement>("/api/v1/branches");

        var pain = categories.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "pain");
        Assert.Equal(3, pain.GetProperty("children").GetArrayLength());
        Assert.Contains(substances.EnumerateArray(), s => s.GetProperty("inn").GetString() == "Drotaverine");
        Assert.Contains(branches.EnumerateArray(), b => b.GetProperty("name").GetString() == "Chilonzor");
    }

    [Fact]
    public async Task A_catalog_page_runs_no_more_sql_for_more_products()
    {
        var browser = _app.Browser();
        var counter = _app.Services.GetRequiredService<SqlCommandCounter>();
        await browser.GetStringAsync("/catalog?pageSize=2"); // warm the index

        async Task<long> CommandsFor(string url)
        {
            await Task.Delay(1100); // let the once-a-second revision check fall due, so both pages pay it
            var before = counter.Count;
            await browser.GetStringAsync(url);
            return counter.Count - before;
        }

        var small = await CommandsFor("/catalog?q=a&page=1");
        var large = await CommandsFor("/api/v1/products?pageSize=100");
        var home = await CommandsFor("/");

        // At most the once-a-second checks, whatever the catalog's size: the revision row, the stock rows and the products changed lately.
        Assert.InRange(small, 0, 3);
        Assert.InRange(large, 0, 3);
        Assert.InRange(home, 0, 3);
    }

    [Fact]
    public async Task Alternatives_json_keeps_its_fields_and_adds_the_unit_price_and_how_much_cheaper_per_unit()
    {
        var alternatives = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/products/no-spa-40-24/alternatives");

        var first = alternatives[0];
        Assert.Equal("drotaverin-40-20", first.GetProperty("product").GetProperty("slug").GetString());
        Assert.Equal(32_500, first.GetProperty("cheaperBy").GetInt64());
        Assert.Equal(83, first.GetProperty("cheaperByPercent").GetInt32());
        Assert.Equal(650m, first.GetProperty("unitPrice").GetDecimal()); // 6 500 so'm for 10 tablets
        Assert.Equal("tablet", first.GetProperty("unit").GetString());
        Assert.Equal(83, first.GetProperty("cheaperPerUnitPercent").GetInt32()); // against 3 900 a tablet
        Assert.All(alternatives.EnumerateArray(), a => Assert.Equal(JsonValueKind.Number, a.GetProperty("unitPrice").ValueKind));
    }

    [Fact]
    public async Task The_product_page_shows_maker_strength_form_pack_unit_price_and_per_unit_savings()
    {
        var page = await _app.Browser().GetPageAsync("/product/no-spa-40-24");

        var summary = page.QuerySelector(".dx-product-summary")!.TextContent;
        Assert.Contains("40 mg", summary, StringComparison.Ordinal);
        Assert.Contains("Tabletka", summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("№10", summary, StringComparison.Ordinal);
        Assert.Equal("Sanofi", page.QuerySelector(".dx-product-summary [data-maker]")!.TextContent.Trim());
        Assert.Contains("3 900 so'm / tabletka", page.QuerySelector("[data-unit-price]")!.TextContent, StringComparison.Ordinal);
        var drotaverin = page.QuerySelector(".dx-alternatives li")!;
        Assert.Contains("650 so'm / tabletka", drotaverin.QuerySelector("[data-unit-price]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("birligi 83% arzonroq", drotaverin.QuerySelector("[data-per-unit]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("same", page.QuerySelector("[data-group]")!.GetAttribute("data-group"));
    }

    [Fact]
    public async Task In_Russian_product_names_show_their_Russian_form_first_and_money_reads_sum()
    {
        var browser = _app.Browser();

        var product = await browser.GetPageAsync("/product/no-spa-40-24?culture=ru");
        var catalog = await browser.GetPageAsync("/catalog?category=antispasmodics&culture=ru");

        Assert.Equal("Но-шпа 40 мг", product.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("No-Spa 40 mg", product.QuerySelector("[data-other-name]")!.TextContent.Trim());
        Assert.StartsWith("Но-шпа 40 мг", product.Title, StringComparison.Ordinal);
        Assert.Equal("39 000 сум", product.QuerySelector(".dx-price")!.TextContent.Trim());
        Assert.DoesNotContain("so'm", product.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Дротаверин 40 мг", product.QuerySelector(".dx-alternatives li a")!.TextContent.Trim());
        Assert.Contains("Но-шпа 40 мг", catalog.QuerySelectorAll(".dx-product h3 a").Select(a => a.TextContent.Trim()));
        Assert.All(catalog.QuerySelectorAll(".dx-product .dx-price"), p => Assert.EndsWith("сум", p.TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Descriptions_show_in_the_chosen_language_and_fall_back_to_Uzbek_where_not_translated()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            var product = await db.Products.SingleAsync(p => p.Slug == "mezim-forte-20");
            (product.Description, product.DescriptionRu, product.DescriptionEn) = ("Hazmni yaxshilaydi.", "Улучшает пищеварение.", "");
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync(); // as every catalog write does
        }
        var browser = _app.Browser();

        string About(IHtmlDocument page) => page.QuerySelector("#about + p")!.TextContent.Trim();

        Assert.Equal("Hazmni yaxshilaydi.", About(await browser.GetPageAsync("/product/mezim-forte-20?culture=uz")));
        Assert.Equal("Улучшает пищеварение.", About(await browser.GetPageAsync("/product/mezim-forte-20?culture=ru")));
        var english = await browser.GetPageAsync("/product/mezim-forte-20?culture=en");
        Assert.Equal("Hazmni yaxshilaydi.", About(english));
        Assert.Equal("uz", english.QuerySelector("#about + p")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task Cards_and_pages_without_a_photo_show_the_drawn_pack_the_site_serves()
    {
        var client = _app.Browser();
        var catalog = await client.GetPageAsync("/catalog?category=antispasmodics");
        var product = await client.GetPageAsync("/product/no-spa-40-24");

        var cards = catalog.QuerySelectorAll(".dx-product").ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards, card => Assert.StartsWith("/media/packs/", card.QuerySelector(".dx-product-image img")!.GetAttribute("src"), StringComparison.Ordinal));
        Assert.All(cards, card => Assert.False(string.IsNullOrWhiteSpace(card.QuerySelector("[data-maker]")?.TextContent)));
        var src = product.QuerySelector("img[data-illustration]")!.GetAttribute("src")!;
        Assert.StartsWith("/media/packs/no-spa-40-24.svg?v=", src, StringComparison.Ordinal);

        using var svg = await client.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", svg.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("No-Spa 40 mg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await client.GetAsync("/media/packs/no-such-product.svg");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_header_needs_no_script_a_compact_bar_with_a_language_menu_above_a_search_row()
    {
        var page = await _app.Browser().GetPageAsync("/catalog");

        var header = page.QuerySelector("header.dx-header")!;
        var bar = header.QuerySelector(".dx-bar-wrap > nav.dx-bar")!;
        Assert.NotNull(bar.QuerySelector("a.dx-brand"));
        Assert.NotNull(bar.QuerySelector("a[href='/cart']"));
        Assert.NotNull(bar.QuerySelector("a[href='/account/login']"));
        var menu = bar.QuerySelector("details.dx-lang-menu")!;
        Assert.NotNull(menu.QuerySelector("summary"));
        var form = menu.QuerySelector("form[method='post'][action='/culture']")!;
        Assert.Equal(["uz", "ru", "en"], form.QuerySelectorAll("button[type='submit'][name='culture']").Select(b => b.GetAttribute("value")));
        Assert.Equal("true", form.QuerySelector("button[value='uz']")!.GetAttribute("aria-pressed"));
        Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
        // The search row sits outside the bar, so on a phone it scrolls away and only the bar stays.
        Assert.Null(bar.QuerySelector("form[role='search']"));
        Assert.NotNull(header.QuerySelector(".dx-search-row form[role='search'][action='/catalog'][method='get']"));
        Assert.Empty(header.QuerySelectorAll("[onclick], [onchange]"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Admin;
using Dorixona.Tests.Web.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>Issue 15: the leaflet on the product page, in the product JSON and through the admin API, fresh after an edit.</summary>
public abstract class ProductLeafletWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : ProductLeafletWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : ProductLeafletWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task SetLeafletAsync(string slug, LeafletTranslations? leaflet)
    {
        var id = await _app.ProductIdAsync(slug);
        await using var scope = _app.Services.CreateAsyncScope();
        var products = scope.ServiceProvider.GetRequiredService<ProductAdmin>();
        var input = (await products.GetInputAsync(id))!;
        input.Leaflet = leaflet ?? new LeafletTranslations();
        var saved = await products.UpdateAsync(id, input);
        Assert.True(saved.Succeeded, string.Join(",", saved.Errors.Select(e => e.Code)));
    }

    private async Task<JsonElement> ProductJsonAsync(string slug, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/" + slug);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await _app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The six sections in order, joined with "|", a null one as "-".</summary>
    private static string Sections(JsonElement leaflet) =>
        string.Join("|", new[] { "indications", "dosage", "contraindications", "sideEffects", "interactions", "storage" }.Select(n => leaflet.GetProperty(n).GetString() ?? "-"));

    [Fact]
    public async Task The_product_json_carries_the_leaflet_in_the_asked_language_with_uzbek_where_not_translated()
    {
        await SetLeafletAsync("analgin-500-10", ProductLeafletTests.Sample());

        var uz = (await ProductJsonAsync("analgin-500-10")).GetProperty("leaflet");
        var ru = (await ProductJsonAsync("analgin-500-10", "ru-RU")).GetProperty("leaflet");
        var en = (await ProductJsonAsync("analgin-500-10", "en")).GetProperty("leaflet");
        var without = await ProductJsonAsync("drotaverin-40-20", "ru");

        Assert.Equal("Isitma|Kuniga 3 marta|Jigar kasalligi|Toshma|Alkogol bilan ichmang|25 °C dan past", Sections(uz));
        Assert.Equal("Температура|3 раза в день|Jigar kasalligi|Сыпь|Alkogol bilan ichmang|25 °C dan past", Sections(ru));
        Assert.Equal("Fever|Kuniga 3 marta|Jigar kasalligi|Toshma|Alkogol bilan ichmang|Below 25 °C", Sections(en));
        Assert.Equal(JsonValueKind.Null, without.GetProperty("leaflet").ValueKind);
        Assert.Equal("drotaverin-40-20", without.GetProperty("slug").GetString()); // every key it had stays
        Assert.True(without.TryGetProperty("stockByBranch", out _));
    }

    [Fact]
    public async Task A_section_the_leaflet_has_in_no_language_is_null_in_the_json()
    {
        await SetLeafletAsync("spazmonet-40-20", new LeafletTranslations { Uz = new("Spazmlar", null, null, null, null, null) });

        var leaflet = (await ProductJsonAsync("spazmonet-40-20", "en")).GetProperty("leaflet");

        Assert.Equal("Spazmlar|-|-|-|-|-", Sections(leaflet));
    }

    [Fact]
    public async Task The_product_page_shows_the_leaflet_in_sections_with_the_note_and_a_product_without_one_shows_none()
    {
        await SetLeafletAsync("mezim-forte-20", ProductLeafletTests.Sample());
        var browser = _app.Browser();

        var ru = await browser.GetPageAsync("/product/mezim-forte-20?culture=ru");
        var without = await browser.GetPageAsync("/product/no-spa-40-24?culture=ru");

        var leaflet = ru.QuerySelector("[data-leaflet]")!;
        Assert.Equal("Инструкция", leaflet.QuerySelector("h2")!.TextContent.Trim());
        Assert.Contains("не заменяет консультацию врача или фармацевта", leaflet.QuerySelector("[data-leaflet-note]")!.TextContent, StringComparison.Ordinal);
        var sections = leaflet.QuerySelectorAll("details[data-section]");
        Assert.Equal(["Показания", "Способ применения и дозы", "Противопоказания", "Побочные действия", "Взаимодействие с другими лекарствами", "Условия хранения"],
            sections.Select(s => s.QuerySelector("summary h3")!.TextContent.Trim()));
        Assert.Equal(["Температура", "3 раза в день", "Jigar kasalligi", "Сыпь", "Alkogol bilan ichmang", "25 °C dan past"],
            sections.Select(s => s.QuerySelector(".dx-leaflet-text")!.TextContent.Trim()));
        Assert.Equal([null, null, "uz", null, "uz", "uz"], sections.Select(s => s.QuerySelector(".dx-leaflet-text")!.GetAttribute("lang")));
        Assert.True(sections[0].HasAttribute("open"));
        Assert.False(sections[1].HasAttribute("open"));
        Assert.Null(without.QuerySelector("[data-leaflet]"));
        Assert.Null(without.QuerySelector("details[data-section]"));
    }

    [Fact]
    public async Task An_admin_edit_of_a_leaflet_shows_on_the_next_page_view_and_in_the_json()
    {
        var browser = _app.Browser();
        await SetLeafletAsync("panadol-500-12", ProductLeafletTests.Sample());
        string Indications(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelector("details[data-section=indications] .dx-leaflet-text")!.TextContent.Trim();
        Assert.Equal("Isitma", Indications(await browser.GetPageAsync("/product/panadol-500-12")));
        Assert.Equal("Isitma", (await ProductJsonAsync("panadol-500-12")).GetProperty("leaflet").GetProperty("indications").GetString());

        var api = await _app.AdminApiAsync();
        var id = await _app.ProductIdAsync("panadol-500-12");
        using var patched = await api.PatchAsJsonAsync($"/api/v1/admin/products/{id}", new
        {
            leaflet = new { uz = new { indications = "Isitma va og‘riq", storage = "Quruq joyda" }, ru = new { indications = "Жар и боль" } },
        });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Isitma va og‘riq", Indications(await browser.GetPageAsync("/product/panadol-500-12")));
        Assert.Equal("Жар и боль", Indications(await browser.GetPageAsync("/product/panadol-500-12?culture=ru")));
        var json = (await ProductJsonAsync("panadol-500-12", "en")).GetProperty("leaflet");
        Assert.Equal("Isitma va og‘riq|-|-|-|-|Quruq joyda", Sections(json));

        await SetLeafletAsync("panadol-500-12", null);
        Assert.Null((await browser.GetPageAsync("/product/panadol-500-12")).QuerySelector("[data-leaflet]"));
        Assert.Equal(JsonValueKind.Null, (await ProductJsonAsync("panadol-500-12")).GetProperty("leaflet").ValueKind);
    }

    [Fact]
    public async Task The_admin_api_returns_the_leaflet_by_language_refuses_a_long_section_and_a_put_without_it_keeps_it()
    {
        await SetLeafletAsync("ibuprofen-200-20", ProductLeafletTests.Sample());
        var api = await _app.AdminApiAsync();
        var id = await _app.ProductIdAsync("ibuprofen-200-20");

        var view = await (await api.GetAsync($"/api/v1/admin/products/{id}")).JsonAsync();
        Assert.Equal("Температура", view.GetProperty("leaflet").GetProperty("ru").GetProperty("indications").GetString());
        Assert.Equal("Below 25 °C", view.GetProperty("leaflet").GetProperty("en").GetProperty("storage").GetString());
        Assert.False(view.GetProperty("leaflet").GetProperty("uz").TryGetProperty("isEmpty", out _));

        var body = JsonNode.Parse(view.GetRawText())!.AsObject();
        body.Remove("leaflet");
        body["price"] = view.GetProperty("price").GetInt64() + 500;
        using var put = await api.PutAsJsonAsync($"/api/v1/admin/products/{id}", body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("Температура", (await put.JsonAsync()).GetProperty("leaflet").GetProperty("ru").GetProperty("indications").GetString());

        using var tooLong = await api.PatchAsJsonAsync($"/api/v1/admin/products/{id}", new { leaflet = new { ru = new { dosage = new string('я', 4001) } } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.JsonAsync()).GetProperty("errors").TryGetProperty("leaflet.ru.dosage", out _));
        Assert.Equal("Температура", (await (await api.GetAsync($"/api/v1/admin/products/{id}")).JsonAsync())
            .GetProperty("leaflet").GetProperty("ru").GetProperty("indications").GetString());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Admin;

/// <summary><c>/api/v1/admin</c> as an admin's tool drives it with a bearer token; everybody else is kept out.</summary>
public abstract class AdminCatalogApiTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : AdminCatalogApiTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : AdminCatalogApiTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;
    private CatalogBuilder Catalog => new(_app.Services);

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/v1/admin/categories" },
        { "POST", "/api/v1/admin/substances" },
        { "PATCH", "/api/v1/admin/products/1" },
        { "DELETE", "/api/v1/admin/branches/1" },
        { "POST", "/api/v1/admin/stock-adjustments" },
        { "POST", "/api/v1/admin/products/import?dryRun=true" },
        { "GET", "/api/v1/admin/products/export.csv" },
        { "POST", "/api/v1/admin/products/1/images" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Anonymous_callers_get_401_and_customers_403(string method, string url)
    {
        var customer = await _app.BearerAsync(AdminClients.CustomerPhone);

        using var anonymous = await _app.CreateClient().SendAsync(Request(method, url));
        using var forbidden = await customer.SendAsync(Request(method, url));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_admin_builds_a_catalog_row_by_row_and_the_shop_finds_the_product()
    {
        var api = await _app.AdminApiAsync();
        var top = await CreatedAsync(api, "categories", new { slug = CatalogBuilder.Unique("api-top-"), nameUz = "Og‘riq", nameRu = "Боль", nameEn = "Pain" });
        var sub = await CreatedAsync(api, "categories", new { slug = CatalogBuilder.Unique("api-sub-"), nameUz = "Tabletkalar", nameRu = "Таблетки", nameEn = "Tablets", parentId = top });
        var substance = await CreatedAsync(api, "substances", new { inn = CatalogBuilder.Unique("apixol"), atcCode = "n02be01" });
        var manufacturer = await CreatedAsync(api, "manufacturers", new { name = CatalogBuilder.Unique("Api Pharm "), country = "Hindiston" });
        var branch = await CreatedAsync(api, "branches", new { code = CatalogBuilder.Unique("A"), name = "Sergeli", address = "Toshkent, Sergeli 7", latitude = 41.22, longitude = 69.22 });
        var name = "Apidol " + CatalogBuilder.Unique("");

        using var created = await api.PostAsJsonAsync("/api/v1/admin/products", new
        {
            name, categoryId = sub, manufacturerId = manufacturer, substanceIds = new[] { substance }, dosageForm = "capsule", strength = "250 mg",
            packSize = 30, price = 23_000, oldPrice = 25_000, barcode = "4006381333931", requiresPrescription = true, expiryDate = "2028-03-31",
        });
        var product = await created.JsonAsync();
        using var list = await api.GetAsync($"/api/v1/admin/products?q={Uri.EscapeDataString(name)}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/admin/products/{product.GetProperty("id").GetInt32()}", created.Headers.Location!.OriginalString);
        Assert.Equal(name.ToLowerInvariant().Replace(' ', '-'), product.GetProperty("slug").GetString());
        Assert.Equal("2028-03-31", product.GetProperty("expiryDate").GetString());
        Assert.Equal(1, (await list.JsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal("N02BE01", (await (await api.GetAsync($"/api/v1/admin/substances/{substance}")).JsonAsync()).GetProperty("atcCode").GetString());
        var branches = await (await api.GetAsync("/api/v1/admin/branches")).Content.ReadAsStringAsync();
        Assert.Contains(JsonDocument.Parse(branches).RootElement.EnumerateArray(), b => b.GetProperty("id").GetInt32() == branch);
        var card = Assert.Single((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = name }).Items);
        Assert.Equal(23_000, card.Price);
    }

    [Fact]
    public async Task Field_errors_are_400_problems_in_the_callers_language_and_a_missing_row_is_404()
    {
        var api = await _app.AdminApiAsync();
        var slug = CatalogBuilder.Unique("dup-");
        await Catalog.TopCategoryAsync(slug);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/categories")
        {
            Content = JsonContent.Create(new { slug, nameUz = "", nameRu = "Дубль", nameEn = "Duplicate" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("ru");

        using var duplicate = await api.SendAsync(request);
        using var missing = await api.GetAsync("/api/v1/admin/products/987654");
        using var notJson = await api.PostAsync("/api/v1/admin/categories", new StringContent("slug=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal("application/problem+json", duplicate.Content.Headers.ContentType?.MediaType);
        var problem = await duplicate.JsonAsync();
        Assert.StartsWith("Этот slug занят", problem.GetProperty("errors").GetProperty("slug")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Заполните это поле.", problem.GetProperty("errors").GetProperty("nameUz")[0].GetString());
        Assert.Contains(problem.GetProperty("codes").EnumerateArray(), c => c.GetProperty("code").GetString() == "category.slugTaken");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("product.notFound", (await missing.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_put_replaces_them_all()
    {
        var api = await _app.AdminApiAsync();
        var id = await Catalog.ProductAsync(p => p.OldPrice = 20_000);

        using var patched = await api.PatchAsJsonAsync($"/api/v1/admin/products/{id}", new { price = 15_500 });
        var afterPatch = await patched.JsonAsync();
        using var badPatch = await api.PatchAsJsonAsync($"/api/v1/admin/products/{id}", new { price = "cheap" });
        using var tooHigh = await api.PatchAsJsonAsync($"/api/v1/admin/products/{id}", new { price = 30_000 });
        var input = await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id));
        input!.OldPrice = null;
        input.Strength = "1 g";
        using var put = await api.PutAsJsonAsync($"/api/v1/admin/products/{id}", input);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal((15_500, 20_000, "500 mg"), (afterPatch.GetProperty("price").GetInt64(), afterPatch.GetProperty("oldPrice").GetInt64(), afterPatch.GetProperty("strength").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badPatch.StatusCode);
        Assert.True((await badPatch.JsonAsync()).GetProperty("errors").TryGetProperty("price", out _));
        Assert.Equal("product.oldPrice", (await tooHigh.JsonAsync()).GetProperty("codes")[0].GetProperty("code").GetString());
        var afterPut = await put.JsonAsync();
        Assert.Equal(JsonValueKind.Null, afterPut.GetProperty("oldPrice").ValueKind);
        Assert.Equal("1 g", afterPut.GetProperty("strength").GetString());
    }

    [Fact]
    public async Task Deactivate_hides_delete_is_soft_and_a_used_substance_is_409()
    {
        var api = await _app.AdminApiAsync();
        var id = await Catalog.ProductAsync();
        var substance = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.SubstanceIds[0];

        using var deactivated = await api.PostAsync($"/api/v1/admin/products/{id}/deactivate", null);
        var hidden = (await Catalog.PublicAsync()).Find(id);
        using var inUse = await api.DeleteAsync($"/api/v1/admin/substances/{substance}");
        using var deleted = await api.DeleteAsync($"/api/v1/admin/products/{id}");
        using var gone = await api.GetAsync($"/api/v1/admin/products/{id}");

        Assert.False((await deactivated.JsonAsync()).GetProperty("isActive").GetBoolean());
        Assert.Null(hidden);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal("substance.inUse", (await inUse.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.True(await _app.QueryAsync(db => db.Products.IgnoreQueryFilters().AnyAsync(p => p.Id == id && p.DeletedAt != null)));
    }

    [Fact]
    public async Task A_stock_adjustment_answers_the_new_balance_and_refuses_going_below_zero()
    {
        var api = await _app.AdminApiAsync();
        var product = await Catalog.ProductAsync();
        var branch = await Catalog.BranchAsync();

        using var added = await api.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = 7, reason = "delivery" });
        using var tooMany = await api.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = -8, reason = "broken" });
        using var noReason = await api.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = -1, reason = "" });
        using var taken = await api.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = -2, reason = "stocktake" });
        using var stock = await api.GetAsync($"/api/v1/admin/products/{product}/stock");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var balance = await added.JsonAsync();
        Assert.Equal((product, branch, 7), (balance.GetProperty("productId").GetInt32(), balance.GetProperty("branchId").GetInt32(), balance.GetProperty("balance").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Equal("stock.insufficient", (await tooMany.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(5, (await taken.JsonAsync()).GetProperty("balance").GetInt32());
        var ledger = (await stock.JsonAsync()).GetProperty("ledger");
        Assert.Equal(2, ledger.GetArrayLength());
        Assert.Equal("stocktake", ledger[0].GetProperty("note").GetString());
        Assert.Equal("Aziza Karimova (admin)", ledger[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_import_with_a_bad_row_is_422_with_its_errors_and_imports_nothing()
    {
        var api = await _app.AdminApiAsync();
        var (category, substance, manufacturer) = await Catalog.CsvReferencesAsync();
        var csv = TestCsv.Text(
            TestCsv.Row(CatalogBuilder.Unique("ok-"), category, substance, manufacturer),
            TestCsv.Row(CatalogBuilder.Unique("bad-"), category, "no-such-inn", manufacturer));
        var before = await ProductCountAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/products/import?dryRun=false") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var report = await response.JsonAsync();
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "substances", "import.substanceUnknown", "no-such-inn"),
            (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("code").GetString(), error.GetProperty("value").GetString()));
        Assert.Equal("No substance “no-such-inn”.", error.GetProperty("message").GetString());
        Assert.False(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(before, await ProductCountAsync());
    }

    [Fact]
    public async Task A_multipart_import_creates_products_the_shop_finds_and_the_export_round_trips()
    {
        var api = await _app.AdminApiAsync();
        var (category, substance, manufacturer) = await Catalog.CsvReferencesAsync();
        var marker = CatalogBuilder.Unique("Exportol");
        var csv = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("exp-"), category, substance, manufacturer, ("name", marker), ("name_ru", "Экспортол")));

        using var dry = await api.PostAsync("/api/v1/admin/products/import?dryRun=true", Multipart(Encoding.UTF8.GetBytes(csv), "products.csv"));
        var dryReport = await dry.JsonAsync();
        Assert.Equal((1, true), (dryReport.GetProperty("created").GetInt32(), dryReport.GetProperty("dryRun").GetBoolean()));
        // Not in the shop yet: search offers only other products (the closest), none of these.
        Assert.DoesNotContain((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items, i => i.Name.StartsWith(marker, StringComparison.Ordinal));
        using var imported = await api.PostAsync("/api/v1/admin/products/import?dryRun=false", Multipart(Encoding.UTF8.GetBytes(csv), "products.csv"));
        Assert.Equal(1, (await imported.JsonAsync()).GetProperty("created").GetInt32());
        Assert.Single((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items);

        using var export = await api.GetAsync("/api/v1/admin/products/export.csv");
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using var again = await api.PostAsync("/api/v1/admin/products/import?dryRun=true", Multipart(bytes, "export.csv"));

        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Contains("Экспортол", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var report = await again.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((0, await ProductCountAsync()), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()));
    }

    private Task<int> ProductCountAsync() => _app.QueryAsync(db => db.Products.CountAsync());

    private static async Task<int> CreatedAsync(HttpClient api, string rows, object body)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/admin/" + rows, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {rows} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    internal static MultipartFormDataContent Multipart(byte[] content, string fileName, string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method is "GET" or "DELETE" ? null
            : url.EndsWith("/images", StringComparison.Ordinal) ? Multipart(TestImages.Png, "photo.png")
            : JsonContent.Create(new { }),
    };
}

using System.Net;
using System.Net.Http.Headers;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Admin;

/// <summary>Uploading product pictures through the admin API and serving them to everyone from <c>/media/products</c>.</summary>
public abstract class ProductImageApiTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : ProductImageApiTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : ProductImageApiTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;
    private CatalogBuilder Catalog => new(_app.Services);

    public static TheoryData<string, string> Pictures => new()
    {
        { "png", "image/png" },
        { "jpeg", "image/jpeg" },
        { "webp", "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public async Task A_real_picture_is_accepted_and_served_to_anyone_with_its_type_and_a_years_cache(string kind, string contentType)
    {
        var api = await _app.AdminApiAsync();
        var product = await Catalog.ProductAsync();
        var bytes = kind switch { "png" => TestImages.Png, "jpeg" => TestImages.Jpeg, _ => TestImages.WebP };

        // The upload's name and declared type say nothing true: only the content counts.
        using var uploaded = await api.PostAsync($"/api/v1/admin/products/{product}/images", AdminCatalogApiTests.Multipart(bytes, "../../evil.exe"));
        var url = (await uploaded.JsonAsync()).GetProperty("url").GetString()!;
        using var served = await _app.CreateClient().GetAsync(url);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        using var notModified = await _app.CreateClient().SendAsync(again);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(url, uploaded.Headers.Location!.OriginalString);
        Assert.Matches("^/media/products/[0-9a-f]{32}\\.(png|jpg|webp)$", url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(contentType, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
        Assert.NotNull(served.Headers.ETag);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Text_named_photo_jpg_is_refused_and_nothing_is_stored()
    {
        var api = await _app.AdminApiAsync();
        var product = await Catalog.ProductAsync();
        var file = new ByteArrayContent(TestImages.Text);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        using var response = await api.PostAsync($"/api/v1/admin/products/{product}/images", new MultipartFormDataContent { { file, "file", "photo.jpg" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("image.type", (await response.JsonAsync()).GetProperty("codes")[0].GetProperty("code").GetString());
        Assert.Empty(await ImagesOfAsync(product));
    }

    [Fact]
    public async Task A_picture_over_5_MB_is_refused_and_nothing_is_stored()
    {
        var api = await _app.AdminApiAsync();
        var product = await Catalog.ProductAsync();
        var files = StoredFileCount();

        using var response = await api.PostAsync($"/api/v1/admin/products/{product}/images",
            AdminCatalogApiTests.Multipart(TestImages.PngOfLength(ProductImages.MaxBytes + 1), "big.png"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("image.tooLarge", (await response.JsonAsync()).GetProperty("codes")[0].GetProperty("code").GetString());
        Assert.Empty(await ImagesOfAsync(product));
        Assert.Equal(files, StoredFileCount());
    }

    [Fact]
    public async Task A_deleted_picture_is_no_longer_served()
    {
        var api = await _app.AdminApiAsync();
        var product = await Catalog.ProductAsync();
        using var uploaded = await api.PostAsync($"/api/v1/admin/products/{product}/images", AdminCatalogApiTests.Multipart(TestImages.Png, "a.png"));
        var image = await uploaded.JsonAsync();

        using var deleted = await api.DeleteAsync($"/api/v1/admin/products/{product}/images/{image.GetProperty("id").GetInt32()}");
        using var served = await _app.CreateClient().GetAsync(image.GetProperty("url").GetString());
        using var deletedAgain = await api.DeleteAsync($"/api/v1/admin/products/{product}/images/{image.GetProperty("id").GetInt32()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Theory]
    [InlineData("/media/products/..%2F..%2Fappsettings.json")]
    [InlineData("/media/products/..%2F..%2F..%2FDorixona.Web%2Fappsettings.json")]
    [InlineData("/media/products/..%5C..%5Cappsettings.json")]
    [InlineData("/media/products/appsettings.json")]
    [InlineData("/media/products/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/media/products/0123456789abcdef0123456789abcdef.svg")]
    public async Task Anything_but_a_stored_picture_name_is_404(string url)
    {
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(_app.UploadDirectory).FullName, "appsettings.json"), "{\"secret\":1}");

        using var response = await _app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<List<string>> ImagesOfAsync(int product) =>
        _app.QueryAsync(db => db.ProductImages.Where(i => i.ProductId == product).Select(i => i.FileName).ToListAsync());

    private int StoredFileCount()
    {
        var folder = Path.Combine(_app.UploadDirectory, "products");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
    }
}

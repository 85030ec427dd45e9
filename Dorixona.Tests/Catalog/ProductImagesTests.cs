using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

public abstract class ProductImagesTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ProductImagesTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ProductImagesTests(database), IClassFixture<PostgresDatabase>;

    public static TheoryData<string, string, string> Pictures => new()
    {
        { "png", "image/png", "png" },
        { "jpeg", "image/jpeg", "jpg" },
        { "webp", "image/webp", "webp" },
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public async Task A_real_picture_is_stored_whole_under_a_generated_name_and_becomes_the_shop_picture(string kind, string contentType, string extension)
    {
        var product = await Catalog.ProductAsync();
        var bytes = kind switch { "png" => TestImages.Png, "jpeg" => TestImages.Jpeg, _ => TestImages.WebP };

        var result = await AddAsync(product, bytes);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var image = result.Value!;
        Assert.Equal(contentType, image.ContentType);
        Assert.Matches($"^[0-9a-f]{{32}}\\.{extension}$", image.FileName);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(UploadRoot, "products", image.FileName)));
        Assert.Equal(image.FileName, (await Catalog.PublicAsync()).Find(product)!.Image);
    }

    [Fact]
    public async Task Text_named_like_a_picture_is_refused_and_nothing_is_stored()
    {
        var product = await Catalog.ProductAsync();

        var result = await AddAsync(product, TestImages.Text);

        AssertError(result, "file", "image.type");
        Assert.Empty(StoredFiles());
        Assert.Equal(0, await ImageRowsAsync(product));
    }

    [Fact]
    public async Task A_picture_over_5_MB_is_refused_without_reading_it_all_and_nothing_is_stored()
    {
        var product = await Catalog.ProductAsync();
        using var tooLarge = new CountingStream(TestImages.PngOfLength(ProductImages.MaxBytes + 300_000));

        var result = await Catalog.UseAsync((ProductImages s) => s.AddAsync(product, tooLarge));
        var justRight = await AddAsync(product, TestImages.PngOfLength(ProductImages.MaxBytes));

        AssertError(result, "file", "image.tooLarge");
        Assert.True(tooLarge.BytesRead <= ProductImages.MaxBytes + 81_920, $"read {tooLarge.BytesRead} bytes of a too large upload");
        Assert.True(justRight.Succeeded);
        Assert.Single(StoredFiles());
        Assert.Equal(1, await ImageRowsAsync(product));
    }

    [Fact]
    public async Task A_product_takes_six_pictures_and_refuses_a_seventh()
    {
        var product = await Catalog.ProductAsync();
        for (var i = 0; i < ProductImages.MaxPerProduct; i++) Assert.True((await AddAsync(product, TestImages.Png)).Succeeded);

        var seventh = await AddAsync(product, TestImages.Png);

        AssertError(seventh, "file", "image.tooMany");
        Assert.Equal(6, StoredFiles().Length);
    }

    [Fact]
    public async Task Pictures_are_reordered_and_a_deleted_one_loses_its_file()
    {
        var product = await Catalog.ProductAsync();
        var first = (await AddAsync(product, TestImages.Png)).Value!;
        var second = (await AddAsync(product, TestImages.WebP)).Value!;

        Assert.True((await Catalog.UseAsync((ProductImages s) => s.MoveAsync(product, second.Id, -1))).Succeeded);
        Assert.Equal(second.FileName, (await Catalog.PublicAsync()).Find(product)!.Image);
        Assert.True((await Catalog.UseAsync((ProductImages s) => s.DeleteAsync(product, second.Id))).Succeeded);

        Assert.Equal([first.FileName], StoredFiles().Select(Path.GetFileName));
        Assert.Equal(first.FileName, (await Catalog.PublicAsync()).Find(product)!.Image);
        AssertError(await Catalog.UseAsync((ProductImages s) => s.DeleteAsync(product, second.Id)), null, "image.notFound");
    }

    private Task<Result<ProductImageView>> AddAsync(int product, byte[] bytes) =>
        Catalog.UseAsync((ProductImages s) => s.AddAsync(product, new MemoryStream(bytes)));

    private string[] StoredFiles()
    {
        var folder = Path.Combine(UploadRoot, "products");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    private Task<int> ImageRowsAsync(int product) => Catalog.QueryAsync(db => db.ProductImages.CountAsync(i => i.ProductId == product));

    /// <summary>Counts how much of it was read.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}

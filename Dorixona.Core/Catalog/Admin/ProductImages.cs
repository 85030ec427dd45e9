using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Catalog.Admin;

/// <summary>
/// Product pictures: JPEG, PNG or WebP by content, at most 5 MB and 6 a product, stored in <see cref="IFileStore"/>
/// under a name we make up. The first in <see cref="ProductImage.SortOrder"/> is the one shop pages show.
/// </summary>
public sealed class ProductImages(DorixonaDbContext db, IFileStore files, CatalogWrites writes, TimeProvider clock, ILogger<ProductImages> logger)
{
    public const string Folder = "products";
    public const int MaxPerProduct = 6;
    public const int MaxBytes = 5 * 1024 * 1024;

    public static string PathOf(string fileName) => Folder + "/" + fileName;

    public async Task<Result<ProductImageView>> AddAsync(int productId, Stream content, CancellationToken ct = default)
    {
        if (!await db.Products.AnyAsync(p => p.Id == productId, ct)) return Result<ProductImageView>.Fail(null, "product.notFound");
        if (await CountAsync(productId, ct) >= MaxPerProduct) return Result<ProductImageView>.Fail("file", "image.tooMany", MaxPerProduct);
        var bytes = await BoundedRead.ReadAtMostAsync(content, MaxBytes, ct);
        if (bytes is null) return Result<ProductImageView>.Fail("file", "image.tooLarge", MaxBytes / 1024 / 1024);
        if (bytes.Length == 0) return Result<ProductImageView>.Fail("file", "image.empty");
        if (ImageFormats.Detect(bytes) is not { } format) return Result<ProductImageView>.Fail("file", "image.type");

        var fileName = Guid.NewGuid().ToString("N") + "." + format.Extension;
        await files.SaveAsync(PathOf(fileName), bytes, ct);
        var saved = false;
        try
        {
            var result = await writes.SaveAsync(async () =>
            {
                var count = await CountAsync(productId, ct);
                if (count >= MaxPerProduct) return Result<ProductImage>.Fail("file", "image.tooMany", MaxPerProduct);
                var last = count == 0 ? -1 : await db.ProductImages.Where(i => i.ProductId == productId).MaxAsync(i => i.SortOrder, ct);
                var image = new ProductImage
                {
                    ProductId = productId, FileName = fileName, ContentType = format.ContentType, SortOrder = last + 1,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.ProductImages.Add(image);
                return Result<ProductImage>.Ok(image);
            }, i => new ProductImageView(i.Id, i.FileName, i.ContentType, i.SortOrder), ct);
            saved = result.Succeeded;
            return result;
        }
        finally
        {
            if (!saved) await files.DeleteAsync(PathOf(fileName), CancellationToken.None);
        }
    }

    public async Task<Result> DeleteAsync(int productId, int imageId, CancellationToken ct = default)
    {
        string? fileName = null;
        var result = await writes.ChangeAsync(() => Find(productId, imageId, ct), "image.notFound", image =>
        {
            fileName = image.FileName;
            db.ProductImages.Remove(image);
            return Task.FromResult(Result.Ok());
        }, ct);
        // The row is gone for good; a file left behind by a failed delete is harmless and only logged.
        if (result.Succeeded && !await TryDeleteFileAsync(fileName!)) logger.LogWarning("Image file {FileName} was not there to delete", fileName);
        return result;
    }

    /// <summary>Moves the image one place earlier (<paramref name="offset"/> -1) or later (+1); the first is the product's main picture.</summary>
    public Task<Result> MoveAsync(int productId, int imageId, int offset, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(productId, imageId, ct), "image.notFound", async image =>
        {
            var images = await db.ProductImages.Where(i => i.ProductId == productId).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToListAsync(ct);
            var from = images.IndexOf(image);
            var to = Math.Clamp(from + offset, 0, images.Count - 1);
            images.RemoveAt(from);
            images.Insert(to, image);
            for (var i = 0; i < images.Count; i++) images[i].SortOrder = i;
            return Result.Ok();
        }, ct);

    private Task<ProductImage?> Find(int productId, int imageId, CancellationToken ct) =>
        db.ProductImages.SingleOrDefaultAsync(i => i.Id == imageId && i.ProductId == productId, ct);

    private Task<int> CountAsync(int productId, CancellationToken ct) => db.ProductImages.CountAsync(i => i.ProductId == productId, ct);

    private async Task<bool> TryDeleteFileAsync(string fileName)
    {
        try
        {
            return await files.DeleteAsync(PathOf(fileName), CancellationToken.None);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Image file {FileName} could not be deleted", fileName);
            return true;
        }
    }
}

using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog;

public sealed record BranchStockView(int BranchId, string BranchName, string Address, string OpeningHours, int Quantity);

public sealed record ProductDetail(
    int Id, string Slug, string Name, string NameRu, string Description, CategoryInfo Category, CategoryInfo? ParentCategory,
    IReadOnlyList<SubstanceRef> Substances, IReadOnlyList<string?> AtcCodes, ManufacturerInfo Manufacturer, string DosageForm, string Strength,
    int PackSize, string? Barcode, long Price, long? OldPrice, bool RequiresPrescription, DateOnly? ExpiryDate, int Popularity,
    IReadOnlyList<string> Images, IReadOnlyList<BranchStockView> Stock)
{
    public string DescriptionRu { get; init; } = "";
    public string DescriptionEn { get; init; } = "";
    /// <summary>The leaflet in every language; null when the product has none.</summary>
    public LeafletTranslations? Leaflet { get; init; }

    public int TotalStock => Stock.Sum(s => s.Quantity);

    /// <summary>The description in <paramref name="language"/>, the Uzbek one where it is not translated.</summary>
    public string DescriptionIn(string language) => ProductTexts.Description(language, Description, DescriptionRu, DescriptionEn);

    public Alternatives.UnitPrice? UnitPrice => Alternatives.UnitPrice.Of(Price, PackSize, DosageForm, Strength);
    public bool InStock => TotalStock > 0;
}

/// <summary>
/// One product with everything its page shows. The product's own data is read from the database on its first view and
/// kept with the catalog picture of <see cref="CatalogIndex"/>; its stock by branch likewise with the stock picture. Both
/// pictures are replaced on every catalog or stock write (decision 0048), so a view after the first runs no query.
/// </summary>
public sealed class ProductDetails(DorixonaDbContext db, CatalogIndex index)
{
    public async Task<ProductDetail?> FindAsync(string idOrSlug, CancellationToken ct = default)
    {
        var view = await index.GetAsync(ct);
        var details = view.Snapshot.Details;
        if (!details.TryGetValue(idOrSlug, out var product))
        {
            product = await LoadAsync(idOrSlug, ct);
            if (product is null) return null; // not kept: a stream of unknown slugs must not fill memory
            if (details.Count >= CatalogSnapshot.MaxCachedDetails) details.Clear();
            details[idOrSlug] = product;
        }
        var byBranch = view.Levels.BranchStock;
        if (!byBranch.TryGetValue(product.Id, out var stock))
        {
            stock = await LoadStockAsync(product.Id, ct);
            if (byBranch.Count >= StockLevels.MaxCachedBranchStock) byBranch.Clear();
            byBranch[product.Id] = stock;
        }
        return product with { Stock = stock, Leaflet = await LeafletAsync(view.Levels.Leaflets, product.Id, ct) };
    }

    /// <summary>
    /// Leaflets are long (a few KB per language), so they are not kept with every product's page data: they live in the
    /// catalog picture's own cache bounded by size (<c>Search:LeafletCacheMegabytes</c>), least read dropped first, and a
    /// product without one is remembered as such. Stock changes keep it; every catalog write starts a new one.
    /// </summary>
    private async Task<LeafletTranslations?> LeafletAsync(DerivedCache cache, int productId, CancellationToken ct)
    {
        var key = new LeafletKey(productId);
        if (cache.TryGet<LeafletTranslations>(key, out var kept)) return kept.IsEmpty ? null : kept;
        var row = await db.Set<ProductLeaflet>().AsNoTracking().SingleOrDefaultAsync(l => l.ProductId == productId, ct);
        var leaflet = row?.ToTranslations() ?? new LeafletTranslations();
        cache.Set(key, leaflet, leaflet.EstimatedBytes);
        return leaflet.IsEmpty ? null : leaflet;
    }

    private sealed record LeafletKey(int ProductId);

    /// <summary>The product as the database has it, in five small queries (no query per image), without its stock.</summary>
    private async Task<ProductDetail?> LoadAsync(string idOrSlug, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking().Where(p => p.IsActive);
        query = int.TryParse(idOrSlug, out var id) ? query.Where(p => p.Id == id) : query.Where(p => p.Slug == idOrSlug);
        var p = await query.Select(p => new
        {
            p.Id, p.Slug, p.Name, p.NameRu, p.Description, p.DescriptionRu, p.DescriptionEn, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize,
            p.Barcode, p.Price, p.OldPrice, p.RequiresPrescription, p.ExpiryDate, p.Popularity,
        }).SingleOrDefaultAsync(ct);
        if (p is null) return null;

        var categories = await db.Categories.AsNoTracking()
            .Where(c => c.IsActive && (c.Id == p.CategoryId || db.Categories.Any(x => x.Id == p.CategoryId && x.ParentId == c.Id)))
            .Select(c => new CategoryInfo(c.Id, c.ParentId, c.Slug, c.NameUz, c.NameRu, c.NameEn, c.Icon, c.SortOrder))
            .ToListAsync(ct);
        var category = categories.SingleOrDefault(c => c.Id == p.CategoryId);
        if (category is null) return null; // a product in a hidden category is hidden too

        var substances = await db.ProductSubstances.AsNoTracking().Where(s => s.ProductId == p.Id)
            .Select(s => new { s.Substance!.Id, s.Substance.Inn, s.Substance.NameUz, s.Substance.NameRu, s.Substance.AtcCode })
            .ToListAsync(ct);
        var manufacturer = await db.Manufacturers.AsNoTracking().Where(m => m.Id == p.ManufacturerId)
            .Select(m => new ManufacturerInfo(m.Id, m.Name, m.Country)).SingleAsync(ct);
        var images = await db.ProductImages.AsNoTracking().Where(i => i.ProductId == p.Id).OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => i.FileName).ToListAsync(ct);

        return new ProductDetail(p.Id, p.Slug, p.Name, p.NameRu, p.Description, category, categories.SingleOrDefault(c => c.Id == category.ParentId),
            substances.Select(s => new SubstanceRef(s.Id, s.Inn, s.NameUz, s.NameRu)).ToList(), substances.Select(s => s.AtcCode).ToList(),
            manufacturer, p.DosageForm, p.Strength, p.PackSize, p.Barcode, p.Price, p.OldPrice, p.RequiresPrescription, p.ExpiryDate,
            p.Popularity, images, []) { DescriptionRu = p.DescriptionRu, DescriptionEn = p.DescriptionEn };
    }

    private async Task<IReadOnlyList<BranchStockView>> LoadStockAsync(int productId, CancellationToken ct) =>
        await (from s in db.BranchStock.AsNoTracking()
               join b in db.Branches.AsNoTracking() on s.BranchId equals b.Id
               where s.ProductId == productId && b.IsActive
               orderby b.IsWarehouse, b.Name
               select new BranchStockView(b.Id, b.Name, b.Address, b.OpeningHours, s.Quantity)).ToListAsync(ct);

    public async Task<IReadOnlyList<Branch>> BranchesAsync(CancellationToken ct = default) =>
        await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.IsWarehouse).ThenBy(b => b.Name).ToListAsync(ct);
}

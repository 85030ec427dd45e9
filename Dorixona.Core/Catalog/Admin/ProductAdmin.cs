using Dorixona.Core.Audit;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed class ProductInput
{
    /// <summary>Made from <see cref="Name"/> when left empty.</summary>
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? NameRu { get; set; }
    /// <summary>Uzbek (Latin); the text shown where a translation is missing.</summary>
    public string? Description { get; set; }
    /// <summary>Null leaves the product's Russian text as it is (clients that predate it); empty clears it.</summary>
    public string? DescriptionRu { get; set; }
    /// <summary>Null leaves the product's English text as it is; empty clears it.</summary>
    public string? DescriptionEn { get; set; }
    /// <summary>A subcategory.</summary>
    public int CategoryId { get; set; }
    public int ManufacturerId { get; set; }
    public string? DosageForm { get; set; } = DosageForms.Tablet;
    public string? Strength { get; set; }
    public int PackSize { get; set; } = 1;
    public string? Barcode { get; set; }
    /// <summary>Whole so'm.</summary>
    public long Price { get; set; }
    /// <summary>The price before a discount: empty, or more than <see cref="Price"/>.</summary>
    public long? OldPrice { get; set; }
    public bool RequiresPrescription { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public List<int> SubstanceIds { get; set; } = [];
    /// <summary>
    /// The leaflet in uz/ru/en, replaced as a whole; null leaves the product's leaflet as it is (clients that predate it),
    /// and one with every section empty removes it.
    /// </summary>
    public LeafletTranslations? Leaflet { get; set; }
}

public sealed record ProductImageView(int Id, string FileName, string ContentType, int SortOrder);

public sealed record AdminProductView(
    int Id, string Slug, string Name, string NameRu, string Description, int CategoryId, int ManufacturerId, string DosageForm,
    string Strength, int PackSize, string? Barcode, long Price, long? OldPrice, bool RequiresPrescription, DateOnly? ExpiryDate,
    int Popularity, bool IsActive, IReadOnlyList<int> SubstanceIds, IReadOnlyList<ProductImageView> Images, DateTime CreatedAt, DateTime UpdatedAt)
{
    public string DescriptionRu { get; init; } = "";
    public string DescriptionEn { get; init; } = "";
    /// <summary>Null when the product has no leaflet.</summary>
    public LeafletTranslations? Leaflet { get; init; }
}

public sealed record ProductListQuery
{
    /// <summary>Part of the name (either language) or slug, a whole barcode, or an id.</summary>
    public string? Text { get; init; }
    /// <summary>A subcategory, or a top category with all its subcategories.</summary>
    public int? CategoryId { get; init; }
    public bool? Active { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
    /// <summary>One of <see cref="ProductSorts"/>; anything else sorts by name.</summary>
    public string? Sort { get; init; }
    public bool Descending { get; init; }
}

/// <summary>The orders a product list can take: each runs on an index, so a page stays fast over 100 000 products.</summary>
public static class ProductSorts
{
    public const string Name = "name";
    public const string Price = "price";
    public const string Id = "id";
    public static readonly IReadOnlyList<string> All = [Name, Price, Id];
}

public sealed record ProductRow(
    int Id, string Slug, string Name, string NameRu, int CategoryId, string Manufacturer, long Price, long? OldPrice,
    bool IsActive, bool RequiresPrescription, int Stock, string? Image, DateTime UpdatedAt);

public sealed record ProductPage(IReadOnlyList<ProductRow> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Products as the admin sees them: inactive ones too (the public index leaves them out). Delete is soft.</summary>
public sealed class ProductAdmin(DorixonaDbContext db, CatalogWrites writes, IAuditLog audit, TimeProvider clock) : ICatalogAdmin<ProductInput, AdminProductView>
{
    public const long MaxPrice = 100_000_000;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1862", Justification = "EF translates ToLower to SQL lower(); StringComparison is not translatable.")]
    public async Task<ProductPage> ListAsync(ProductListQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var products = db.Products.AsNoTracking();
        if (query.Active is { } active) products = products.Where(p => p.IsActive == active);
        if (query.CategoryId is { } categoryId)
        {
            var ids = await db.Categories.Where(c => c.Id == categoryId || c.ParentId == categoryId).Select(c => c.Id).ToListAsync(ct);
            products = products.Where(p => ids.Contains(p.CategoryId));
        }
        if (query.Text?.Trim() is { Length: > 0 } text)
        {
            var lower = text.ToLowerInvariant();
            var id = int.TryParse(text, out var n) ? n : 0;
            products = products.Where(p => p.Name.ToLower().Contains(lower) || p.NameRu.ToLower().Contains(lower) || p.NameRu.Contains(text)
                || p.Slug.Contains(lower) || p.Barcode == text || p.Id == id);
        }
        var total = await products.CountAsync(ct);
        var items = await Sorted(products, query).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new ProductRow(p.Id, p.Slug, p.Name, p.NameRu, p.CategoryId,
                db.Manufacturers.Where(m => m.Id == p.ManufacturerId).Select(m => m.Name).FirstOrDefault() ?? "",
                p.Price, p.OldPrice, p.IsActive, p.RequiresPrescription,
                db.BranchStock.Where(s => s.ProductId == p.Id).Sum(s => (int?)s.Quantity) ?? 0,
                p.Images.OrderBy(i => i.SortOrder).Select(i => i.FileName).FirstOrDefault(), p.UpdatedAt))
            .ToListAsync(ct);
        return new ProductPage(items, total, page, pageSize);
    }

    private static IQueryable<Product> Sorted(IQueryable<Product> products, ProductListQuery query) => (query.Sort, query.Descending) switch
    {
        (ProductSorts.Price, false) => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
        (ProductSorts.Price, true) => products.OrderByDescending(p => p.Price).ThenByDescending(p => p.Id),
        (ProductSorts.Id, false) => products.OrderBy(p => p.Id),
        (ProductSorts.Id, true) => products.OrderByDescending(p => p.Id),
        (_, false) => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        (_, true) => products.OrderByDescending(p => p.Name).ThenByDescending(p => p.Id),
    };

    public async Task<AdminProductView?> FindAsync(int id, CancellationToken ct = default)
    {
        var view = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new AdminProductView(
                p.Id, p.Slug, p.Name, p.NameRu, p.Description, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize, p.Barcode,
                p.Price, p.OldPrice, p.RequiresPrescription, p.ExpiryDate, p.Popularity, p.IsActive,
                p.Substances.Select(s => s.SubstanceId).ToList(),
                p.Images.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => new ProductImageView(i.Id, i.FileName, i.ContentType, i.SortOrder)).ToList(),
                p.CreatedAt, p.UpdatedAt) { DescriptionRu = p.DescriptionRu, DescriptionEn = p.DescriptionEn })
            .AsSplitQuery().SingleOrDefaultAsync(ct);
        if (view is null) return null;
        var leaflet = await db.Set<ProductLeaflet>().AsNoTracking().SingleOrDefaultAsync(l => l.ProductId == id, ct);
        return view with { Leaflet = leaflet?.ToTranslations() };
    }

    public async Task<ProductInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        await FindAsync(id, ct) is not { } p ? null : new ProductInput
        {
            Slug = p.Slug, Name = p.Name, NameRu = p.NameRu, Description = p.Description, DescriptionRu = p.DescriptionRu,
            DescriptionEn = p.DescriptionEn, CategoryId = p.CategoryId, ManufacturerId = p.ManufacturerId,
            DosageForm = p.DosageForm, Strength = p.Strength, PackSize = p.PackSize, Barcode = p.Barcode, Price = p.Price, OldPrice = p.OldPrice,
            RequiresPrescription = p.RequiresPrescription, ExpiryDate = p.ExpiryDate, SubstanceIds = [.. p.SubstanceIds],
            Leaflet = p.Leaflet ?? new LeafletTranslations(),
        };

    public Task<Result<int>> CreateAsync(ProductInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(null, input, ct), () => Apply(new Product { CreatedAt = Now }, input), p => p.Id, ct);

    public Task<Result> UpdateAsync(int id, ProductInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => db.Products.Include(p => p.Substances).Include(p => p.Leaflet).SingleOrDefaultAsync(p => p.Id == id, ct), "product.notFound",
            async p =>
            {
                var checks = await CheckAsync(p, input, ct);
                if (!checks.Failed) await audit.PriceChangingAsync(p, input.Price, input.OldPrice, "admin", ct);
                return checks;
            }, p => Apply(p, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "product.notFound", p => (p.IsActive, p.UpdatedAt) = (active, Now), ct);

    /// <summary>Soft: orders keep pointing at the product, and importing its slug again brings it back.</summary>
    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "product.notFound", p => (p.DeletedAt, p.IsActive, p.UpdatedAt) = (Now, false, Now), ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task<Product?> Find(int id, CancellationToken ct) => db.Products.SingleOrDefaultAsync(p => p.Id == id, ct);

    private async Task<Checks> CheckAsync(Product? current, ProductInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Name = checks.Text("name", input.Name, 200);
        input.Slug = checks.Slug("slug", string.IsNullOrWhiteSpace(input.Slug) ? Checks.SlugFrom(input.Name) : input.Slug, 160);
        input.NameRu = checks.Text("nameRu", input.NameRu, 200, required: false);
        input.Description = checks.Text("description", input.Description, 4000, required: false);
        // Null (an API client that predates translations sent none) keeps the product's texts; empty clears them.
        if (input.DescriptionRu is not null) input.DescriptionRu = checks.Text("descriptionRu", input.DescriptionRu, 4000, required: false);
        if (input.DescriptionEn is not null) input.DescriptionEn = checks.Text("descriptionEn", input.DescriptionEn, 4000, required: false);
        if (input.Leaflet is { } leaflet)
        {
            foreach (var (language, sections) in new[] { ("uz", leaflet.Uz ??= new()), ("ru", leaflet.Ru ??= new()), ("en", leaflet.En ??= new()) })
                foreach (var name in LeafletSections.Names)
                    sections[name] = checks.Text($"leaflet.{language}.{name}", sections[name], ProductLeaflet.MaxLength, required: false);
        }
        input.Strength = checks.Text("strength", input.Strength, 64, required: false);
        input.DosageForm = input.DosageForm?.Trim() ?? "";
        if (!DosageForms.All.Contains(input.DosageForm)) checks.Add("dosageForm", "product.form");
        checks.Range("packSize", input.PackSize, 1, 100_000);
        checks.Range("price", input.Price, 1, MaxPrice);
        if (input.OldPrice is { } old && (old <= input.Price || old > MaxPrice)) checks.Add("oldPrice", "product.oldPrice");
        input.Barcode = string.IsNullOrWhiteSpace(input.Barcode) ? null : input.Barcode.Trim();
        if (input.Barcode is not null && !ProductCsv.IsValidBarcode(input.Barcode)) checks.Add("barcode", "product.barcode");

        var id = current?.Id ?? 0;
        if (!checks.Has("slug") && await db.Products.IgnoreQueryFilters().AnyAsync(p => p.Slug == input.Slug && p.Id != id, ct))
            checks.Add("slug", "product.slugTaken");
        var category = await db.Categories.AsNoTracking().Where(c => c.Id == input.CategoryId).Select(c => new { c.ParentId }).SingleOrDefaultAsync(ct);
        if (category is null) checks.Add("categoryId", "product.categoryNotFound");
        else if (category.ParentId is null) checks.Add("categoryId", "product.categoryNotSub");
        // Deactivated substances and manufacturers stay on the products that have them but are not given to others.
        var manufacturer = await db.Manufacturers.AsNoTracking().Where(m => m.Id == input.ManufacturerId).Select(m => new { m.IsActive }).SingleOrDefaultAsync(ct);
        if (manufacturer is null || !manufacturer.IsActive && current?.ManufacturerId != input.ManufacturerId) checks.Add("manufacturerId", "product.manufacturerNotFound");
        input.SubstanceIds = input.SubstanceIds.Distinct().ToList();
        if (input.SubstanceIds.Count == 0) checks.Add("substanceIds", "product.substancesRequired");
        else
        {
            var had = current?.Substances.Select(s => s.SubstanceId).ToList() ?? [];
            var usable = await db.ActiveSubstances.Where(s => input.SubstanceIds.Contains(s.Id) && (s.IsActive || had.Contains(s.Id))).CountAsync(ct);
            if (usable != input.SubstanceIds.Count) checks.Add("substanceIds", "product.substanceNotFound");
        }
        return checks;
    }

    private Product Apply(Product product, ProductInput input)
    {
        product.Slug = input.Slug!;
        product.Name = input.Name!;
        product.NameRu = input.NameRu!;
        product.Description = input.Description!;
        if (input.DescriptionRu is not null) product.DescriptionRu = input.DescriptionRu;
        if (input.DescriptionEn is not null) product.DescriptionEn = input.DescriptionEn;
        product.CategoryId = input.CategoryId;
        product.ManufacturerId = input.ManufacturerId;
        product.DosageForm = input.DosageForm!;
        product.Strength = input.Strength!;
        product.PackSize = input.PackSize;
        product.Barcode = input.Barcode;
        product.Price = input.Price;
        product.OldPrice = input.OldPrice;
        product.RequiresPrescription = input.RequiresPrescription;
        product.ExpiryDate = input.ExpiryDate;
        if (input.Leaflet is { } leaflet)
        {
            if (leaflet.IsEmpty) product.Leaflet = null;
            else (product.Leaflet ??= new ProductLeaflet()).Apply(leaflet);
        }
        product.UpdatedAt = Now;
        product.Substances.RemoveAll(s => !input.SubstanceIds.Contains(s.SubstanceId));
        foreach (var id in input.SubstanceIds.Where(id => product.Substances.All(s => s.SubstanceId != id)))
            product.Substances.Add(new ProductSubstance { SubstanceId = id });
        return product;
    }
}

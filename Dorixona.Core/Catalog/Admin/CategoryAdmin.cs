using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed class CategoryInput
{
    public string? Slug { get; set; }
    public string? NameUz { get; set; }
    public string? NameRu { get; set; }
    public string? NameEn { get; set; }
    public string? Icon { get; set; } = "capsule";
    public int SortOrder { get; set; }
    /// <summary>Null for a top category; a top category's id for a subcategory (two levels only).</summary>
    public int? ParentId { get; set; }
}

public sealed record CategoryView(
    int Id, int? ParentId, string Slug, string NameUz, string NameRu, string NameEn, string Icon, int SortOrder, bool IsActive, int Products)
{
    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

/// <summary>Two-level categories: products belong to subcategories. Delete is soft and refused while the category holds anything.</summary>
public sealed class CategoryAdmin(DorixonaDbContext db, CatalogWrites writes, TimeProvider clock) : ICatalogAdmin<CategoryInput, CategoryView>
{
    /// <summary>Top categories each followed by their subcategories, in the shop's order.</summary>
    public async Task<IReadOnlyList<CategoryView>> ListAsync(CancellationToken ct = default)
    {
        var all = await Views(db.Categories).ToListAsync(ct);
        var order = all.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();
        return order.SelectMany(top => all.Where(c => c.ParentId == top.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Slug, StringComparer.Ordinal).Prepend(top))
            .ToList();
    }

    public Task<CategoryView?> FindAsync(int id, CancellationToken ct = default) =>
        Views(db.Categories.Where(c => c.Id == id)).SingleOrDefaultAsync(ct);

    public Task<CategoryInput?> GetInputAsync(int id, CancellationToken ct = default) =>
        db.Categories.AsNoTracking().Where(c => c.Id == id).Select(c => new CategoryInput
        {
            Slug = c.Slug, NameUz = c.NameUz, NameRu = c.NameRu, NameEn = c.NameEn, Icon = c.Icon, SortOrder = c.SortOrder, ParentId = c.ParentId,
        }).SingleOrDefaultAsync(ct);

    public Task<Result<int>> CreateAsync(CategoryInput input, CancellationToken ct = default) =>
        writes.CreateAsync(() => CheckAsync(null, input, ct), () => Apply(new Category(), input), c => c.Id, ct);

    public Task<Result> UpdateAsync(int id, CategoryInput input, CancellationToken ct = default) =>
        writes.UpdateAsync(() => Find(id, ct), "category.notFound", c => CheckAsync(c, input, ct), c => Apply(c, input), ct);

    public Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "category.notFound", c => c.IsActive = active, ct);

    public Task<Result> DeleteAsync(int id, CancellationToken ct = default) =>
        writes.ChangeAsync(() => Find(id, ct), "category.notFound", async category =>
        {
            if (await db.Categories.AnyAsync(c => c.ParentId == id, ct) || await db.Products.AnyAsync(p => p.CategoryId == id, ct))
                return Result.Fail(null, "category.notEmpty");
            category.DeletedAt = clock.GetUtcNow().UtcDateTime;
            category.IsActive = false;
            return Result.Ok();
        }, ct);

    private Task<Category?> Find(int id, CancellationToken ct) => db.Categories.SingleOrDefaultAsync(c => c.Id == id, ct);

    private async Task<Checks> CheckAsync(Category? current, CategoryInput input, CancellationToken ct)
    {
        var checks = new Checks();
        input.Slug = checks.Slug("slug", string.IsNullOrWhiteSpace(input.Slug) ? Checks.SlugFrom(input.NameEn ?? input.NameUz) : input.Slug, 64);
        input.NameUz = checks.Text("nameUz", input.NameUz, 128);
        input.NameRu = checks.Text("nameRu", input.NameRu, 128);
        input.NameEn = checks.Text("nameEn", input.NameEn, 128);
        input.Icon = checks.Text("icon", string.IsNullOrWhiteSpace(input.Icon) ? "capsule" : input.Icon, 48).ToLowerInvariant();
        if (!checks.Has("icon") && !Checks.IsSlug(input.Icon)) checks.Add("icon", "category.icon");
        checks.Range("sortOrder", input.SortOrder, 0, 100_000);

        var id = current?.Id ?? 0;
        // Slugs stay taken by deleted categories: old links and the import keep meaning the same thing.
        if (!checks.Has("slug") && await db.Categories.IgnoreQueryFilters().AnyAsync(c => c.Slug == input.Slug && c.Id != id, ct))
            checks.Add("slug", "category.slugTaken");

        if (input.ParentId is { } parentId)
        {
            var parent = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Id == parentId, ct);
            if (parentId == id) checks.Add("parentId", "category.parentSelf");
            else if (parent is null) checks.Add("parentId", "category.parentNotFound");
            else if (parent.ParentId is not null) checks.Add("parentId", "category.parentNotTop");
            else if (current is not null && await db.Categories.AnyAsync(c => c.ParentId == id, ct)) checks.Add("parentId", "category.hasChildren");
        }
        else if (current is not null && await db.Products.AnyAsync(p => p.CategoryId == id, ct))
        {
            // Products belong to subcategories; a category holding products must keep its parent.
            checks.Add("parentId", "category.hasProducts");
        }
        return checks;
    }

    private static Category Apply(Category category, CategoryInput input)
    {
        category.Slug = input.Slug!;
        category.NameUz = input.NameUz!;
        category.NameRu = input.NameRu!;
        category.NameEn = input.NameEn!;
        category.Icon = input.Icon!;
        category.SortOrder = input.SortOrder;
        category.ParentId = input.ParentId;
        return category;
    }

    private IQueryable<CategoryView> Views(IQueryable<Category> categories) =>
        categories.AsNoTracking().Select(c => new CategoryView(c.Id, c.ParentId, c.Slug, c.NameUz, c.NameRu, c.NameEn, c.Icon, c.SortOrder, c.IsActive,
            db.Products.Count(p => p.CategoryId == c.Id)));
}

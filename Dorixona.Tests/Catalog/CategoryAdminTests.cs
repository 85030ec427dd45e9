using Dorixona.Core.Catalog.Admin;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

public abstract class CategoryAdminTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CategoryAdminTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CategoryAdminTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task A_new_category_and_subcategory_show_in_the_public_tree_at_once()
    {
        var top = await Catalog.TopCategoryAsync();
        var sub = await Catalog.SubcategoryAsync(top);

        var tree = (await Catalog.PublicAsync()).CategoryTree();

        var node = Assert.Single(tree, t => t.Category.Id == top);
        Assert.Equal([sub], node.Children.Select(c => c.Category.Id));
    }

    [Fact]
    public async Task A_slug_left_empty_is_made_from_the_english_name()
    {
        var id = await Catalog.UseAsync((CategoryAdmin s) => s.CreateAsync(new CategoryInput { NameUz = "Vitaminlar", NameRu = "Витамины", NameEn = "Vitamins & Minerals " + CatalogBuilder.Unique() }));

        var view = await Catalog.UseAsync((CategoryAdmin s) => s.FindAsync(id.Value));

        Assert.StartsWith("vitamins-minerals-t", view!.Slug, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_slug_is_a_field_error_and_changes_nothing()
    {
        var slug = CatalogBuilder.Unique("taken-");
        await Catalog.TopCategoryAsync(slug);

        var result = await AssertChangesNothingAsync(CountAsync, async () =>
            await Catalog.UseAsync((CategoryAdmin s) => s.CreateAsync(new CategoryInput { Slug = slug.ToUpperInvariant(), NameUz = "a", NameRu = "b", NameEn = "c" })));

        AssertError(result, "slug", "category.slugTaken");
    }

    [Fact]
    public async Task The_slug_of_a_deleted_category_stays_taken()
    {
        var slug = CatalogBuilder.Unique("gone-");
        var id = await Catalog.TopCategoryAsync(slug);
        Assert.True((await Catalog.UseAsync((CategoryAdmin s) => s.DeleteAsync(id))).Succeeded);

        var result = await Catalog.UseAsync((CategoryAdmin s) => s.CreateAsync(new CategoryInput { Slug = slug, NameUz = "a", NameRu = "b", NameEn = "c" }));

        AssertError(result, "slug", "category.slugTaken");
    }

    [Fact]
    public async Task A_subcategory_cannot_be_a_parent_there_are_two_levels()
    {
        var sub = await Catalog.SubcategoryAsync();

        var result = await AssertChangesNothingAsync(CountAsync, async () =>
            await Catalog.UseAsync((CategoryAdmin s) => s.CreateAsync(new CategoryInput { Slug = CatalogBuilder.Unique("deep-"), NameUz = "a", NameRu = "b", NameEn = "c", ParentId = sub })));

        AssertError(result, "parentId", "category.parentNotTop");
    }

    [Fact]
    public async Task A_category_cannot_be_its_own_parent_nor_go_under_another_while_it_has_subcategories()
    {
        var top = await Catalog.TopCategoryAsync();
        await Catalog.SubcategoryAsync(top);
        var other = await Catalog.TopCategoryAsync();
        var input = (await Catalog.UseAsync((CategoryAdmin s) => s.GetInputAsync(top)))!;

        input.ParentId = top;
        var self = await Catalog.UseAsync((CategoryAdmin s) => s.UpdateAsync(top, input));
        input.ParentId = other;
        var under = await Catalog.UseAsync((CategoryAdmin s) => s.UpdateAsync(top, input));

        AssertError(self, "parentId", "category.parentSelf");
        AssertError(under, "parentId", "category.hasChildren");
        Assert.Null((await Catalog.UseAsync((CategoryAdmin s) => s.FindAsync(top)))!.ParentId);
    }

    [Fact]
    public async Task Names_are_required_and_kept_to_the_column_length()
    {
        var result = await AssertChangesNothingAsync(CountAsync, async () =>
            await Catalog.UseAsync((CategoryAdmin s) => s.CreateAsync(new CategoryInput { Slug = CatalogBuilder.Unique("n-"), NameUz = "  ", NameRu = new string('я', 129), NameEn = "ok" })));

        AssertError(result, "nameUz", "value.required");
        AssertError(result, "nameRu", "value.tooLong");
    }

    [Fact]
    public async Task Delete_is_soft_and_refused_while_the_category_holds_products()
    {
        var productId = await Catalog.ProductAsync();
        var categoryId = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.CategoryId).SingleAsync());

        var refused = await Catalog.UseAsync((CategoryAdmin s) => s.DeleteAsync(categoryId));
        var empty = await Catalog.SubcategoryAsync();
        var deleted = await Catalog.UseAsync((CategoryAdmin s) => s.DeleteAsync(empty));

        AssertError(refused, null, "category.notEmpty");
        Assert.True(deleted.Succeeded);
        Assert.Null(await Catalog.UseAsync((CategoryAdmin s) => s.FindAsync(empty)));
        var row = await Catalog.QueryAsync(db => db.Categories.IgnoreQueryFilters().SingleAsync(c => c.Id == empty));
        Assert.Equal(Clock.UtcNow, row.DeletedAt);
    }

    [Fact]
    public async Task Deactivating_a_category_hides_its_products_from_shoppers_at_once()
    {
        var productId = await Catalog.ProductAsync();
        var categoryId = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.CategoryId).SingleAsync());
        Assert.NotNull((await Catalog.PublicAsync()).Find(productId));

        var result = await Catalog.UseAsync((CategoryAdmin s) => s.SetActiveAsync(categoryId, false));

        Assert.True(result.Succeeded);
        Assert.Null((await Catalog.PublicAsync()).Find(productId));
    }

    private Task<int> CountAsync() => Catalog.QueryAsync(db => db.Categories.IgnoreQueryFilters().CountAsync());
}

using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

public abstract class ProductAdminTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ProductAdminTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ProductAdminTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task A_created_product_is_found_by_the_public_search_at_once()
    {
        var name = "Zyrtexa " + CatalogBuilder.Unique("");
        var input = await Catalog.NewProductAsync(name);
        input.Barcode = "4006381333931";
        input.OldPrice = 15_000;

        var id = (await Catalog.UseAsync((ProductAdmin s) => s.CreateAsync(input))).Value;

        var hit = Assert.Single((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = name }).Items);
        Assert.Equal(id, hit.Id);
        Assert.Equal(12_500, hit.Price);
        Assert.Equal(15_000, hit.OldPrice);
        var saved = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!;
        Assert.Equal(ExpectedSlug(name), saved.Slug);
        Assert.Equal(Clock.UtcNow, saved.CreatedAt);
    }

    public static TheoryData<string, string, string> BadProducts => new()
    {
        { "price 0", "price", "value.range" },
        { "old price not above the price", "oldPrice", "product.oldPrice" },
        { "unknown dosage form", "dosageForm", "product.form" },
        { "no substance", "substanceIds", "product.substancesRequired" },
        { "bad barcode check digit", "barcode", "product.barcode" },
        { "top category", "categoryId", "product.categoryNotSub" },
        { "unknown category", "categoryId", "product.categoryNotFound" },
        { "unknown manufacturer", "manufacturerId", "product.manufacturerNotFound" },
        { "empty name", "name", "value.required" },
        { "pack of 0", "packSize", "value.range" },
        { "slug with spaces", "slug", "value.slug" },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task A_bad_product_is_a_field_error_and_changes_nothing(string problem, string field, string code)
    {
        var input = await Catalog.NewProductAsync();
        var top = await Catalog.TopCategoryAsync();
        Action<ProductInput> spoil = problem switch
        {
            "price 0" => p => p.Price = 0,
            "old price not above the price" => p => p.OldPrice = p.Price,
            "unknown dosage form" => p => p.DosageForm = "potion",
            "no substance" => p => p.SubstanceIds = [],
            "bad barcode check digit" => p => p.Barcode = "4006381333932",
            "top category" => p => p.CategoryId = top,
            "unknown category" => p => p.CategoryId = 999_999,
            "unknown manufacturer" => p => p.ManufacturerId = 999_999,
            "empty name" => p => p.Name = " ",
            "pack of 0" => p => p.PackSize = 0,
            _ => p => p.Slug = "no spa",
        };
        spoil(input);

        var result = await AssertChangesNothingAsync(() => Catalog.QueryAsync(db => db.Products.IgnoreQueryFilters().CountAsync()),
            async () => await Catalog.UseAsync((ProductAdmin s) => s.CreateAsync(input)));

        AssertError(result, field, code);
    }

    [Fact]
    public async Task A_slug_stays_taken_by_a_deleted_product()
    {
        var id = await Catalog.ProductAsync();
        var slug = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Slug;
        await Catalog.UseAsync((ProductAdmin s) => s.DeleteAsync(id));
        var input = await Catalog.NewProductAsync();
        input.Slug = slug;

        var result = await Catalog.UseAsync((ProductAdmin s) => s.CreateAsync(input));

        AssertError(result, "slug", "product.slugTaken");
    }

    [Fact]
    public async Task Editing_changes_price_name_and_substances_and_the_shop_sees_it_at_once()
    {
        var id = await Catalog.ProductAsync();
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        var second = await Catalog.SubstanceAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        input.Name = "Renamed " + CatalogBuilder.Unique("");
        input.Price = 9_900;
        input.SubstanceIds = [second];

        var result = await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input));

        Assert.True(result.Succeeded);
        var card = (await Catalog.PublicAsync()).Find(id)!;
        Assert.Equal(input.Name, card.Name);
        Assert.Equal(9_900, card.Price);
        Assert.Equal([second], card.Substances.Select(s => s.Id));
        Assert.Equal(Clock.UtcNow, (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.UpdatedAt);
    }

    [Fact]
    public async Task Translations_left_out_of_an_edit_stay_and_an_empty_one_clears()
    {
        var id = await Catalog.ProductAsync(p => (p.DescriptionRu, p.DescriptionEn) = ("  Снимает боль.  ", "Eases pain."));
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;

        (input.DescriptionRu, input.DescriptionEn) = (null, "");
        var result = await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input));

        Assert.True(result.Succeeded);
        var product = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!;
        Assert.Equal(("Снимает боль.", ""), (product.DescriptionRu, product.DescriptionEn));
    }

    [Fact]
    public async Task Deactivated_and_deleted_products_leave_the_shop_but_the_admin_still_lists_the_inactive_one()
    {
        var inactive = await Catalog.ProductAsync();
        var deleted = await Catalog.ProductAsync();

        await Catalog.UseAsync((ProductAdmin s) => s.SetActiveAsync(inactive, false));
        await Catalog.UseAsync((ProductAdmin s) => s.DeleteAsync(deleted));

        var shop = await Catalog.PublicAsync();
        Assert.Null(shop.Find(inactive));
        Assert.Null(shop.Find(deleted));
        var list = await Catalog.UseAsync((ProductAdmin s) => s.ListAsync(new ProductListQuery { Active = false, PageSize = 100 }));
        Assert.Contains(list.Items, p => p.Id == inactive);
        Assert.DoesNotContain(list.Items, p => p.Id == deleted);
        Assert.NotNull(await Catalog.QueryAsync(db => db.Products.IgnoreQueryFilters().SingleAsync(p => p.Id == deleted)));
    }

    [Fact]
    public async Task The_admin_list_filters_by_text_and_top_category_and_pages()
    {
        var marker = CatalogBuilder.Unique("Findme");
        var top = await Catalog.TopCategoryAsync();
        var sub = await Catalog.SubcategoryAsync(top);
        for (var i = 0; i < 3; i++) await Catalog.ProductAsync(p => { p.Name = $"{marker} {i}"; p.CategoryId = sub; });
        await Catalog.ProductAsync(p => p.Name = marker + " elsewhere");

        var byText = await Catalog.UseAsync((ProductAdmin s) => s.ListAsync(new ProductListQuery { Text = marker.ToLowerInvariant() }));
        var byTop = await Catalog.UseAsync((ProductAdmin s) => s.ListAsync(new ProductListQuery { CategoryId = top, PageSize = 2, Page = 2 }));

        Assert.Equal(4, byText.Total);
        Assert.Equal(3, byTop.Total);
        Assert.Equal(2, byTop.Pages);
        Assert.Equal($"{marker} 2", Assert.Single(byTop.Items).Name);
    }

    [Fact]
    public async Task The_admin_list_sorts_by_price_name_or_id_either_way_one_page_at_a_time()
    {
        var marker = CatalogBuilder.Unique("Sortme");
        var sub = await Catalog.SubcategoryAsync();
        var ids = new List<int>();
        foreach (var (name, price) in new[] { ("b", 300L), ("c", 100L), ("a", 200L) })
            ids.Add(await Catalog.ProductAsync(p => (p.Name, p.Price, p.CategoryId) = ($"{marker} {name}", price, sub)));

        async Task<List<int>> Ids(string? sort, bool descending, int page = 1, int size = 10) =>
            (await Catalog.UseAsync((ProductAdmin s) => s.ListAsync(new ProductListQuery { CategoryId = sub, Sort = sort, Descending = descending, Page = page, PageSize = size })))
            .Items.Select(p => p.Id).ToList();

        Assert.Equal([ids[1], ids[2], ids[0]], await Ids(ProductSorts.Price, false));
        Assert.Equal([ids[0], ids[2], ids[1]], await Ids(ProductSorts.Price, true));
        Assert.Equal([ids[2], ids[0], ids[1]], await Ids(ProductSorts.Name, false));
        Assert.Equal([ids[1], ids[0], ids[2]], await Ids(null, true));
        Assert.Equal([ids[2], ids[1], ids[0]], await Ids(ProductSorts.Id, true));
        Assert.Equal([ids[2]], await Ids(ProductSorts.Price, false, page: 2, size: 1));
    }

    private static string ExpectedSlug(string name) => name.ToLowerInvariant().Replace(' ', '-');
}

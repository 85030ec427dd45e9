using Dorixona.Core.Catalog.Admin;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

/// <summary>Substances, manufacturers and branches: unique keys, their formats, and deletes refused while anything refers to them.</summary>
public abstract class ReferenceDataAdminTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ReferenceDataAdminTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ReferenceDataAdminTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task An_inn_taken_in_any_letter_case_is_a_field_error_and_changes_nothing()
    {
        var inn = CatalogBuilder.Unique("ibuprofen");
        await Catalog.SubstanceAsync(inn);

        var result = await AssertChangesNothingAsync(() => Catalog.QueryAsync(db => db.ActiveSubstances.CountAsync()), async () =>
            await Catalog.UseAsync((SubstanceAdmin s) => s.CreateAsync(new SubstanceInput { Inn = "  " + inn.ToUpperInvariant() + " " })));

        AssertError(result, "inn", "substance.innTaken");
    }

    [Theory]
    [InlineData("N02BE01", true)]
    [InlineData("n02b", true)]
    [InlineData("N", true)]
    [InlineData("N02BE1", false)]
    [InlineData("paracetamol", false)]
    public async Task An_atc_code_is_checked_at_every_level(string atc, bool valid)
    {
        var result = await Catalog.UseAsync((SubstanceAdmin s) => s.CreateAsync(new SubstanceInput { Inn = CatalogBuilder.Unique("atc"), AtcCode = atc }));

        if (valid) Assert.Equal(atc.ToUpperInvariant(), (await Catalog.UseAsync((SubstanceAdmin s) => s.FindAsync(result.Value)))!.AtcCode);
        else AssertError(result, "atcCode", "substance.atc");
    }

    [Fact]
    public async Task A_substance_a_product_uses_cannot_be_deleted_but_an_unused_one_can()
    {
        var productId = await Catalog.ProductAsync();
        var used = await Catalog.QueryAsync(db => db.ProductSubstances.Where(x => x.ProductId == productId).Select(x => x.SubstanceId).SingleAsync());
        var unused = await Catalog.SubstanceAsync();

        var refused = await Catalog.UseAsync((SubstanceAdmin s) => s.DeleteAsync(used));
        var deleted = await Catalog.UseAsync((SubstanceAdmin s) => s.DeleteAsync(unused));

        AssertError(refused, null, "substance.inUse");
        Assert.True(deleted.Succeeded);
        Assert.NotNull(await Catalog.UseAsync((SubstanceAdmin s) => s.FindAsync(used)));
        Assert.Null(await Catalog.UseAsync((SubstanceAdmin s) => s.FindAsync(unused)));
    }

    [Fact]
    public async Task A_deactivated_substance_is_not_given_to_a_new_product()
    {
        var input = await Catalog.NewProductAsync();
        await Catalog.UseAsync((SubstanceAdmin s) => s.SetActiveAsync(input.SubstanceIds[0], false));

        var result = await Catalog.UseAsync((ProductAdmin s) => s.CreateAsync(input));

        AssertError(result, "substanceIds", "product.substanceNotFound");
    }

    [Fact]
    public async Task A_manufacturer_name_is_unique_and_one_with_products_cannot_be_deleted()
    {
        var productId = await Catalog.ProductAsync();
        var manufacturerId = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.ManufacturerId).SingleAsync());
        var name = (await Catalog.UseAsync((ManufacturerAdmin s) => s.FindAsync(manufacturerId)))!.Name;

        var duplicate = await Catalog.UseAsync((ManufacturerAdmin s) => s.CreateAsync(new ManufacturerInput { Name = name.ToLowerInvariant() }));
        var delete = await Catalog.UseAsync((ManufacturerAdmin s) => s.DeleteAsync(manufacturerId));

        AssertError(duplicate, "name", "manufacturer.nameTaken");
        AssertError(delete, null, "manufacturer.inUse");
    }

    [Fact]
    public async Task A_manufacturer_of_a_soft_deleted_product_still_cannot_be_deleted()
    {
        var productId = await Catalog.ProductAsync();
        var manufacturerId = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.ManufacturerId).SingleAsync());
        await Catalog.UseAsync((ProductAdmin s) => s.DeleteAsync(productId));

        var delete = await Catalog.UseAsync((ManufacturerAdmin s) => s.DeleteAsync(manufacturerId));

        AssertError(delete, null, "manufacturer.inUse");
    }

    [Fact]
    public async Task A_branch_code_is_unique_upper_case_and_its_phone_normalised()
    {
        var code = CatalogBuilder.Unique("C").ToUpperInvariant();
        await Catalog.BranchAsync(code);

        var duplicate = await Catalog.UseAsync((BranchAdmin s) => s.CreateAsync(Branch(code.ToLowerInvariant(), "71 200 00 00")));
        var badPhone = await Catalog.UseAsync((BranchAdmin s) => s.CreateAsync(Branch(CatalogBuilder.Unique("D"), "12345")));
        var ok = await Catalog.UseAsync((BranchAdmin s) => s.CreateAsync(Branch(CatalogBuilder.Unique("e"), "71 200 00 00")));

        AssertError(duplicate, "code", "branch.codeTaken");
        AssertError(badPhone, "phone", "branch.phone");
        var view = (await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(ok.Value)))!;
        Assert.Equal("+998712000000", view.Phone);
        Assert.StartsWith("E", view.Code, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_branch_that_ever_held_stock_is_deactivated_not_deleted()
    {
        var branch = await Catalog.BranchAsync();
        var product = await Catalog.ProductAsync();
        await Catalog.UseAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(product, branch, 3, "delivery"), null));
        var empty = await Catalog.BranchAsync();

        var refused = await Catalog.UseAsync((BranchAdmin s) => s.DeleteAsync(branch));
        var deactivated = await Catalog.UseAsync((BranchAdmin s) => s.SetActiveAsync(branch, false));
        var deleted = await Catalog.UseAsync((BranchAdmin s) => s.DeleteAsync(empty));

        AssertError(refused, null, "branch.inUse");
        Assert.True(deactivated.Succeeded);
        Assert.False((await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.IsActive);
        Assert.True(deleted.Succeeded);
        Assert.False(await Catalog.QueryAsync(db => db.Branches.AnyAsync(b => b.Id == empty)));
    }

    [Fact]
    public async Task Stock_at_a_deactivated_branch_does_not_count_for_shoppers()
    {
        var branch = await Catalog.BranchAsync();
        var product = await Catalog.ProductAsync();
        await Catalog.UseAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(product, branch, 5, "delivery"), null));
        Assert.Equal(5, (await Catalog.PublicAsync()).Find(product)!.Stock);

        await Catalog.UseAsync((BranchAdmin s) => s.SetActiveAsync(branch, false));

        Assert.Equal(0, (await Catalog.PublicAsync()).Find(product)!.Stock);
    }

    private static BranchInput Branch(string code, string phone) =>
        new() { Code = code, Name = "Yunusobod", Address = "Toshkent, Yunusobod 4", Latitude = 41.36, Longitude = 69.29, Phone = phone };
}

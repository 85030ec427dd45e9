using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>The demo catalog: big and real enough to shop in, loaded once however often the app starts.</summary>
public abstract class CatalogSeederTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CatalogSeederTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CatalogSeederTests(database), IClassFixture<PostgresDatabase>;

    private Task SeedAsync() => InScopeAsync((DatabaseInitializer init) => init.InitializeAsync(seedDemo: true));

    [Fact]
    public async Task The_demo_catalog_has_hundreds_of_real_medicines_with_shared_substances()
    {
        await SeedAsync();

        var products = await QueryAsync(db => db.Products.CountAsync());
        var substancesUsed = await QueryAsync(db => db.ProductSubstances.Select(s => s.SubstanceId).Distinct().CountAsync());
        var rx = await QueryAsync(db => db.Products.CountAsync(p => p.RequiresPrescription));
        var shared = await QueryAsync(db => db.ProductSubstances.GroupBy(s => s.SubstanceId).CountAsync(g => g.Count() >= 2));

        Assert.True(products >= 300, $"{products} products");
        Assert.True(substancesUsed >= 120, $"{substancesUsed} substances");
        Assert.InRange(100.0 * rx / products, 12, 18);
        Assert.True(shared >= 60, $"only {shared} substances have alternatives");
        var names = await QueryAsync(db => db.Products.Select(p => p.Name).ToListAsync());
        foreach (var brand in new[] { "Paracetamol", "Citramon", "Analgin", "No-Spa", "Nurofen", "Mezim", "Smecta", "Aspirin", "Amoxicillin",
                     "Omeprazole", "Metformin", "Loratadin", "Validol", "Corvalol", "Ibuprofen" })
            Assert.Contains(names, n => n.StartsWith(brand, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(await QueryAsync(db => db.Manufacturers.Select(m => m.Country).ToListAsync()), c => c == "Uzbekistan");
    }

    [Fact]
    public async Task Seeding_again_adds_nothing_and_every_stock_equals_its_ledger()
    {
        await SeedAsync();
        var first = await CountsAsync();

        await SeedAsync();

        Assert.Equal(first, await CountsAsync());
        var mismatched = await QueryAsync(db => db.BranchStock
            .Where(s => s.Quantity != db.StockLedger.Where(l => l.BranchId == s.BranchId && l.ProductId == s.ProductId).Sum(l => l.Delta))
            .CountAsync());
        Assert.Equal(0, mismatched);
    }

    [Theory]
    [InlineData("sitramon", "Citramon")]
    [InlineData("цитрамон", "Citramon")]
    [InlineData("no shpa", "No-Spa")]
    [InlineData("но-шпа", "No-Spa")]
    [InlineData("paratsetamol", "Paracetamol")]
    [InlineData("smekta", "Smecta")]
    [InlineData("корвалол", "Corvalol")]
    public async Task What_people_type_finds_the_brand_in_the_top_three(string typed, string brand)
    {
        await SeedAsync();

        var view = await Services.GetRequiredService<CatalogIndex>().GetAsync();
        var top = view.Search(new CatalogQuery { Text = typed, PageSize = 3 }).Items;

        Assert.Contains(top, p => p.Name.StartsWith(brand, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_medicines_get_their_leaflet_in_three_languages_once_and_one_an_admin_removed_stays_removed()
    {
        await SeedAsync();

        var paracetamol = await QueryAsync(db => db.Set<ProductLeaflet>().Where(l => db.Products.Any(p => p.Id == l.ProductId && p.Slug == "paracetamol-500-mg-10-tab"))
            .SingleAsync());
        var leaflets = await QueryAsync(db => db.Set<ProductLeaflet>().CountAsync());
        Assert.True(leaflets >= 150, $"{leaflets} leaflets");
        Assert.Contains("4 g", paracetamol.DosageEn, StringComparison.Ordinal);
        Assert.Contains("4 г", paracetamol.DosageRu, StringComparison.Ordinal);
        Assert.Contains("4 g", paracetamol.Dosage, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Set<ProductLeaflet>().CountAsync(l => l.Indications == "" || l.IndicationsRu == "" || l.IndicationsEn == ""
            || l.Dosage == "" || l.DosageRu == "" || l.DosageEn == "" || l.Storage == "" || l.StorageRu == "" || l.StorageEn == "")));

        await QueryAsync(db => db.Set<ProductLeaflet>().Where(l => l.ProductId == paracetamol.ProductId).ExecuteDeleteAsync());
        await SeedAsync();

        Assert.Equal(leaflets - 1, await QueryAsync(db => db.Set<ProductLeaflet>().CountAsync()));
    }

    private Task<(int, int, int, int, int, int)> CountsAsync() => QueryAsync(async db => (
        await db.Categories.CountAsync(), await db.ActiveSubstances.CountAsync(), await db.Manufacturers.CountAsync(),
        await db.Products.CountAsync(), await db.BranchStock.CountAsync(), await db.StockLedger.CountAsync()));
}

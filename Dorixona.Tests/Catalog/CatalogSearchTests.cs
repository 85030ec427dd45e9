using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>Finding the right medicine in any spelling, with filters, counts and alternatives that agree with the data.</summary>
public abstract class CatalogSearchTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CatalogSearchTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CatalogSearchTests(database), IClassFixture<PostgresDatabase>;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestCatalog.EnsureAsync(Services);
    }

    private async Task<CatalogView> ViewAsync() => await Services.GetRequiredService<CatalogIndex>().GetAsync();

    private async Task<List<string>> SearchAsync(string text, int take = 3) =>
        (await ViewAsync()).Search(new CatalogQuery { Text = text, PageSize = take }).Items.Select(i => i.Slug).ToList();

    [Theory]
    [InlineData("sitramon", "citramon-p-10")]
    [InlineData("цитрамон", "citramon-p-10")]
    [InlineData("Citramon", "citramon-p-10")]
    [InlineData("citramn", "citramon-p-10")]
    [InlineData("wbnhfvjy", "citramon-p-10")]
    [InlineData("no shpa", "no-spa-40-24")]
    [InlineData("но-шпа", "no-spa-40-24")]
    [InlineData("nospa", "no-spa-40-24")]
    [InlineData("yj-igf", "no-spa-40-24")]
    [InlineData("нурофен", "nurofen-200-10")]
    [InlineData("nurofne", "nurofen-200-10")]
    [InlineData("mezim", "mezim-forte-20")]
    [InlineData("анальгин", "analgin-500-10")]
    [InlineData("metamizol", "analgin-500-10")]
    [InlineData("4780000000017", "paracetamol-500-10")]
    [InlineData("augmentin 1 g", "augmentin-1g-14")]
    public async Task The_right_product_is_in_the_top_three_however_it_is_written(string typed, string expected) =>
        Assert.Contains(expected, await SearchAsync(typed));

    [Theory]
    [InlineData("paratsetamol")]
    [InlineData("парацетамол")]
    [InlineData("paracetamol")]
    public async Task A_substance_finds_every_product_containing_it_with_exact_names_first_and_stock_before_none(string typed)
    {
        var found = await SearchAsync(typed, take: 20);

        Assert.Equal(
            new[] { "paracetamol-500-10", "citramon-p-10", "panadol-500-12", "paracetamol-syrup-100" }.Order(),
            found.Order());
        Assert.Equal("paracetamol-500-10", found[0]);
        Assert.Equal("paracetamol-syrup-100", found[^1]);
    }

    [Fact]
    public async Task The_start_of_a_barcode_finds_its_product_but_a_short_number_is_not_read_as_one()
    {
        Assert.Equal(["paracetamol-500-10"], await SearchAsync("478000"));
        // "478" could be a strength being typed; matching it against the starts of barcodes would only add noise, so
        // nothing matches it and the page offers the closest products instead (never an empty page).
        var shortNumber = (await ViewAsync()).Search(new CatalogQuery { Text = "478", PageSize = 3 });
        Assert.Equal(SearchMatch.Closest, shortNumber.Match);
        Assert.NotEmpty(shortNumber.Items);
    }

    [Fact]
    public async Task A_manufacturer_name_finds_its_products()
    {
        var found = await SearchAsync("berlin chemie", take: 10);

        Assert.Equal(["mezim-forte-20"], found);
    }

    [Fact]
    public async Task A_word_matching_nothing_is_set_aside_and_a_form_word_only_steers()
    {
        var unknown = (await ViewAsync()).Search(new CatalogQuery { Text = "paracetamol fjdkgh", PageSize = 10 });
        Assert.Equal(["fjdkgh"], unknown.IgnoredWords);
        Assert.All(unknown.Items, i => Assert.Contains(i.Substances, s => s.Inn == "Paracetamol"));

        // "syrup" names a form: it steers, it does not cut; every paracetamol is still answered, stock first (the syrup is sold out).
        var syrup = await SearchAsync("paracetamol syrup", take: 10);
        Assert.Equal((await SearchAsync("paracetamol", take: 10)).Order(), syrup.Order());
        Assert.Equal("paracetamol-syrup-100", syrup[^1]);
    }

    [Fact]
    public async Task Filters_narrow_results_and_each_count_is_what_choosing_it_would_show()
    {
        var view = await ViewAsync();
        var pain = view.Snapshot.CategoriesBySlug["pain"].Id;
        var all = view.Search(new CatalogQuery { CategoryId = pain, PageSize = 100 });

        foreach (var form in all.Facets.Forms)
        {
            var chosen = view.Search(new CatalogQuery { CategoryId = pain, Form = form.Value, PageSize = 100 });
            Assert.Equal(form.Count, chosen.Total);
            Assert.All(chosen.Items, i => Assert.Equal(form.Value, i.DosageForm));
        }
        foreach (var substance in all.Facets.Substances)
        {
            var chosen = view.Search(new CatalogQuery { CategoryId = pain, SubstanceId = substance.Value, PageSize = 100 });
            Assert.Equal(substance.Count, chosen.Total);
        }
        var inStock = view.Search(new CatalogQuery { CategoryId = pain, InStockOnly = true, PageSize = 100 });
        Assert.Equal(all.Facets.InStock, inStock.Total);
        Assert.All(inStock.Items, i => Assert.True(i.InStock));
        Assert.Equal(TestCatalog.Items.Count(i => i.Category is "analgesics" or "antispasmodics" or "nsaids"), all.Total);
        var rx = view.Search(new CatalogQuery { Rx = true, PageSize = 100 });
        Assert.Equal(["augmentin-1g-14"], rx.Items.Select(i => i.Slug));
        var cheap = view.Search(new CatalogQuery { MaxPrice = 5_000, PageSize = 100 });
        Assert.Equal(TestCatalog.Items.Count(i => i.Price <= 5_000), cheap.Total);
    }

    [Fact]
    public async Task Sorting_by_price_keeps_out_of_stock_last()
    {
        var view = await ViewAsync();
        var spasm = view.Snapshot.CategoriesBySlug["antispasmodics"].Id;

        var ascending = view.Search(new CatalogQuery { CategoryId = spasm, Sort = CatalogSort.PriceAsc }).Items.Select(i => i.Slug);
        var descending = view.Search(new CatalogQuery { CategoryId = spasm, Sort = CatalogSort.PriceDesc }).Items.Select(i => i.Slug);

        Assert.Equal(["drotaverin-40-20", "no-spa-40-24", "spazmonet-40-20"], ascending);
        Assert.Equal(["no-spa-40-24", "drotaverin-40-20", "spazmonet-40-20"], descending);
    }

    [Fact]
    public async Task Paging_returns_each_product_once()
    {
        var view = await ViewAsync();
        var pages = Enumerable.Range(1, 4).SelectMany(p => view.Search(new CatalogQuery { Page = p, PageSize = 5 }).Items.Select(i => i.Slug)).ToList();

        Assert.Equal(TestCatalog.Items.Length, pages.Count);
        Assert.Equal(pages.Count, pages.Distinct().Count());
    }

    [Fact]
    public async Task Alternatives_share_exactly_the_same_substances_cheapest_first()
    {
        var view = await ViewAsync();
        var noSpa = view.Find("no-spa-40-24")!;
        var paracetamol = view.Find("panadol-500-12")!;

        var forNoSpa = view.Alternatives(noSpa.Id);
        var forPanadol = view.Alternatives(paracetamol.Id);

        Assert.Equal(["drotaverin-40-20", "spazmonet-40-20"], forNoSpa.Select(a => a.Product.Slug));
        Assert.Equal(39_000 - 6_500, forNoSpa[0].CheaperBy);
        Assert.Equal(83, forNoSpa[0].CheaperByPercent);
        Assert.Equal(["paracetamol-500-10", "paracetamol-syrup-100"], forPanadol.Select(a => a.Product.Slug));
        Assert.DoesNotContain(forPanadol, a => a.Product.Slug == "citramon-p-10");
    }

    [Fact]
    public async Task A_stock_change_shows_in_search_at_once()
    {
        var id = await QueryAsync(db => db.Products.Where(p => p.Slug == "spazmonet-40-20").Select(p => p.Id).SingleAsync());
        var branch = await QueryAsync(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());
        Assert.False((await ViewAsync()).Find(id)!.InStock);
        var inStockQuery = new CatalogQuery { Text = "spazmonet", InStockOnly = true };
        Assert.Equal(0, (await ViewAsync()).Search(inStockQuery).Total); // computed and cached now

        var result = await InScopeAsync((StockService stock) => stock.ApplyAsync(new StockChange(id, branch, 5, StockReasons.Adjustment, "delivery")));

        Assert.True(result.Succeeded);
        Assert.Equal(5, (await ViewAsync()).Find(id)!.Stock);
        Assert.Equal(1, (await ViewAsync()).Search(inStockQuery).Total);
        await InScopeAsync((StockService stock) => stock.ApplyAsync(new StockChange(id, branch, -5, StockReasons.Adjustment, "back")));
    }

    [Fact]
    public async Task Stock_never_goes_below_zero_and_the_ledger_sums_to_the_stock()
    {
        var id = await QueryAsync(db => db.Products.Where(p => p.Slug == "analgin-500-10").Select(p => p.Id).SingleAsync());
        var branch = await QueryAsync(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());

        var tasks = Enumerable.Range(0, 15).Select(_ => InScopeAsync((StockService stock) =>
            stock.ApplyAsync(new StockChange(id, branch, -1, StockReasons.Adjustment, "sold at the counter")))).ToList();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("stock.insufficient", r.Errors[0].Code));
        var quantity = await QueryAsync(db => db.BranchStock.Where(s => s.ProductId == id && s.BranchId == branch).Select(s => s.Quantity).SingleAsync());
        var ledger = await QueryAsync(db => db.StockLedger.Where(s => s.ProductId == id && s.BranchId == branch).SumAsync(s => s.Delta));
        Assert.Equal(0, quantity);
        Assert.Equal(quantity, ledger);
        await InScopeAsync((StockService stock) => stock.ApplyAsync(new StockChange(id, branch, 10, StockReasons.Adjustment, "restock")));
    }
}

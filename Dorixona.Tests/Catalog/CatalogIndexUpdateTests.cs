using System.Text;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>
/// A product edit, a new product, a deactivation, a deletion or an import updates the search index for those products
/// alone. Everything the index answers (searches with their facets and sorts, cards, alternatives, the category tree)
/// must equal what an index built from scratch answers.
/// </summary>
public abstract class CatalogIndexUpdateTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CatalogIndexUpdateTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CatalogIndexUpdateTests(database), IClassFixture<PostgresDatabase>;

    private CatalogIndex Index => Services.GetRequiredService<CatalogIndex>();

    [Fact]
    public async Task Edits_prices_names_substances_new_and_removed_products_leave_the_index_as_a_fresh_build()
    {
        var kept = await Index.GetAsync();
        var built = kept.Snapshot;
        var ibuprofen = kept.Find("ibuprofen-200-20")!;
        var others = await QueryAsync(db => db.Products.Where(p => p.IsActive && p.Slug != "ibuprofen-200-20").OrderBy(p => p.Id).Select(p => p.Id).Take(40).ToListAsync());

        // A price and a name: the old word "ibuprofen" leaves this product, "zorvalin" is new to the catalog.
        await EditAsync(ibuprofen.Id, p => (p.Price, p.Name) = (1_234, "Zorvalin Forte 200"));
        var view = await Index.GetAsync();
        Assert.Equal(1_234, view.Find(ibuprofen.Id)!.Price);
        Assert.Contains(view.Search(new CatalogQuery { Text = "zorvalin" }).Items, c => c.Id == ibuprofen.Id);
        await AssertSameAsFreshAsync("rename");

        // Substances: another product now has paracetamol only, so it joins paracetamol's alternatives.
        var paracetamol = await QueryAsync(db => db.ActiveSubstances.Where(s => s.Inn == "Paracetamol").Select(s => s.Id).SingleAsync());
        await EditAsync(others[3], p => p.SubstanceIds = [paracetamol]);
        await AssertSameAsFreshAsync("substances");

        // A new product (after the last), a deactivation and a deletion in the middle, and one brought back.
        var created = await InScopeAsync(async (ProductAdmin admin) =>
        {
            var input = (await admin.GetInputAsync(others[5]))!;
            input.Slug = "kvarsolin-500-10";
            input.Name = "Kvarsolin 500";
            input.Barcode = null;
            return (await admin.CreateAsync(input)).Value;
        });
        Assert.Equal(created, (await Index.GetAsync()).Search(new CatalogQuery { Text = "kvarsolin" }).Items[0].Id);
        Assert.True((await InScopeAsync((ProductAdmin a) => a.SetActiveAsync(others[7], false))).Succeeded);
        Assert.True((await InScopeAsync((ProductAdmin a) => a.DeleteAsync(others[8]))).Succeeded);
        Assert.Null((await Index.GetAsync()).Find(others[7]));
        Assert.Null((await Index.GetAsync()).Find(others[8]));
        await AssertSameAsFreshAsync("created and removed");
        Assert.True((await InScopeAsync((ProductAdmin a) => a.SetActiveAsync(others[7], true))).Succeeded);
        Assert.NotNull((await Index.GetAsync()).Find(others[7]));
        await AssertSameAsFreshAsync("reactivated");
        Assert.NotNull((await Index.GetAsync()).Find(created));

        // None of this rebuilt the index: the structure (categories, substances, complaints) is the one first built.
        Assert.Same(built.Categories, (await Index.GetAsync()).Snapshot.Categories);
    }

    [Fact]
    public async Task An_import_applies_its_products_as_one_update_equal_to_a_fresh_build()
    {
        var before = (await Index.GetAsync()).Snapshot;
        var category = before.Categories.Values.First(c => c.ParentId is not null).Slug;
        var manufacturer = before.Manufacturers.Values.First().Name;
        var existing = before.Docs[10];
        var rows = Enumerable.Range(0, 30).Select(i => TestCsv.Row($"importkin-{i}", category, "Paracetamol", manufacturer,
                ("name", $"Importkin {i} Tablets"), ("price", (5_000 + i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Append(TestCsv.Row(existing.Slug, category, "Ibuprofen", manufacturer, ("name", "Renamed By Import"), ("price", "777")))
            .ToArray();
        var report = await InScopeAsync((ProductImporter s) => s.ImportAsync(new StringReader(TestCsv.Text(rows)), dryRun: false));
        Assert.Empty(report.Errors);

        var view = await Index.GetAsync();
        Assert.Same(before.Categories, view.Snapshot.Categories);
        Assert.Equal(30, view.Search(new CatalogQuery { Text = "importkin", PageSize = 100 }).Total);
        Assert.Equal(777, view.Find(existing.Id)!.Price);
        await AssertSameAsFreshAsync("import");
    }

    [Fact]
    public async Task A_product_written_without_a_notice_shows_after_the_next_poll()
    {
        var id = await NewProductAsync(price: 9_100, stock: 2);
        var product = (await Index.GetAsync()).Find(id)!;

        // Another instance (whose notice was lost) renames it and changes its price a moment later: nothing here hears of it.
        Clock.Advance(TimeSpan.FromSeconds(1));
        var now = Clock.UtcNow;
        await QueryAsync(db => db.Products.Where(p => p.Id == product.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Zentramol Silent").SetProperty(p => p.Price, 4_321).SetProperty(p => p.UpdatedAt, now)));
        Assert.Equal(product.Price, (await Index.GetAsync()).Find(product.Id)!.Price);

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the once-a-second check falls due
        var after = await Index.GetAsync();
        Assert.Equal(4_321, after.Find(product.Id)!.Price);
        await AssertSameAsFreshAsync("silent write");
        Assert.Equal(product.Id, after.Search(new CatalogQuery { Text = "zentramol" }).Items[0].Id);
    }

    [Fact]
    public async Task A_cached_search_does_not_outlive_an_edit_of_a_product_it_shows()
    {
        var query = new CatalogQuery { Text = "paracetamol", Sort = CatalogSort.PriceAsc };
        var first = (await Index.GetAsync()).Search(query);
        Assert.Equal(first.Items.Select(c => c.Id), (await Index.GetAsync()).Search(query).Items.Select(c => c.Id)); // kept in the cache
        var cheapest = first.Items[0];

        await EditAsync(cheapest.Id, p => (p.Price, p.OldPrice) = (first.Items.Max(c => c.Price) + 1_000, null));
        var again = (await Index.GetAsync()).Search(query).Items.Select(c => c.Id).ToList();
        Assert.NotEqual(first.Items.Select(c => c.Id), again);
        using var fresh = ActivatorUtilities.CreateInstance<CatalogIndex>(Services);
        Assert.Equal((await fresh.GetAsync()).Search(query).Items.Select(c => c.Id), again);
    }

    private Task EditAsync(int id, Action<ProductInput> change) => InScopeAsync(async (ProductAdmin admin) =>
    {
        var input = (await admin.GetInputAsync(id))!;
        input.Barcode = null; // the test catalog's barcodes are made up: their check digits fail the admin's check
        change(input);
        var result = await admin.UpdateAsync(id, input);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
    });

    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    /// <summary>Every answer of the kept index, written out, equals a freshly built index's.</summary>
    private async Task AssertSameAsFreshAsync(string after)
    {
        var kept = await Index.GetAsync();
        using var fresh = ActivatorUtilities.CreateInstance<CatalogIndex>(Services);
        var rebuilt = await fresh.GetAsync();
        Assert.Equal(rebuilt.Snapshot.ProductCount, kept.Snapshot.ProductCount);
        Assert.Equal(rebuilt.Snapshot.Words, kept.Snapshot.Words);
        var expected = Answers(rebuilt).Split('\n');
        var actual = Answers(kept).Split('\n');
        var differ = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(differ < 0 && expected.Length == actual.Length, $"after {after}, line {differ}:\nfresh {expected.ElementAtOrDefault(differ)}\nkept  {actual.ElementAtOrDefault(differ)}");
    }

    private static string Answers(CatalogView view)
    {
        var text = new StringBuilder();
        var snapshot = view.Snapshot;
        var substance = snapshot.Substances.Values.First(s => s.Inn == "Paracetamol").Id;
        var category = snapshot.CategoryTree.First(c => c.Products > 0).Category.Id;
        IEnumerable<CatalogQuery> queries =
        [
            .. Enum.GetValues<CatalogSort>().SelectMany(sort => new CatalogQuery[]
            {
                new() { Sort = sort, PageSize = 100 },
                new() { Sort = sort, Text = "paracetamol", PageSize = 100 },
                new() { Sort = sort, CategoryId = category, InStockOnly = true },
            }),
            new() { Text = "ibuprofen 200" }, new() { Text = "zorvalin" }, new() { Text = "kvarsolin" }, new() { Text = "importkin", PageSize = 100 },
            new() { Text = "zentramol" }, new() { Text = "4780000000017" }, new() { Text = "yo'tal" }, new() { Text = "bolalar uchun isitma" },
            new() { Text = "parcetamol" }, new() { SubstanceId = substance, PageSize = 100 }, new() { Rx = true, MinPrice = 10_000, MaxPrice = 90_000 },
        ];
        foreach (var q in queries) text.AppendLine(JsonSerializer.Serialize(view.Search(q), Json));
        text.AppendLine(JsonSerializer.Serialize(view.Suggest("para"), Json));
        text.AppendLine(JsonSerializer.Serialize(view.Popular(30), Json));
        text.AppendLine(JsonSerializer.Serialize(view.Discounted(30), Json));
        text.AppendLine(JsonSerializer.Serialize(view.CategoryTree().Select(c => (c.Category.Id, c.Products, c.Children.Select(x => (x.Category.Id, x.Products)).ToList())).ToList(), Json));
        foreach (var doc in snapshot.Docs.OrderBy(d => d.Id))
        {
            text.AppendLine(JsonSerializer.Serialize(view.Find(doc.Id), Json));
            text.AppendLine(JsonSerializer.Serialize(view.Alternatives(doc.Id), Json));
        }
        return text.ToString();
    }
}

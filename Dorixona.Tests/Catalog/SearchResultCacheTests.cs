using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>Computed searches are kept within a memory bound, least recently read dropped first, and never outlive a catalog change.</summary>
public abstract class SearchResultCacheTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : SearchResultCacheTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : SearchResultCacheTests(database), IClassFixture<PostgresDatabase>;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestCatalog.EnsureAsync(Services);
    }

    private async Task<CatalogView> ViewAsync() => await Services.GetRequiredService<CatalogIndex>().GetAsync();

    [Fact]
    public async Task A_repeated_query_is_served_from_the_cache_whatever_page_it_asks()
    {
        var view = await ViewAsync();
        var cache = view.Levels.Results;
        var computedBefore = cache.Count;

        var first = view.Search(new CatalogQuery { Text = "drotaverin", PageSize = 1 });
        Assert.True(cache.TryGet(new CatalogQuery { Text = "drotaverin", Page = 1, PageSize = 0 }, out var kept));
        Assert.Equal(computedBefore + 1, cache.Count);
        var hitsBefore = cache.Hits;

        var second = view.Search(new CatalogQuery { Text = "drotaverin", Page = 2, PageSize = 1 });

        Assert.Equal(computedBefore + 1, cache.Count);
        Assert.Equal(hitsBefore + 1, cache.Hits);
        Assert.True(cache.TryGet(new CatalogQuery { Text = "drotaverin", Page = 1, PageSize = 0 }, out var still));
        Assert.Same(kept, still);
        Assert.Equal(first.Total, second.Total);
        Assert.NotEqual(first.Items[0].Id, second.Items[0].Id);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_bound()
    {
        var cache = new ResultCache(ResultCache.EstimatedBytes(Key(0), Result(products: 1_000)) * 20);

        for (var i = 0; i < 500; i++)
        {
            cache.Add(Key(i), Result(products: 1_000 + i % 7 * 500));
            Assert.InRange(cache.Bytes, 1, cache.LimitBytes);
        }
        Assert.InRange(cache.Count, 1, 20);
    }

    [Fact]
    public void When_full_the_least_recently_read_results_go_first()
    {
        var result = Result(products: 1_000);
        // Room for 20 entries ("query 10" weighs two bytes more than "query 9"), not for 21.
        var cache = new ResultCache(ResultCache.EstimatedBytes(Key(0), result) * 20 + 100);
        for (var i = 0; i < 20; i++) cache.Add(Key(i), result);
        Assert.Equal(20, cache.Count);
        Assert.True(cache.TryGet(Key(0), out _)); // the oldest entry, read last

        cache.Add(Key(20), result); // does not fit: room is made on a pool thread

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cache.Count == 20 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.InRange(cache.Count, 1, 19);
        Assert.True(cache.TryGet(Key(0), out _));
        Assert.False(cache.TryGet(Key(1), out _));
        Assert.True(cache.TryGet(Key(19), out _));
    }

    [Fact]
    public void A_cache_of_zero_bytes_keeps_nothing()
    {
        var cache = new ResultCache(0);

        cache.Add(Key(1), Result(products: 10));

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Key(1), out _));
    }

    [Fact]
    public async Task A_catalog_change_is_visible_at_once_though_the_old_answer_was_cached()
    {
        var id = await QueryAsync(db => db.Products.Where(p => p.Slug == "drotaverin-40-20").Select(p => p.Id).SingleAsync());
        var query = new CatalogQuery { Text = "zorvakin", PageSize = 5 };
        Assert.Equal(SearchMatch.Closest, (await ViewAsync()).Search(query).Match); // computed and cached now
        var input = (await InScopeAsync((ProductAdmin admin) => admin.GetInputAsync(id)))!;
        var name = input.Name;

        input.Name = "Zorvakin 40 mg";
        Assert.True((await InScopeAsync((ProductAdmin admin) => admin.UpdateAsync(id, input))).Succeeded);

        var after = (await ViewAsync()).Search(query);
        Assert.Equal(SearchMatch.All, after.Match);
        Assert.Equal([id], after.Items.Select(i => i.Id));
        input.Name = name;
        Assert.True((await InScopeAsync((ProductAdmin admin) => admin.UpdateAsync(id, input))).Succeeded);
    }

    private static CatalogQuery Key(int n) => new() { Text = "query " + n, Page = 1, PageSize = 0 };

    private static CatalogView.FullResult Result(int products) => new(
        CatalogView.HitOrder.Sorted([.. Enumerable.Range(0, products)]),
        new CatalogFacets([], [], [], [], 0, 0, 0, [], null, null), null, SearchMatch.All, null, [], null);
}

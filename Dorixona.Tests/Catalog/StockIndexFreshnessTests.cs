using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>
/// The search index keeps stock by re-reading only the products whose stock changed. What it shows must equal what an index
/// built from scratch shows, after checkouts, refusals, cancellations, adjustments and writes it was not told of.
/// </summary>
public abstract class StockIndexFreshnessTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : StockIndexFreshnessTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : StockIndexFreshnessTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task After_checkouts_cancellations_and_adjustments_the_kept_stock_equals_a_fresh_read()
    {
        var a = await NewProductAsync(price: 10_000, stock: 3);
        var b = await NewProductAsync(price: 20_000, stock: 2, warehouseStock: 4);
        var index = Services.GetRequiredService<CatalogIndex>();
        Assert.Equal(3, (await index.GetAsync()).Find(a)!.Stock);

        var (first, second, third) = (await CustomersAsync(3)) switch { var c => (c[0], c[1], c[2]) };
        await AddToCartAsync(first, a, 2);
        await AddToCartAsync(first, b, 1);
        Assert.True((await CheckoutAsync(first, Delivery())).Succeeded);
        Assert.Equal(1, (await index.GetAsync()).Find(a)!.Stock);
        Assert.Equal(5, (await index.GetAsync()).Find(b)!.Stock);

        // The last unit is written off while it sits in a cart: that checkout is refused and nothing moves.
        await AddToCartAsync(second, a, 1);
        await StockAsync(a, Shop, -1);
        Assert.False((await CheckoutAsync(second, Delivery())).Succeeded);
        Assert.Equal(0, (await index.GetAsync()).Find(a)!.Stock);
        await StockAsync(a, Shop, 1);
        Assert.Equal(1, (await index.GetAsync()).Find(a)!.Stock);

        await AddToCartAsync(third, a, 1);
        var placed = await CheckoutAsync(third, Delivery());
        Assert.True(placed.Succeeded);
        var soldOut = (await index.GetAsync()).Find(a)!;
        Assert.False(soldOut.InStock);

        Assert.True((await InScopeAsync((OrderService s) => s.CancelByCustomerAsync(third, placed.Value!.OrderId, null))).Succeeded);
        await StockAsync(b, Warehouse, -4);
        var kept = await index.GetAsync();
        Assert.Equal(1, kept.Find(a)!.Stock);
        Assert.Equal(1, kept.Find(b)!.Stock);
        await AssertSameAsFreshAsync(kept, a, b);
    }

    [Fact]
    public async Task A_stock_row_written_without_a_notice_shows_at_the_next_check()
    {
        var a = await NewProductAsync(price: 10_000, stock: 3);
        var index = Services.GetRequiredService<CatalogIndex>();
        Assert.Equal(3, (await index.GetAsync()).Find(a)!.Stock);

        // Another process (or an instance whose notice was lost) changes the row: nothing here hears of it.
        var now = Clock.UtcNow;
        await QueryAsync(db => db.BranchStock.Where(s => s.ProductId == a && s.BranchId == Shop)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Quantity, 7).SetProperty(x => x.UpdatedAt, now)));
        Assert.Equal(3, (await index.GetAsync()).Find(a)!.Stock);

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the once-a-second check falls due
        var view = await index.GetAsync();
        Assert.Equal(7, view.Find(a)!.Stock);
        await AssertSameAsFreshAsync(view, a);
    }

    [Fact]
    public async Task A_stock_change_drops_the_cached_answers_that_showed_the_old_number()
    {
        var a = await NewProductAsync(price: 17_391, stock: 3);
        var index = Services.GetRequiredService<CatalogIndex>();
        var query = new CatalogQuery { Text = "Test medicine 17391" };
        var before = (await index.GetAsync()).Search(query).Items.Single(c => c.Id == a);
        Assert.Equal(3, before.Stock);

        await StockAsync(a, Shop, 2);
        var after = (await index.GetAsync()).Search(query).Items.Single(c => c.Id == a);
        Assert.Equal(5, after.Stock);
    }

    private async Task AssertSameAsFreshAsync(CatalogView kept, params int[] ids)
    {
        using var fresh = ActivatorUtilities.CreateInstance<CatalogIndex>(Services);
        var view = await fresh.GetAsync();
        foreach (var id in ids) Assert.Equal(view.Find(id)!.Stock, kept.Find(id)!.Stock);
        var all = await QueryAsync(db => db.Products.Where(p => p.IsActive).Select(p => p.Id).ToListAsync());
        Assert.All(all, id => Assert.Equal(view.Find(id)?.Stock, kept.Find(id)?.Stock));
    }
}

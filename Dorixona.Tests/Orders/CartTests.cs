using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Orders;

public abstract class CartTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CartTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CartTests(database), IClassFixture<PostgresDatabase>;

    private Task<CartView> CartAsync(CartOwner owner) => InScopeAsync((CartService c) => c.GetAsync(owner));

    [Fact]
    public async Task Quantities_are_capped_by_stock_and_by_the_per_product_limit()
    {
        var scarce = await NewProductAsync(price: 1_000, stock: 3);
        var plenty = await NewProductAsync(price: 1_000, stock: 500);
        var user = CartOwner.User((await CustomersAsync(1))[0]);

        var a = await InScopeAsync((CartService c) => c.AddAsync(user, scarce, 5));
        var b = await InScopeAsync((CartService c) => c.AddAsync(user, plenty, 50));

        Assert.Equal(new CartChange(3, true), a.Value);
        Assert.Equal(new CartChange(10, true), b.Value);
        Assert.Equal(13, (await CartAsync(user)).Count);
    }

    [Fact]
    public async Task Out_of_stock_products_cannot_be_added()
    {
        var gone = await NewProductAsync(price: 1_000, stock: 0);
        var user = CartOwner.User((await CustomersAsync(1))[0]);

        var result = await InScopeAsync((CartService c) => c.AddAsync(user, gone, 1));

        Assert.Equal("cart.outOfStock", result.Errors[0].Code);
    }

    [Fact]
    public async Task A_guest_cart_merges_into_the_account_at_sign_in()
    {
        var p1 = await NewProductAsync(price: 2_000, stock: 10);
        var p2 = await NewProductAsync(price: 3_000, stock: 10);
        var userId = (await CustomersAsync(1))[0];
        var guest = CartOwner.Guest("guest-" + Guid.NewGuid().ToString("N"));
        await InScopeAsync((CartService c) => c.AddAsync(CartOwner.User(userId), p1, 2));
        await InScopeAsync((CartService c) => c.AddAsync(guest, p1, 9));
        await InScopeAsync((CartService c) => c.AddAsync(guest, p2, 1));

        await InScopeAsync((CartService c) => c.MergeAsync(guest.GuestToken!, userId));

        var cart = await CartAsync(CartOwner.User(userId));
        Assert.Equal([(p1, 10), (p2, 1)], cart.Lines.Select(l => (l.ProductId, l.Quantity)).OrderBy(x => x.ProductId));
        Assert.Empty((await CartAsync(guest)).Lines);
    }

    [Fact]
    public async Task The_cart_warns_when_a_price_or_the_stock_changed_since_adding()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var user = CartOwner.User((await CustomersAsync(1))[0]);
        await InScopeAsync((CartService c) => c.AddAsync(user, product, 4));

        await QueryAsync(db => db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 11_000)));
        await InScopeAsync((Dorixona.Core.Catalog.CatalogRevisions r) => r.BumpCatalogAsync());
        await StockAsync(product, Shop, -3);

        var line = Assert.Single((await CartAsync(user)).Lines);
        Assert.True(line.PriceChanged);
        Assert.Equal((10_000L, 11_000L), (line.PriceWhenAdded, line.Price));
        Assert.True(line.StockShort);
        Assert.Equal(2, line.Available);
    }
}

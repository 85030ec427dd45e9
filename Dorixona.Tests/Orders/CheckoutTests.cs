using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Orders;

/// <summary>Checkout never sells what is not on the shelf, whatever the load, and places each order once.</summary>
public abstract class CheckoutTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : CheckoutTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : CheckoutTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task Fifty_customers_racing_for_the_last_ten_units_get_exactly_ten_orders()
    {
        var product = await NewProductAsync(price: 12_500, stock: 10);
        var customers = await CustomersAsync(50);
        foreach (var c in customers) Assert.True((await AddToCartAsync(c, product, 1)).Succeeded);

        var results = await Task.WhenAll(customers.Select(c => Task.Run(() => CheckoutAsync(c, Delivery()))));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Errors, e => e.Field == $"lines[{product}]"));
        Assert.Equal(0, await ShelfAsync(product, Shop));
        Assert.Equal(0, await LedgerAsync(product, Shop));
        var lines = await QueryAsync(db => db.OrderLines.Where(l => l.ProductId == product).ToListAsync());
        Assert.Equal(10, lines.Count);
        Assert.All(lines, l => Assert.Equal((1, 12_500L), (l.Quantity, l.UnitPrice)));
    }

    [Fact]
    public async Task A_race_over_mixed_carts_never_oversells_any_product()
    {
        var a = await NewProductAsync(price: 5_000, stock: 6);
        var b = await NewProductAsync(price: 7_000, stock: 4);
        var c = await NewProductAsync(price: 9_000, stock: 8);
        var customers = await CustomersAsync(24);
        for (var i = 0; i < customers.Count; i++)
        {
            // Carts in different product orders, so a checkout that locked rows in cart order could deadlock.
            var picks = (i % 3) switch { 0 => new[] { a, b }, 1 => [c, a], _ => [b, c, a] };
            foreach (var p in picks) await AddToCartAsync(customers[i], p, 1 + i % 2);
        }

        var results = await Task.WhenAll(customers.Select(u => Task.Run(() => CheckoutAsync(u, Delivery()))));

        Assert.Contains(results, r => r.Succeeded);
        foreach (var (product, start) in new[] { (a, 6), (b, 4), (c, 8) })
        {
            var sold = await QueryAsync(db => db.OrderLines.Where(l => l.ProductId == product).SumAsync(l => l.Quantity));
            var shelf = await ShelfAsync(product, Shop);
            Assert.InRange(shelf, 0, start);
            Assert.Equal(start - sold, shelf);
            Assert.Equal(shelf, await LedgerAsync(product, Shop));
        }
        var orders = await QueryAsync(db => db.Orders.Include(o => o.Lines).Where(o => customers.Contains(o.UserId)).ToListAsync());
        Assert.All(orders, o => Assert.Equal((o.ItemsTotal, o.ItemsTotal + o.DeliveryFee), (o.Lines.Sum(l => l.LineTotal), o.Total)));
    }

    [Fact]
    public async Task The_same_idempotency_key_places_one_order_even_when_sent_twice_at_once()
    {
        var product = await NewProductAsync(price: 3_000, stock: 20);
        var (user, twin) = (await CustomersAsync(2)) switch { var l => (l[0], l[1]) };
        await AddToCartAsync(user, product, 2);
        await AddToCartAsync(twin, product, 2);

        var first = await CheckoutAsync(user, Delivery(key: "retry-1"));
        var again = await CheckoutAsync(user, Delivery(key: "retry-1"));
        var both = await Task.WhenAll(Task.Run(() => CheckoutAsync(twin, Delivery(key: "double-click"))), Task.Run(() => CheckoutAsync(twin, Delivery(key: "double-click"))));

        Assert.Equal(first.Value!.OrderId, again.Value!.OrderId);
        Assert.True(again.Value.AlreadyPlaced);
        Assert.All(both, r => Assert.True(r.Succeeded, string.Join(",", r.Errors.Select(e => e.Code))));
        Assert.Equal(both[0].Value!.OrderId, both[1].Value!.OrderId);
        Assert.Equal(2, await QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user || o.UserId == twin)));
        Assert.Equal(20 - 2 - 2, await ShelfAsync(product, Shop));
    }

    [Fact]
    public async Task Prices_are_snapshotted_so_a_later_price_change_does_not_touch_the_order()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 2);
        var placed = await CheckoutAsync(user, Delivery(expectedTotal: 20_000));

        await QueryAsync(db => db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 15_000)));

        var order = await OrderAsync(placed.Value!.OrderId);
        Assert.Equal((10_000L, 20_000L, 20_000L), (order.Lines[0].UnitPrice, order.Lines[0].LineTotal, order.ItemsTotal));
    }

    [Fact]
    public async Task A_total_that_changed_since_the_review_is_refused_and_changes_nothing()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 1);

        var result = await CheckoutAsync(user, Delivery(expectedTotal: 9_000));

        Assert.Equal("checkout.pricesChanged", Assert.Single(result.Errors).Code);
        Assert.Equal(5, await ShelfAsync(product, Shop));
        Assert.Equal(0, await QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user)));
        Assert.Equal(1, await QueryAsync(db => db.CartItems.CountAsync(i => i.UserId == user)));
    }

    [Fact]
    public async Task Each_order_starts_where_its_payment_and_prescriptions_send_it()
    {
        var plain = await NewProductAsync(price: 4_000, stock: 10);
        var rx = await NewProductAsync(price: 90_000, stock: 10, rx: true);
        var users = await CustomersAsync(3);
        await AddToCartAsync(users[0], plain, 1);
        await AddToCartAsync(users[1], plain, 1);
        await AddToCartAsync(users[2], plain, 1);
        await AddToCartAsync(users[2], rx, 1);

        var cash = await OrderAsync((await CheckoutAsync(users[0], Delivery(PaymentMethod.Cash))).Value!.OrderId);
        var click = await OrderAsync((await CheckoutAsync(users[1], Delivery(PaymentMethod.Click))).Value!.OrderId);
        var held = await OrderAsync((await CheckoutAsync(users[2], Delivery(PaymentMethod.Payme))).Value!.OrderId);

        Assert.Equal(OrderStatus.AwaitingConfirmation, cash.Status);
        Assert.Equal(OrderStatus.AwaitingPayment, click.Status);
        Assert.Equal(Clock.UtcNow.AddMinutes(30), click.PaymentDueAt);
        Assert.Equal(OrderStatus.AwaitingPrescription, held.Status);
        Assert.True(held.HasPrescriptionItems);
        Assert.Null(held.PaymentDueAt);
        Assert.Equal([(null, OrderStatus.Created), (OrderStatus.Created, OrderStatus.AwaitingConfirmation)],
            cash.History.OrderBy(h => h.Id).Select(h => (h.FromStatus, h.ToStatus)));
        Assert.Empty(await QueryAsync(db => db.CartItems.Where(i => users.Contains(i.UserId!.Value)).ToListAsync()));
    }

    [Fact]
    public async Task Pick_up_at_a_branch_that_lacks_a_line_names_that_line_and_takes_nothing()
    {
        var onShelf = await NewProductAsync(price: 4_000, stock: 3);
        var onlyInWarehouse = await NewProductAsync(price: 6_000, stock: 0, warehouseStock: 9);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, onShelf, 1);
        await AddToCartAsync(user, onlyInWarehouse, 2);

        var pickup = await CheckoutAsync(user, new CheckoutRequest(Fulfilment.Pickup, Shop, null, PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
        var warehouse = await CheckoutAsync(user, new CheckoutRequest(Fulfilment.Pickup, Warehouse, null, PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));

        var error = Assert.Single(pickup.Errors);
        Assert.Equal(($"lines[{onlyInWarehouse}]", "checkout.notAtBranch"), (error.Field, error.Code));
        Assert.Equal("branchId", Assert.Single(warehouse.Errors).Field);
        Assert.Equal(3, await ShelfAsync(onShelf, Shop));
        Assert.Equal(9, await ShelfAsync(onlyInWarehouse, Warehouse));
    }

    [Fact]
    public async Task Delivery_is_served_by_a_branch_holding_every_line()
    {
        var onShelf = await NewProductAsync(price: 4_000, stock: 3, warehouseStock: 5);
        var onlyInWarehouse = await NewProductAsync(price: 6_000, stock: 0, warehouseStock: 9);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, onShelf, 1);
        await AddToCartAsync(user, onlyInWarehouse, 2);

        var order = await OrderAsync((await CheckoutAsync(user, Delivery())).Value!.OrderId);

        Assert.Equal(Warehouse, order.BranchId);
        Assert.Equal((3, 4, 7), (await ShelfAsync(onShelf, Shop), await ShelfAsync(onShelf, Warehouse), await ShelfAsync(onlyInWarehouse, Warehouse)));
    }

    [Fact]
    public async Task A_bad_address_answers_field_errors_and_places_nothing()
    {
        var product = await NewProductAsync(price: 4_000, stock: 3);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 1);

        var result = await CheckoutAsync(user, new CheckoutRequest(Fulfilment.Delivery, null,
            new CheckoutAddress("Mars", "", "", "", null, null, "12345"), PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));

        Assert.Equal(["address.region", "address.district", "address.street", "address.house", "address.phone"], result.Errors.Select(e => e.Field));
        Assert.Equal(3, await ShelfAsync(product, Shop));
    }
}

using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Common;

/// <summary>
/// A holder that lives longer than a request (a circuit's component, a singleton) reaches Core through
/// <see cref="Operation{TService}"/>: every call its own scope and context, so it sees what others changed meanwhile and
/// keeps nothing tracked between calls.
/// </summary>
public abstract class OperationTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : OperationTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : OperationTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task A_service_held_across_changes_made_by_others_sees_them_on_its_next_call()
    {
        var product = await NewProductAsync(price: 2_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, product, 1);
        var order = (await CheckoutAsync(customer, Delivery())).Value!.OrderId;
        // What a component injects and keeps for its circuit's lifetime.
        var orders = Services.GetRequiredService<Operation<OrderService>>();
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await orders.RunAsync(s => s.GetAsync(order, null)))!.Status);

        await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, null, null));

        var seen = (await orders.RunAsync(s => s.GetAsync(order, null)))!;
        Assert.Equal(OrderStatus.Confirmed, seen.Status);
        Assert.Equal(OrderStatus.Confirmed, seen.History[^1].To);
    }

    [Fact]
    public async Task Each_call_gets_a_new_context_that_is_disposed_when_the_call_ends()
    {
        var product = await NewProductAsync(price: 2_000, stock: 5);
        var database = Services.GetRequiredService<Operation<DorixonaDbContext>>();

        var (first, trackedDuringCall) = await database.RunAsync(async db =>
        {
            await db.Products.SingleAsync(p => p.Id == product);
            return (db, db.ChangeTracker.Entries().Count());
        });
        var (second, trackedAtStart) = await database.RunAsync(db => Task.FromResult((db, db.ChangeTracker.Entries().Count())));

        Assert.Equal(1, trackedDuringCall);
        Assert.Throws<ObjectDisposedException>(() => first.ChangeTracker.Entries().Count());
        Assert.NotSame(first, second);
        Assert.Equal(0, trackedAtStart);
        Assert.Throws<ObjectDisposedException>(() => second.ChangeTracker.Entries().Count());
    }

    [Fact]
    public async Task An_entity_changed_elsewhere_is_not_served_stale_on_the_next_call()
    {
        var product = await NewProductAsync(price: 2_000, stock: 5);
        var database = Services.GetRequiredService<Operation<DorixonaDbContext>>();
        // One context kept for a circuit's lifetime: the mistake this rule prevents.
        await using var heldScope = Services.CreateAsyncScope();
        var held = heldScope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        Assert.Equal(2_000L, (await held.Products.FindAsync(product))!.Price);
        Assert.Equal(2_000L, await database.RunAsync(async db => (await db.Products.FindAsync(product))!.Price));

        await QueryAsync(db => db.Products.Where(p => p.Id == product).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 2_500L)));

        Assert.Equal(2_500L, await database.RunAsync(async db => (await db.Products.FindAsync(product))!.Price));
        Assert.Equal(2_000L, (await held.Products.FindAsync(product))!.Price);
    }

    [Fact]
    public async Task A_singleton_is_registered_for_every_service_so_components_can_inject_it()
    {
        Assert.Same(Services.GetRequiredService<Operation<CartService>>(), Services.GetRequiredService<Operation<CartService>>());
        var product = await NewProductAsync(price: 3_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        var cart = Services.GetRequiredService<Operation<CartService>>();

        Assert.True((await cart.RunAsync(c => c.AddAsync(CartOwner.User(customer), product, 2))).Succeeded);

        Assert.Equal(2, await cart.RunAsync(c => c.CountAsync(CartOwner.User(customer))));
        Assert.Equal(2, await QueryAsync(db => db.CartItems.Where(i => i.UserId == customer).SumAsync(i => i.Quantity)));
    }
}

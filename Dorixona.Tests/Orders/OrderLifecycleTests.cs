using Dorixona.Core.Catalog;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Orders;

/// <summary>Orders move only as the state machine allows, and stock comes back exactly once.</summary>
public abstract class OrderLifecycleTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : OrderLifecycleTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : OrderLifecycleTests(database), IClassFixture<PostgresDatabase>;

    private async Task<(Guid User, long Order, int Product)> PlacedAsync(PaymentMethod method = PaymentMethod.Cash, int quantity = 3)
    {
        var product = await NewProductAsync(price: 8_000, stock: 10);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, quantity);
        var result = await CheckoutAsync(user, Delivery(method));
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        return (user, result.Value!.OrderId, product);
    }

    private Task<Dorixona.Core.Common.Result> MoveAsync(long order, OrderStatus to, OrderActor actor, string? note = null) =>
        InScopeAsync((OrderService s) => s.TransitionAsync(order, to, actor, null, note));

    [Fact]
    public async Task Cancelling_twice_at_once_returns_the_stock_once()
    {
        var (user, order, product) = await PlacedAsync(quantity: 3);
        Assert.Equal(7, await ShelfAsync(product, Shop));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => InScopeAsync((OrderService s) => s.CancelByCustomerAsync(user, order, "changed my mind")))));

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.Equal(10, await ShelfAsync(product, Shop));
        Assert.Equal(10, await LedgerAsync(product, Shop));
        var returned = await QueryAsync(db => db.StockLedger.CountAsync(l => l.OrderId == order && l.Reason == StockReasons.OrderReturned));
        Assert.Equal(1, returned);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task A_cancel_by_operator_after_a_cancel_by_timeout_returns_nothing_more()
    {
        var (_, order, product) = await PlacedAsync(PaymentMethod.Click, quantity: 2);

        Assert.True((await MoveAsync(order, OrderStatus.Cancelled, OrderActor.System, "payment timeout")).Succeeded);
        var again = await MoveAsync(order, OrderStatus.Cancelled, OrderActor.Operator, "duplicate");

        Assert.Equal("order.transitionNotAllowed", again.Errors[0].Code);
        Assert.Equal(10, await ShelfAsync(product, Shop));
    }

    [Fact]
    public async Task Forbidden_moves_are_refused_and_change_nothing()
    {
        var (user, order, _) = await PlacedAsync(PaymentMethod.Click);
        var before = await OrderAsync(order);

        var operatorSkipsPayment = await MoveAsync(order, OrderStatus.Confirmed, OrderActor.Operator);
        var customerMarksPaid = await MoveAsync(order, OrderStatus.Paid, OrderActor.Customer);
        var courierDelivers = await MoveAsync(order, OrderStatus.Delivered, OrderActor.Courier);

        Assert.All([operatorSkipsPayment, customerMarksPaid, courierDelivers], r => Assert.Equal("order.transitionNotAllowed", r.Errors[0].Code));
        var after = await OrderAsync(order);
        Assert.Equal((before.Status, before.History.Count), (after.Status, after.History.Count));
    }

    [Fact]
    public async Task A_customer_cannot_cancel_once_the_order_is_on_its_way_nor_someone_elses_order()
    {
        var (user, order, product) = await PlacedAsync();
        var stranger = (await CustomersAsync(1))[0];
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready, OrderStatus.OutForDelivery })
            Assert.True((await MoveAsync(order, to, to == OrderStatus.OutForDelivery ? OrderActor.Courier : OrderActor.Operator)).Succeeded);

        var mine = await InScopeAsync((OrderService s) => s.CancelByCustomerAsync(user, order, null));
        var theirs = await InScopeAsync((OrderService s) => s.CancelByCustomerAsync(stranger, order, null));

        Assert.Equal("order.transitionNotAllowed", mine.Errors[0].Code);
        Assert.Equal("order.notFound", theirs.Errors[0].Code);
        Assert.Equal(7, await ShelfAsync(product, Shop));
    }

    [Fact]
    public async Task Every_move_writes_a_history_row_with_who_and_why()
    {
        var (_, order, _) = await PlacedAsync();

        await MoveAsync(order, OrderStatus.Confirmed, OrderActor.Operator);
        await MoveAsync(order, OrderStatus.Packing, OrderActor.Operator);
        await MoveAsync(order, OrderStatus.Cancelled, OrderActor.Operator, "out of date stock found");

        var history = (await OrderAsync(order)).History.OrderBy(h => h.Id).Select(h => (h.FromStatus, h.ToStatus, h.Actor)).ToList();
        Assert.Equal(
        [
            (null, OrderStatus.Created, OrderActor.Customer),
            (OrderStatus.Created, OrderStatus.AwaitingConfirmation, OrderActor.System),
            (OrderStatus.AwaitingConfirmation, OrderStatus.Confirmed, OrderActor.Operator),
            (OrderStatus.Confirmed, OrderStatus.Packing, OrderActor.Operator),
            (OrderStatus.Packing, OrderStatus.Cancelled, OrderActor.Operator),
        ], history);
        Assert.Equal("out of date stock found", (await OrderAsync(order)).CancelReason);
    }

    [Fact]
    public async Task An_operator_must_say_why_they_cancel()
    {
        var (_, order, _) = await PlacedAsync();

        var result = await MoveAsync(order, OrderStatus.Cancelled, OrderActor.Operator);

        Assert.Equal(("note", "order.cancelReasonRequired"), (result.Errors[0].Field, result.Errors[0].Code));
    }

    [Fact]
    public async Task The_timeout_cancels_only_unpaid_orders_past_their_deadline_and_never_a_paid_one()
    {
        var (_, overdue, overdueProduct) = await PlacedAsync(PaymentMethod.Click, quantity: 2);
        var (_, paid, paidProduct) = await PlacedAsync(PaymentMethod.Payme, quantity: 2);
        var (_, cash, _) = await PlacedAsync(PaymentMethod.Cash);
        Assert.True((await MoveAsync(paid, OrderStatus.Paid, OrderActor.System)).Succeeded);
        Clock.Advance(TimeSpan.FromMinutes(29));
        var (_, fresh, _) = await PlacedAsync(PaymentMethod.Click);

        Assert.Equal(0, await InScopeAsync((OrderPaymentTimeout t) => t.CancelOverdueAsync()));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var cancelled = await InScopeAsync((OrderPaymentTimeout t) => t.CancelOverdueAsync());

        Assert.Equal(1, cancelled);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(overdue)).Status);
        Assert.Equal(10, await ShelfAsync(overdueProduct, Shop));
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(paid)).Status);
        Assert.Equal(8, await ShelfAsync(paidProduct, Shop));
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(cash)).Status);
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(fresh)).Status);
        Assert.Equal(0, await InScopeAsync((OrderPaymentTimeout t) => t.CancelOverdueAsync()));
    }

    [Fact]
    public async Task Order_numbers_read_as_DX_numbers_and_parse_back()
    {
        var (_, order, _) = await PlacedAsync();

        var number = Order.NumberFor(order);

        Assert.Matches(@"^DX-\d{6,}$", number);
        Assert.Equal(order, Order.IdFromNumber(number));
        Assert.Equal(order, Order.IdFromNumber(number.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)));
        Assert.Null(Order.IdFromNumber("hello"));
    }
}

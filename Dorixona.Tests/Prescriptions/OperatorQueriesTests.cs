using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Prescriptions;

/// <summary>The pages the operators' grids read: the order board's columns and the prescription queue, paged, sorted and filtered by Core.</summary>
public abstract class OperatorQueriesTests(DatabaseFixture database) : PrescriptionTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : OperatorQueriesTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : OperatorQueriesTests(database), IClassFixture<PostgresDatabase>;

    [Theory]
    [InlineData(OrderStatus.AwaitingConfirmation, Fulfilment.Delivery, new[] { OrderStatus.Confirmed })]
    [InlineData(OrderStatus.Packing, Fulfilment.Delivery, new[] { OrderStatus.Ready })]
    [InlineData(OrderStatus.Ready, Fulfilment.Delivery, new OrderStatus[0])]
    [InlineData(OrderStatus.Ready, Fulfilment.Pickup, new[] { OrderStatus.Delivered })]
    [InlineData(OrderStatus.OutForDelivery, Fulfilment.Delivery, new OrderStatus[0])]
    [InlineData(OrderStatus.AwaitingPrescription, Fulfilment.Delivery, new OrderStatus[0])]
    [InlineData(OrderStatus.Delivered, Fulfilment.Pickup, new OrderStatus[0])]
    public void The_board_offers_only_moves_the_machine_allows_and_never_skips_the_courier(OrderStatus from, Fulfilment fulfilment, OrderStatus[] expected)
    {
        var moves = OrderBoard.Moves(from, fulfilment);

        Assert.Equal(expected, moves);
        Assert.All(moves, to => Assert.True(OrderStateMachine.IsAllowed(from, to, OrderActor.Operator)));
    }

    [Fact]
    public async Task A_board_column_comes_a_page_at_a_time_with_its_lines_customer_and_counts()
    {
        var product = await NewProductAsync(price: 10_000, stock: 50);
        var customers = await CustomersAsync(3);
        var orders = new List<long>();
        foreach (var (customer, quantity) in customers.Zip([1, 3, 2]))
        {
            await AddToCartAsync(customer, product, quantity);
            orders.Add((await CheckoutAsync(customer, Delivery(PaymentMethod.Cash))).Value!.OrderId);
        }
        var mine = new BoardFilter(BoardTab.ToConfirm, null, null, PaymentMethod.Cash, null);

        var byTotal = await InScopeAsync((OrderBoard b) => b.PageAsync(mine, 0, 500, BoardOrderBy.Total, descending: true));
        var ours = byTotal.Cards.Where(c => orders.Contains(c.Id)).ToList();
        Assert.Equal([orders[1], orders[2], orders[0]], ours.Select(c => c.Id));
        Assert.Equal([new BoardLine("Test medicine 10000", 3)], ours[0].Lines);
        Assert.Equal("Customer", ours[0].CustomerName);
        Assert.Equal([OrderStatus.Confirmed], ours[0].Moves);
        Assert.Equal(byTotal.Total, byTotal.Counts[BoardTab.ToConfirm]);

        var first = await InScopeAsync((OrderBoard b) => b.PageAsync(mine, 0, 1));
        var second = await InScopeAsync((OrderBoard b) => b.PageAsync(mine, 1, 1));
        Assert.Single(first.Cards);
        Assert.Single(second.Cards);
        Assert.NotEqual(first.Cards[0].Id, second.Cards[0].Id);
        Assert.True(first.Cards[0].CreatedAt <= second.Cards[0].CreatedAt);

        var found = await InScopeAsync((OrderBoard b) => b.PageAsync(mine with { Search = Order.NumberFor(orders[2]) }, 0, 20));
        Assert.Equal([orders[2]], found.Cards.Select(c => c.Id));
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task The_queue_page_finds_a_customer_by_phone_and_sorts_as_asked()
    {
        var customers = await CustomersAsync(2);
        var older = await UploadAsync(customers[0]);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await UploadAsync(customers[0]);
        var other = await UploadAsync(customers[1]);
        var phone = await QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Id == customers[0]).PhoneNumber!));

        var (oldestFirst, total) = await InScopeAsync((PrescriptionQueries q) => q.QueuePageAsync(null, phone[^7..], 0, 20));
        Assert.Equal([older, newer], oldestFirst.Select(r => r.Id));
        Assert.Equal(2, total);
        var (newestFirst, _) = await InScopeAsync((PrescriptionQueries q) => q.QueuePageAsync(PrescriptionStatus.Pending, phone, 0, 1, QueueOrderBy.CreatedAt, descending: true));
        Assert.Equal([newer], newestFirst.Select(r => r.Id));
        var (all, _) = await InScopeAsync((PrescriptionQueries q) => q.QueuePageAsync(null, null, 0, 100));
        Assert.Contains(all, r => r.Id == other);
        var (none, noneTotal) = await InScopeAsync((PrescriptionQueries q) => q.QueuePageAsync(PrescriptionStatus.Rejected, phone, 0, 20));
        Assert.Empty(none);
        Assert.Equal(0, noneTotal);
    }
}

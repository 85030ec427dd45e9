using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Delivery;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Common;

/// <summary>
/// Domain events leave Core through one mechanism: after the change that raised them commits, exactly once, and never
/// when it rolls back. Each test also looks at the database at the moment an event goes out: the change is already there.
/// </summary>
public abstract class AfterCommitEventsTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : AfterCommitEventsTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : AfterCommitEventsTests(database), IClassFixture<PostgresDatabase>;

    private readonly LiveRecorder _live = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILiveUpdates>(_live);

    [Fact]
    public async Task A_plain_order_transition_is_published_once_after_it_commits_with_its_notification_written_in_it()
    {
        var (customer, order) = await PlacedAsync();
        var notificationsBefore = await NotificationsAsync(customer);
        var seen = WatchOrderStatus();
        _live.Clear();

        Ok(await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, null, null)));

        Assert.Equal(
            [(LiveGroups.User(customer), "notification"), (LiveGroups.Order(order), "order"), (LiveGroups.User(customer), "order"), (LiveGroups.Operators, "order"), (LiveGroups.Admins, "order")],
            _live.Sent);
        Assert.Equal("Confirmed", Field(_live.Published[1], "status"));
        Assert.Equal([OrderStatus.Confirmed, OrderStatus.Confirmed, OrderStatus.Confirmed, OrderStatus.Confirmed], seen.Values);
        Assert.Equal(notificationsBefore + 1, await NotificationsAsync(customer));
    }

    [Fact]
    public async Task An_order_moved_in_a_transaction_that_rolls_back_publishes_nothing_and_leaves_no_notification()
    {
        var (customer, order) = await PlacedAsync();
        var notificationsBefore = await NotificationsAsync(customer);
        _live.Clear();

        await InScopeAsync(async (IServiceProvider sp) =>
        {
            var db = sp.GetRequiredService<DorixonaDbContext>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                Ok(await sp.GetRequiredService<OrderService>().TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, null, null));
                await tx.RollbackAsync();
            }
            // A later save of the same context must not send what the rolled-back change raised.
            await db.SaveChangesAsync();
        });

        Assert.Empty(_live.Sent);
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(order)).Status);
        Assert.Equal(notificationsBefore, await NotificationsAsync(customer));
    }

    [Fact]
    public async Task Events_of_a_transaction_dropped_without_commit_are_not_sent_by_a_later_save()
    {
        var (customer, order) = await PlacedAsync();
        var product = await NewProductAsync(price: 1_000, stock: 5);
        _live.Clear();

        await InScopeAsync(async (IServiceProvider sp) =>
        {
            var db = sp.GetRequiredService<DorixonaDbContext>();
            await using (await db.Database.BeginTransactionAsync())
                Ok(await sp.GetRequiredService<OrderService>().TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, null, null));
            db.ChangeTracker.Clear();
            Assert.True((await sp.GetRequiredService<CartService>().AddAsync(CartOwner.User(customer), product, 1)).Succeeded);
        });

        Assert.Equal([(LiveGroups.User(customer), "cart")], _live.Sent);
        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task An_order_paid_inside_its_payments_transaction_is_published_once_after_commit()
    {
        var (customer, order) = await PlacedAsync(PaymentMethod.Payme);
        var payment = await ProcessingPaymentAsync(order);
        var seen = WatchOrderStatus();
        _live.Clear();

        Assert.True(await InScopeAsync((PaymentService s) => s.PerformAsync(payment, order, "paid", Clock.UtcNow, CancellationToken.None)));

        Assert.Equal(
            [
                (LiveGroups.User(customer), "notification"), (LiveGroups.Order(order), "order"), (LiveGroups.User(customer), "order"), (LiveGroups.Operators, "order"), (LiveGroups.Admins, "order"),
                (LiveGroups.Order(order), "payment"), (LiveGroups.User(customer), "payment"), (LiveGroups.Operators, "payment"), (LiveGroups.Admins, "payment"),
            ],
            _live.Sent);
        Assert.Equal("Paid", Field(_live.Published[1], "status"));
        Assert.All(seen.Values, s => Assert.Equal(OrderStatus.Paid, s));
    }

    [Fact]
    public async Task A_payment_whose_order_refuses_to_move_publishes_nothing()
    {
        var (_, order) = await PlacedAsync(PaymentMethod.Payme);
        var payment = await ProcessingPaymentAsync(order);
        Ok(await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, null, "customer called")));
        await QueryAsync(db => db.Payments.Where(p => p.Id == payment).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Processing)));
        _live.Clear();

        Assert.False(await InScopeAsync((PaymentService s) => s.PerformAsync(payment, order, "paid", Clock.UtcNow, CancellationToken.None)));

        Assert.Empty(_live.Sent);
        Assert.Equal(PaymentState.Processing, await QueryAsync(db => db.Payments.Where(p => p.Id == payment).Select(p => p.State).SingleAsync()));
    }

    [Fact]
    public async Task A_prescription_approval_publishes_the_released_order_and_the_decision_once_after_commit()
    {
        var rx = await NewProductAsync(price: 45_000, stock: 20, rx: true);
        var customer = (await CustomersAsync(1))[0];
        var reviewer = (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, rx, 1);
        var order = (await CheckoutAsync(customer, Delivery(PaymentMethod.Payme))).Value!.OrderId;
        var page = (await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 1)).Value!;
        var prescription = (await InScopeAsync((PrescriptionUploads u) => u.CreateAsync(customer, new PrescriptionUpload(null, null, order), [page]))).Value;
        var seen = WatchOrderStatus();
        _live.Clear();

        var approved = await InScopeAsync((PrescriptionDecisions d) =>
            d.ApproveAsync(prescription, reviewer, new ApproveRequest([new CoverItem(rx, null, 1)], null, null)));

        Assert.True(approved.Succeeded);
        Assert.Equal([order], approved.Value!.ReleasedOrders);
        Assert.Single(_live.Sent, m => m == (LiveGroups.Order(order), "order"));
        Assert.Single(_live.Sent, m => m == (LiveGroups.Operators, "prescription"));
        Assert.Single(_live.Sent, m => m == (LiveGroups.Admins, "prescription"));
        Assert.Single(_live.Sent, m => m == (LiveGroups.User(customer), "prescription"));
        Assert.Equal([OrderStatus.AwaitingPayment, OrderStatus.AwaitingPayment, OrderStatus.AwaitingPayment, OrderStatus.AwaitingPayment], seen.Values);
        var decided = _live.Published.Single(m => m.Group == LiveGroups.Operators && m.Event == "prescription");
        Assert.Equal(prescription, long.Parse(Field(decided, "prescriptionId"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_prescription_upload_is_published_with_the_id_its_row_got()
    {
        var customer = (await CustomersAsync(1))[0];
        var page = (await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 1)).Value!;
        _live.Clear();

        var prescription = (await InScopeAsync((PrescriptionUploads u) => u.CreateAsync(customer, new PrescriptionUpload(null, null, null), [page]))).Value;

        Assert.Equal([(LiveGroups.Operators, "prescription"), (LiveGroups.Admins, "prescription")], _live.Sent);
        Assert.All(_live.Published, message =>
            Assert.Equal(prescription.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(message, "prescriptionId")));
    }

    [Fact]
    public async Task A_delivery_step_is_published_once_after_it_commits()
    {
        var (_, order, delivery) = await ReadyAsync();
        var courier = await CourierAsync();
        var states = new List<DeliveryState>();
        _live.OnPublish = async m =>
        {
            if (m.Event == DeliveryEvents.EventName) states.Add(await QueryAsync(db => db.Deliveries.Where(d => d.Id == delivery).Select(d => d.State).SingleAsync()));
        };
        _live.Clear();

        Ok(await Do(s => s.AssignAsync(delivery, courier, Operator)));

        Assert.Equal(
            [(LiveGroups.Order(order), "delivery"), (LiveGroups.Delivery(delivery), "delivery"), (LiveGroups.Operators, "delivery"), (LiveGroups.Admins, "delivery"), (LiveGroups.User(courier), "delivery")],
            _live.Sent.Where(m => m.Event == "delivery"));
        Assert.Equal("Assigned", Field(_live.Published.First(m => m.Event == "delivery"), "state"));
        Assert.Equal([DeliveryState.Assigned, DeliveryState.Assigned, DeliveryState.Assigned, DeliveryState.Assigned, DeliveryState.Assigned], states);
    }

    [Fact]
    public async Task A_delivery_step_refused_halfway_publishes_nothing()
    {
        var (_, order, delivery) = await ReadyAsync();
        var courier = await CourierAsync();
        await OnTheWayAsync(delivery, courier);
        var code = (await DeliveryAsync(delivery)).HandoverCode;
        var total = (await OrderAsync(order)).Total;
        _live.Clear();

        // The cash does not match the order: the payment refuses inside the move, which rolls back whole.
        Refused(await Do(s => s.DeliverWithCodeAsync(delivery, DeliveryActor.Courier(courier), code, total + 1)), "delivery.cashAmount");

        Assert.Empty(_live.Sent);
        Assert.Equal(DeliveryState.OnTheWay, (await DeliveryAsync(delivery)).State);
    }

    [Fact]
    public async Task A_courier_position_is_published_once_to_the_pages_that_show_the_map()
    {
        var (_, order, delivery) = await ReadyAsync();
        var courier = await CourierAsync();
        await OnTheWayAsync(delivery, courier);
        Clock.Advance(TimeSpan.FromMinutes(1));
        _live.Clear();

        Ok(await Do(s => s.RecordPositionAsync(delivery, DeliveryActor.Courier(courier), 41.3, 69.25, 10)));

        Assert.Equal([(LiveGroups.Order(order), "delivery"), (LiveGroups.Delivery(delivery), "delivery")], _live.Sent);
        Assert.Equal("41.3", Field(_live.Published[0], "lat"));
    }

    [Fact]
    public async Task A_change_saved_outside_a_transaction_is_published_once_and_a_failed_save_publishes_nothing()
    {
        var customer = (await CustomersAsync(1))[0];
        var product = await NewProductAsync(price: 1_000, stock: 5);
        _live.Clear();

        Assert.True((await AddToCartAsync(customer, product, 1)).Succeeded);
        Assert.Equal([(LiveGroups.User(customer), "cart")], _live.Sent);
        _live.Clear();

        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            db.Raise(new CartChanged(customer));
            db.CartItems.Add(new CartItem { UserId = customer, ProductId = -1, Quantity = 1, AddedAt = Clock.UtcNow, UpdatedAt = Clock.UtcNow });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            await db.SaveChangesAsync();
        });
        Assert.Empty(_live.Sent);
    }

    /// <summary>The order's status in the database each time an "order" event goes out, read through a connection of its own.</summary>
    private Dictionary<int, OrderStatus> WatchOrderStatus()
    {
        var seen = new Dictionary<int, OrderStatus>();
        _live.OnPublish = async m =>
        {
            if (m.Event != "order") return;
            var id = long.Parse(Field(m, "orderId"), System.Globalization.CultureInfo.InvariantCulture);
            var status = await QueryAsync(db => db.Orders.Where(o => o.Id == id).Select(o => o.Status).SingleAsync());
            lock (seen) seen[seen.Count] = status;
        };
        return seen;
    }

    private async Task<long> ProcessingPaymentAsync(long order)
    {
        var total = (await OrderAsync(order)).Total;
        return await QueryAsync(async db =>
        {
            var payment = new Payment
            {
                OrderId = order, Provider = PaymentProvider.Payme, Amount = total, State = PaymentState.Processing, LiveOrderId = order,
                ProviderTransactionId = Guid.NewGuid().ToString("N"), ProcessingAt = Clock.UtcNow, CreatedAt = Clock.UtcNow, UpdatedAt = Clock.UtcNow,
            };
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
            return payment.Id;
        });
    }

    private Task<int> NotificationsAsync(Guid user) => QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user));

    private static string Field(LiveMessage message, string name)
    {
        var value = JsonSerializer.SerializeToElement(message.Payload).GetProperty(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}

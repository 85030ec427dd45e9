using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Delivery;

/// <summary>Deliveries move only as their state machine allows, write history, and the order follows them.</summary>
public abstract class DeliveryLifecycleTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : DeliveryLifecycleTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DeliveryLifecycleTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task An_order_made_ready_for_delivery_gets_one_delivery_in_its_zone()
    {
        var (_, order, id) = await ReadyAsync();

        var delivery = await DeliveryAsync(id);
        Assert.Equal(DeliveryState.Ready, delivery.State);
        var zone = await QueryAsync(db => db.DeliveryZones.SingleAsync(z => z.Id == delivery.ZoneId));
        Assert.Contains("Chilonzor", zone.Districts, StringComparison.Ordinal);
        var first = Assert.Single(await HistoryAsync(id));
        Assert.Equal((null, DeliveryState.Ready, OrderActor.Operator), (first.FromState, first.ToState, first.Actor));
        Assert.Equal(1, await QueryAsync(db => db.Deliveries.CountAsync(d => d.OrderId == order)));
    }

    [Fact]
    public async Task A_pickup_order_made_ready_gets_no_delivery()
    {
        var product = await NewProductAsync(price: 5_000, stock: 5);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 1);
        var placed = await CheckoutAsync(user, new CheckoutRequest(Fulfilment.Pickup, Shop, null, PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
        var order = placed.Value!.OrderId;
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready })
            Ok(await InScopeAsync((OrderService s) => s.TransitionAsync(order, to, OrderActor.Operator, null, null)));

        Assert.False(await QueryAsync(db => db.Deliveries.AnyAsync(d => d.OrderId == order)));
    }

    [Fact]
    public async Task The_whole_way_to_the_door_writes_every_transition_and_the_order_follows()
    {
        var (customer, order, id) = await ReadyAsync(PaymentMethod.Cash);
        var courierId = await CourierAsync("Sardor");
        var courier = DeliveryActor.Courier(courierId);

        Ok(await Do(s => s.AssignAsync(id, courierId, Operator)));
        var offer = await QueryAsync(db => db.Notifications.SingleAsync(n => n.UserId == courierId));
        Assert.Equal(("/courier", true), (offer.Link, offer.Title.Contains(Order.NumberFor(order), StringComparison.Ordinal)));
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Assert.Equal(OrderStatus.Ready, (await OrderAsync(order)).Status);
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        Assert.Equal(OrderStatus.OutForDelivery, (await OrderAsync(order)).Status);
        Ok(await Do(s => s.StartAsync(id, courier)));
        var code = (await DeliveryAsync(id)).HandoverCode!;
        Assert.Matches("^[0-9]{4}$", code);
        var phone = await QueryAsync(db => db.Users.Where(u => u.Id == customer).Select(u => u.PhoneNumber!).SingleAsync());
        var sms = (await SmsToAsync(phone)).Last();
        Assert.Contains(code, sms.Body, StringComparison.Ordinal);
        Assert.True(sms.Sensitive);

        Clock.Advance(TimeSpan.FromMinutes(25));
        var total = (await OrderAsync(order)).Total;
        Ok(await Do(s => s.DeliverWithCodeAsync(id, courier, code, total)));

        var delivery = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.Delivered, total), (delivery.State, delivery.CashCollected));
        // The cash taken at the door is the order's payment, booked in the same move.
        var cash = await QueryAsync(db => db.Payments.SingleAsync(p => p.OrderId == order));
        Assert.Equal((Dorixona.Core.Payments.PaymentState.Succeeded, total, (OrderActor?)OrderActor.Courier, (Guid?)courierId), (cash.State, cash.Amount, cash.ActorRole, cash.ActorId));
        var placedOrder = await OrderAsync(order);
        Assert.Equal(OrderStatus.Delivered, placedOrder.Status);
        Assert.Contains(placedOrder.History, h => h.FromStatus == OrderStatus.OutForDelivery && h.ToStatus == OrderStatus.Delivered && h.Actor == OrderActor.Courier);
        var history = (await HistoryAsync(id)).Select(h => (h.FromState, h.ToState, h.Actor)).ToList();
        Assert.Equal(
            [
                (null, DeliveryState.Ready, OrderActor.Operator),
                (DeliveryState.Ready, DeliveryState.Assigned, OrderActor.Operator),
                (DeliveryState.Assigned, DeliveryState.Accepted, OrderActor.Courier),
                (DeliveryState.Accepted, DeliveryState.PickedUp, OrderActor.Courier),
                (DeliveryState.PickedUp, DeliveryState.OnTheWay, OrderActor.Courier),
                (DeliveryState.OnTheWay, DeliveryState.Delivered, OrderActor.Courier),
            ], history);
        Assert.All((await HistoryAsync(id)).Skip(2), h => Assert.Equal(courierId, h.ActorId));

        var stats = await InScopeAsync((DeliveryQueries q) => q.StatsAsync(courierId));
        Assert.Equal((1, 1, 100, 25, 0, total), (stats.DeliveredToday, stats.DeliveredThisWeek, stats.OnTimePercent, stats.AverageMinutes, stats.FailedThisWeek, stats.CashOnHand));
    }

    [Fact]
    public async Task Cash_that_is_not_the_order_total_is_refused_and_nothing_is_delivered_or_paid()
    {
        var (_, order, id) = await ReadyAsync(PaymentMethod.Cash);
        var courierId = await CourierAsync();
        await OnTheWayAsync(id, courierId);
        var code = (await DeliveryAsync(id)).HandoverCode!;
        var total = (await OrderAsync(order)).Total;

        Refused(await Do(s => s.DeliverWithCodeAsync(id, DeliveryActor.Courier(courierId), code, total - 1_000)), "delivery.cashAmount");

        var delivery = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.OnTheWay, (long?)null), (delivery.State, delivery.CashCollected));
        Assert.Equal(OrderStatus.OutForDelivery, (await OrderAsync(order)).Status);
        Assert.False(await QueryAsync(db => db.Payments.AnyAsync(p => p.OrderId == order && p.State == Dorixona.Core.Payments.PaymentState.Succeeded)));
    }

    [Fact]
    public async Task A_failed_attempt_takes_the_order_back_to_ready_and_a_returned_delivery_can_go_again()
    {
        var (_, order, id) = await ReadyAsync();
        var courierId = await CourierAsync();
        await OnTheWayAsync(id, courierId);
        var courier = DeliveryActor.Courier(courierId);

        Refused(await Do(s => s.FailAsync(id, courier, null, "no reason")), "delivery.reasonRequired");
        Ok(await Do(s => s.FailAsync(id, courier, FailReason.NoAnswer, "rang three times")));
        Assert.Equal(OrderStatus.Ready, (await OrderAsync(order)).Status);
        Assert.Equal(FailReason.NoAnswer, (await DeliveryAsync(id)).FailReason);
        Ok(await Do(s => s.ReturnAsync(id, courier)));
        Ok(await Do(s => s.RequeueAsync(id, Operator)));

        var delivery = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.Ready, (Guid?)null), (delivery.State, delivery.CourierId));
        Assert.Equal(1, await QueryAsync(db => db.Deliveries.CountAsync(d => d.OrderId == order)));
        Assert.Equal(
            [
                (DeliveryState.OnTheWay, DeliveryState.Failed, OrderActor.Courier, "NoAnswer: rang three times"),
                (DeliveryState.Failed, DeliveryState.Returned, OrderActor.Courier, null),
                (DeliveryState.Returned, DeliveryState.Ready, OrderActor.Operator, null),
            ],
            (await HistoryAsync(id)).Skip(5).Select(h => (h.FromState!.Value, h.ToState, h.Actor, h.Note)));
        Assert.Contains((await OrderAsync(order)).History, h => (h.FromStatus, h.ToStatus, h.Actor) == (OrderStatus.OutForDelivery, OrderStatus.Ready, OrderActor.Courier));
        var stats = await InScopeAsync((DeliveryQueries q) => q.StatsAsync(courierId));
        Assert.Equal(1, stats.FailedThisWeek);
    }

    [Fact]
    public async Task A_forbidden_move_is_refused_and_changes_nothing()
    {
        var (_, order, id) = await ReadyAsync();
        var courierId = await CourierAsync();
        Ok(await Do(s => s.AssignAsync(id, courierId, Operator)));
        var courier = DeliveryActor.Courier(courierId);

        Refused(await Do(s => s.PickUpAsync(id, courier)), "delivery.transitionNotAllowed");
        Refused(await Do(s => s.StartAsync(id, courier)), "delivery.transitionNotAllowed");
        Refused(await Do(s => s.CancelAsync(id, courier, "tired")), "delivery.transitionNotAllowed");

        Assert.Equal(DeliveryState.Assigned, (await DeliveryAsync(id)).State);
        Assert.Equal(2, (await HistoryAsync(id)).Count);
        Assert.Equal(OrderStatus.Ready, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task A_declined_offer_is_ready_again_and_the_suggestion_is_the_least_busy_courier_in_the_zone()
    {
        var (_, _, first) = await ReadyAsync();
        var (_, _, second) = await ReadyAsync();
        var busy = await CourierAsync("A busy courier");
        var free = await CourierAsync("B free courier");
        Ok(await Do(s => s.AssignAsync(first, busy, Operator)));

        var suggestion = await InScopeAsync((DeliveryQueries q) => q.SuggestAsync(second));
        Assert.Equal(free, suggestion!.Id);

        Ok(await Do(s => s.DeclineAsync(first, DeliveryActor.Courier(busy), "flat tyre")));
        var declined = await DeliveryAsync(first);
        Assert.Equal((DeliveryState.Ready, (Guid?)null), (declined.State, declined.CourierId));
        Assert.Equal("flat tyre", (await HistoryAsync(first)).Last().Note);
        Ok(await Do(s => s.AssignAsync(first, free, Operator)));
    }

    [Fact]
    public async Task Cancelling_the_order_cancels_its_waiting_delivery()
    {
        var (_, order, id) = await ReadyAsync();
        Ok(await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, null, "out of stock")));

        Assert.Equal(DeliveryState.Cancelled, (await DeliveryAsync(id)).State);
        Assert.Equal((DeliveryState.Ready, DeliveryState.Cancelled), ((await HistoryAsync(id)).Last().FromState!.Value, (await HistoryAsync(id)).Last().ToState));
    }

    [Fact]
    public async Task Cash_collected_shows_in_the_couriers_balance_until_an_operator_settles_it()
    {
        var (_, order, id) = await ReadyAsync(PaymentMethod.Cash);
        var courierId = await CourierAsync("Cash courier");
        await OnTheWayAsync(id, courierId);
        var courier = DeliveryActor.Courier(courierId);
        var code = (await DeliveryAsync(id)).HandoverCode;

        var total = (await OrderAsync(order)).Total;

        Refused(await Do(s => s.DeliverWithCodeAsync(id, courier, code, null)), "delivery.cashRequired");
        Ok(await Do(s => s.DeliverWithCodeAsync(id, courier, code, total)));

        var balance = Assert.Single(await InScopeAsync((DeliveryQueries q) => q.CashBalancesAsync()), b => b.CourierId == courierId);
        Assert.Equal(total, balance.Unsettled);
        Assert.Equal(total, await InScopeAsync((DeliveryService s) => s.SettleCashAsync(courierId, Operator)));
        Assert.DoesNotContain(await InScopeAsync((DeliveryQueries q) => q.CashBalancesAsync()), b => b.CourierId == courierId);
        Assert.Equal(0, await InScopeAsync((DeliveryService s) => s.SettleCashAsync(courierId, Operator)));
    }
}

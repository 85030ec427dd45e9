using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders.Follow;

namespace Dorixona.Tests.Components.Orders;

/// <summary>The stepper's arithmetic for every status, way and payment method, without a database.</summary>
public sealed class OrderStepsTests
{
    private static readonly DateTime Placed = new(2026, 12, 2, 5, 0, 0, DateTimeKind.Utc);

    private static OrderDetail Order(OrderStatus status, Fulfilment fulfilment, PaymentMethod method, params OrderStatus[] path)
    {
        var history = path.Select((to, i) => new OrderHistoryView(null, to, OrderActor.System, Placed.AddMinutes(i + 1), null)).ToList();
        return new OrderDetail(1, "DX-250001", Guid.NewGuid(), status, fulfilment, 1, "Chilonzor", "Bunyodkor 1", method, null, "+998901234567",
            null, 10_000, 0, 10_000, false, Placed, null, null, null, [], history);
    }

    private static string Says(OrderDetail order) => string.Join(" ", OrderSteps.For(order).Select(s => s.Name + ":" + s.State.ToString().ToLowerInvariant()));

    [Theory]
    [InlineData(OrderStatus.AwaitingPayment, "placed:done paid:current confirmed:ahead packed:ahead onTheWay:ahead delivered:ahead")]
    [InlineData(OrderStatus.Paid, "placed:done paid:done confirmed:current packed:ahead onTheWay:ahead delivered:ahead")]
    [InlineData(OrderStatus.Confirmed, "placed:done paid:done confirmed:done packed:current onTheWay:ahead delivered:ahead")]
    [InlineData(OrderStatus.Packing, "placed:done paid:done confirmed:done packed:current onTheWay:ahead delivered:ahead")]
    [InlineData(OrderStatus.Ready, "placed:done paid:done confirmed:done packed:done onTheWay:current delivered:ahead")]
    [InlineData(OrderStatus.OutForDelivery, "placed:done paid:done confirmed:done packed:done onTheWay:done delivered:current")]
    [InlineData(OrderStatus.Delivered, "placed:done paid:done confirmed:done packed:done onTheWay:done delivered:done")]
    public void An_online_delivery_goes_placed_paid_confirmed_packed_on_the_way_delivered(OrderStatus status, string expected) =>
        Assert.Equal(expected, Says(Order(status, Fulfilment.Delivery, PaymentMethod.Payme)));

    [Theory]
    [InlineData(OrderStatus.AwaitingConfirmation, "placed:done confirmed:current packed:ahead readyForPickup:ahead pickedUp:ahead")]
    [InlineData(OrderStatus.Ready, "placed:done confirmed:done packed:done readyForPickup:done pickedUp:current")]
    [InlineData(OrderStatus.Delivered, "placed:done confirmed:done packed:done readyForPickup:done pickedUp:done")]
    public void A_cash_pick_up_has_no_paid_step_and_ends_picked_up(OrderStatus status, string expected) =>
        Assert.Equal(expected, Says(Order(status, Fulfilment.Pickup, PaymentMethod.Cash)));

    [Fact]
    public void A_cancelled_order_keeps_what_it_reached_with_its_times_and_has_no_current_step()
    {
        var order = Order(OrderStatus.Cancelled, Fulfilment.Delivery, PaymentMethod.Click,
            OrderStatus.AwaitingPayment, OrderStatus.Paid, OrderStatus.Confirmed, OrderStatus.Cancelled);

        Assert.Equal("placed:done paid:done confirmed:done packed:ahead onTheWay:ahead delivered:ahead", Says(order));
        Assert.Equal([Placed, Placed.AddMinutes(2), Placed.AddMinutes(3), null, null, null], OrderSteps.For(order).Select(s => s.At));
    }

    [Fact]
    public void A_failed_delivery_back_at_the_branch_is_on_the_way_again_next()
    {
        var order = Order(OrderStatus.Ready, Fulfilment.Delivery, PaymentMethod.Cash,
            OrderStatus.AwaitingConfirmation, OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready, OrderStatus.OutForDelivery, OrderStatus.Ready);

        Assert.Equal("placed:done confirmed:done packed:done onTheWay:current delivered:ahead", Says(order));
        Assert.Equal(Placed.AddMinutes(6), OrderSteps.For(order)[2].At);
    }
}

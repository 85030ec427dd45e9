using Dorixona.Core.Orders;

namespace Dorixona.Web.Components.Orders.Follow;

public enum StepKey
{
    Placed,
    Paid,
    Confirmed,
    Packed,
    OnTheWay,
    Delivered,
    ReadyForPickup,
    PickedUp,
}

public enum StepState
{
    Done,
    Current,
    Ahead,
}

public sealed record OrderStep(StepKey Key, StepState State, DateTime? At)
{
    /// <summary>The key's name in texts and markup: <c>readyForPickup</c>.</summary>
    public string Name => char.ToLowerInvariant(Key.ToString()[0]) + Key.ToString()[1..];
}

/// <summary>
/// The customer's stepper for an order: which steps its way has (a cash order has no "paid" step before the hand-over, a
/// pick-up order ends at the branch), how far it got, and when each reached step was reached. A cancelled order keeps the
/// steps it reached and has no current one.
/// </summary>
public static class OrderSteps
{
    public static IReadOnlyList<OrderStep> For(OrderDetail order)
    {
        var pickup = order.Fulfilment == Fulfilment.Pickup;
        var cash = order.PaymentMethod == PaymentMethod.Cash;
        var keys = new List<StepKey> { StepKey.Placed };
        if (!cash) keys.Add(StepKey.Paid);
        keys.AddRange(pickup
            ? [StepKey.Confirmed, StepKey.Packed, StepKey.ReadyForPickup, StepKey.PickedUp]
            : [StepKey.Confirmed, StepKey.Packed, StepKey.OnTheWay, StepKey.Delivered]);

        var cancelled = order.Status == OrderStatus.Cancelled;
        var status = cancelled ? order.History.LastOrDefault(h => h.To != OrderStatus.Cancelled)?.To ?? OrderStatus.Created : order.Status;
        var reached = keys.IndexOf(Reached(status, pickup));
        if (reached < 0) reached = 0; // "paid" is no step of a cash order
        var final = cancelled || order.Status == OrderStatus.Delivered;
        return keys.Select((key, i) => new OrderStep(key,
            i <= reached ? StepState.Done : i == reached + 1 && !final ? StepState.Current : StepState.Ahead,
            i <= reached ? At(order, key) : null)).ToList();
    }

    /// <summary>The furthest step an order in <paramref name="status"/> has reached.</summary>
    private static StepKey Reached(OrderStatus status, bool pickup) => status switch
    {
        OrderStatus.Paid => StepKey.Paid,
        OrderStatus.Confirmed or OrderStatus.Packing => StepKey.Confirmed,
        OrderStatus.Ready => pickup ? StepKey.ReadyForPickup : StepKey.Packed,
        OrderStatus.OutForDelivery => StepKey.OnTheWay,
        OrderStatus.Delivered => pickup ? StepKey.PickedUp : StepKey.Delivered,
        _ => StepKey.Placed,
    };

    private static DateTime? At(OrderDetail order, StepKey key) => key switch
    {
        StepKey.Placed => order.CreatedAt,
        StepKey.Paid => Last(order, OrderStatus.Paid),
        StepKey.Confirmed => Last(order, OrderStatus.Confirmed),
        StepKey.Packed or StepKey.ReadyForPickup => Last(order, OrderStatus.Ready),
        StepKey.OnTheWay => Last(order, OrderStatus.OutForDelivery),
        _ => Last(order, OrderStatus.Delivered),
    };

    private static DateTime? Last(OrderDetail order, OrderStatus to) => order.History.LastOrDefault(h => h.To == to)?.At;
}

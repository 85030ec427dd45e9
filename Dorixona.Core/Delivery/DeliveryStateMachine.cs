using Dorixona.Core.Orders;

namespace Dorixona.Core.Delivery;

/// <summary>
/// Every allowed delivery transition, who may make it, and what the order does alongside, in one place.
/// Anything not listed is refused with <c>delivery.transitionNotAllowed</c> and changes nothing.
/// </summary>
public static class DeliveryStateMachine
{
    private static readonly OrderActor[] Staff = [OrderActor.Operator, OrderActor.Admin];

    private static readonly Dictionary<(DeliveryState From, DeliveryState To), OrderActor[]> Allowed = new()
    {
        [(DeliveryState.Ready, DeliveryState.Assigned)] = Staff,
        [(DeliveryState.Assigned, DeliveryState.Assigned)] = Staff, // offered to another courier instead
        [(DeliveryState.Assigned, DeliveryState.Accepted)] = [OrderActor.Courier],
        [(DeliveryState.Assigned, DeliveryState.Ready)] = [OrderActor.Courier, .. Staff], // declined, or taken back
        [(DeliveryState.Accepted, DeliveryState.Ready)] = Staff,
        [(DeliveryState.Accepted, DeliveryState.PickedUp)] = [OrderActor.Courier],
        [(DeliveryState.PickedUp, DeliveryState.OnTheWay)] = [OrderActor.Courier],
        [(DeliveryState.OnTheWay, DeliveryState.Delivered)] = [OrderActor.Courier],
        [(DeliveryState.PickedUp, DeliveryState.Failed)] = [OrderActor.Courier, .. Staff],
        [(DeliveryState.OnTheWay, DeliveryState.Failed)] = [OrderActor.Courier, .. Staff],
        [(DeliveryState.Failed, DeliveryState.Returned)] = [OrderActor.Courier, .. Staff],
        [(DeliveryState.Returned, DeliveryState.Ready)] = Staff, // another attempt
    };

    /// <summary>What the order does when the delivery arrives in a state (null: nothing).</summary>
    public static OrderStatus? OrderFollows(DeliveryState to) => to switch
    {
        DeliveryState.PickedUp => OrderStatus.OutForDelivery,
        DeliveryState.Delivered => OrderStatus.Delivered,
        DeliveryState.Failed => OrderStatus.Ready,
        _ => null,
    };

    public static bool IsFinal(DeliveryState s) => s is DeliveryState.Delivered or DeliveryState.Cancelled;

    /// <summary>With a courier and not finished: what counts towards a courier's load.</summary>
    public static bool IsActive(DeliveryState s) => s is DeliveryState.Assigned or DeliveryState.Accepted or DeliveryState.PickedUp or DeliveryState.OnTheWay;

    public static readonly DeliveryState[] ActiveStates = [DeliveryState.Assigned, DeliveryState.Accepted, DeliveryState.PickedUp, DeliveryState.OnTheWay];

    public static bool IsAllowed(DeliveryState from, DeliveryState to, OrderActor actor)
    {
        // Cancelling belongs to operators; once the parcel has left the branch it must come back first (failed, returned).
        if (to == DeliveryState.Cancelled)
            return Staff.Contains(actor) && from is DeliveryState.Ready or DeliveryState.Assigned or DeliveryState.Accepted or DeliveryState.Returned
                || actor == OrderActor.System && !IsFinal(from);
        return Allowed.TryGetValue((from, to), out var actors) && actors.Contains(actor);
    }

    /// <summary>The courier's next steps from here, for the big buttons.</summary>
    public static IReadOnlyList<DeliveryState> Next(DeliveryState from, OrderActor actor) =>
        Enum.GetValues<DeliveryState>().Where(to => to != from && IsAllowed(from, to, actor)).ToList();
}

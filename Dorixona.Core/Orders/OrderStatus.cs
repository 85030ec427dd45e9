namespace Dorixona.Core.Orders;

/// <summary>Where an order is. Stored by name; the allowed moves are in <see cref="OrderStateMachine"/>.</summary>
public enum OrderStatus
{
    Created,
    AwaitingPrescription,
    AwaitingPayment,
    AwaitingConfirmation,
    Paid,
    Confirmed,
    Packing,
    Ready,
    OutForDelivery,
    Delivered,
    Cancelled,
}

/// <summary>Who moved an order, recorded on every history row.</summary>
public enum OrderActor
{
    System,
    Customer,
    Operator,
    Courier,
    Admin,
}

/// <summary>
/// Every allowed order transition, and who may make it, in one place. Anything not listed is refused
/// with <c>order.transitionNotAllowed</c> and changes nothing.
/// </summary>
public static class OrderStateMachine
{
    private static readonly Dictionary<(OrderStatus From, OrderStatus To), OrderActor[]> Allowed = new()
    {
        [(OrderStatus.Created, OrderStatus.AwaitingPrescription)] = [OrderActor.System],
        [(OrderStatus.Created, OrderStatus.AwaitingPayment)] = [OrderActor.System],
        [(OrderStatus.Created, OrderStatus.AwaitingConfirmation)] = [OrderActor.System],
        [(OrderStatus.AwaitingPrescription, OrderStatus.AwaitingPayment)] = [OrderActor.System, OrderActor.Operator],
        [(OrderStatus.AwaitingPrescription, OrderStatus.AwaitingConfirmation)] = [OrderActor.System, OrderActor.Operator],
        [(OrderStatus.AwaitingPayment, OrderStatus.Paid)] = [OrderActor.System],
        [(OrderStatus.Paid, OrderStatus.Confirmed)] = [OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.AwaitingConfirmation, OrderStatus.Confirmed)] = [OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.Confirmed, OrderStatus.Packing)] = [OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.Packing, OrderStatus.Ready)] = [OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.Ready, OrderStatus.OutForDelivery)] = [OrderActor.Courier, OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.Ready, OrderStatus.Delivered)] = [OrderActor.Operator, OrderActor.Admin], // picked up at the branch
        [(OrderStatus.OutForDelivery, OrderStatus.Delivered)] = [OrderActor.Courier, OrderActor.Operator, OrderActor.Admin],
        [(OrderStatus.OutForDelivery, OrderStatus.Ready)] = [OrderActor.Courier, OrderActor.Operator, OrderActor.Admin], // delivery failed, back at the branch
    };

    /// <summary>Before it leaves the shop an order may be cancelled: by its customer, an operator or the system (timeouts).</summary>
    private static readonly OrderStatus[] CancellableByCustomer =
    [
        OrderStatus.Created, OrderStatus.AwaitingPrescription, OrderStatus.AwaitingPayment, OrderStatus.AwaitingConfirmation,
        OrderStatus.Paid, OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready,
    ];

    public static bool IsFinal(OrderStatus s) => s is OrderStatus.Delivered or OrderStatus.Cancelled;

    public static bool CanCustomerCancel(OrderStatus s) => CancellableByCustomer.Contains(s);

    public static bool IsAllowed(OrderStatus from, OrderStatus to, OrderActor actor)
    {
        if (to == OrderStatus.Cancelled)
        {
            return actor switch
            {
                OrderActor.Customer => CanCustomerCancel(from),
                OrderActor.System or OrderActor.Operator or OrderActor.Admin => !IsFinal(from),
                _ => false,
            };
        }
        return Allowed.TryGetValue((from, to), out var actors) && actors.Contains(actor);
    }

    /// <summary>The moves an actor can make from here, for the buttons a page shows.</summary>
    public static IReadOnlyList<OrderStatus> Next(OrderStatus from, OrderActor actor) =>
        Enum.GetValues<OrderStatus>().Where(to => to != from && IsAllowed(from, to, actor)).ToList();
}

namespace Dorixona.Core.Orders;

/// <summary>
/// Runs inside an order transition's transaction, after the order moved and its history row was staged,
/// so features that hang off an order (delivery) change with it or not at all. A failure rolls the move back.
/// </summary>
public interface IOrderTransitionHook
{
    Task OnTransitionAsync(OrderTransition transition, CancellationToken ct);
}

public sealed record OrderTransition(long OrderId, OrderStatus From, OrderStatus To, Fulfilment Fulfilment, OrderActor Actor, Guid? ActorId, DateTime At);

namespace Dorixona.Core.Orders;

/// <summary>
/// Runs inside an order transition's transaction, after the order moved, its history row was staged and (on a cancel)
/// its stock was given back, so features that hang off an order (payments, delivery, audit, statistics) change with it
/// or not at all. A failure rolls the move back. Hooks run in registration order.
/// </summary>
public interface IOrderTransitionHook
{
    Task OnTransitionAsync(OrderTransition transition, CancellationToken ct);
}

public sealed record OrderTransition(long OrderId, OrderStatus From, OrderStatus To, Fulfilment Fulfilment, OrderActor Actor, Guid? ActorId, DateTime At);

using Dorixona.Core.Orders;

namespace Dorixona.Core.Audit;

/// <summary>
/// Records every order move through the order's own transition hook, so it is written in the move's transaction
/// (OrderService saves after its hooks) and OrderService itself knows nothing of the audit trail.
/// </summary>
public sealed class AuditOrderTransitions(IAuditLog audit) : IOrderTransitionHook
{
    public Task OnTransitionAsync(OrderTransition transition, CancellationToken ct) =>
        audit.RecordAsync(new AuditRecord(
            AuditActions.OrderTransition, AuditEntities.Order, transition.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{Order.NumberFor(transition.OrderId)}: {transition.From} → {transition.To} ({transition.Actor})",
            new { status = transition.From.ToString() }, new { status = transition.To.ToString(), actor = transition.Actor.ToString() },
            transition.ActorId), ct);
}

using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Delivery;

/// <summary>
/// Inside every order transition: an order that becomes ready for delivery gets its delivery (once), and an
/// order that is cancelled takes its unfinished delivery with it. Whatever page or API moved the order.
/// </summary>
public sealed class DeliveryOrderHook(DorixonaDbContext db, DeliveryZones zones, IOptions<DeliveryOptions> options) : IOrderTransitionHook
{
    public async Task OnTransitionAsync(OrderTransition transition, CancellationToken ct)
    {
        var t = transition;
        if (t.To == OrderStatus.Ready && t.Fulfilment == Fulfilment.Delivery)
        {
            if (await db.Deliveries.AnyAsync(d => d.OrderId == t.OrderId, ct)) return; // back from a failed attempt: the delivery already exists
            var address = await db.Orders.AsNoTracking().Where(o => o.Id == t.OrderId).Select(o => o.Address).SingleAsync(ct);
            var zone = await zones.MatchAsync(address?.Region, address?.District, ct);
            var centre = ZoneGeometry.Centre(address?.District);
            var delivery = new Delivery
            {
                OrderId = t.OrderId, ZoneId = zone?.Id, State = DeliveryState.Ready, DestinationLat = centre?.Lat, DestinationLon = centre?.Lon,
                CreatedAt = t.At, UpdatedAt = t.At, PromisedBy = t.At.AddMinutes(options.Value.PromisedMinutes),
            };
            db.Deliveries.Add(delivery);
            await db.SaveChangesAsync(ct);
            db.DeliveryHistory.Add(new DeliveryHistoryEntry
            {
                DeliveryId = delivery.Id, FromState = null, ToState = DeliveryState.Ready, Actor = t.Actor, ActorId = t.ActorId, At = t.At, Note = "order ready",
            });
        }
        else if (t.To == OrderStatus.Cancelled)
        {
            var open = await db.Deliveries.Where(d => d.OrderId == t.OrderId && d.State != DeliveryState.Delivered && d.State != DeliveryState.Cancelled)
                .Select(d => new { d.Id, d.State }).SingleOrDefaultAsync(ct);
            if (open is null) return;
            var moved = await db.Deliveries.Where(d => d.Id == open.Id && d.State == open.State)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Cancelled).SetProperty(d => d.UpdatedAt, t.At).SetProperty(d => d.HandoverCode, (string?)null), ct);
            if (moved == 0) throw new DbUpdateConcurrencyException("The delivery changed while its order was cancelled.");
            db.DeliveryHistory.Add(new DeliveryHistoryEntry
            {
                DeliveryId = open.Id, FromState = open.State, ToState = DeliveryState.Cancelled, Actor = t.Actor, ActorId = t.ActorId, At = t.At, Note = "order cancelled",
            });
        }
    }
}

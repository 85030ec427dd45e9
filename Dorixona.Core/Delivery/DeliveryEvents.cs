using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Delivery;

/// <summary>A delivery as its live event shows it; pages re-fetch the rest.</summary>
public sealed record DeliverySnapshot(long DeliveryId, long OrderId, DeliveryState State, Guid? CourierId, double? Lat, double? Lon, DateTime? At, int? EtaMinutes)
{
    internal object Payload() => new
    {
        deliveryId = DeliveryId, orderId = OrderId, state = State.ToString(), lat = Lat, lon = Lon, at = At, etaMinutes = EtaMinutes,
    };
}

/// <summary>
/// A delivery moved (assigned, accepted, on the way, delivered, ...): the customer's order page, the delivery's own
/// listeners, the operators' board and the courier's pages (every courier's while it is unassigned).
/// </summary>
public sealed record DeliveryMoved(DeliverySnapshot Delivery) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live()
    {
        var payload = Delivery.Payload();
        yield return new(LiveGroups.Order(Delivery.OrderId), DeliveryEvents.EventName, payload);
        yield return new(LiveGroups.Delivery(Delivery.DeliveryId), DeliveryEvents.EventName, payload);
        yield return new(LiveGroups.Operators, DeliveryEvents.EventName, payload);
        yield return new(LiveGroups.Admins, DeliveryEvents.EventName, payload);
        yield return new(Delivery.CourierId is { } courier ? LiveGroups.User(courier) : LiveGroups.Couriers, DeliveryEvents.EventName, payload);
    }
}

/// <summary>The courier's new position: only the pages that show the map (the customer's order page, the delivery's listeners).</summary>
public sealed record CourierPositioned(DeliverySnapshot Delivery) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live()
    {
        var payload = Delivery.Payload();
        yield return new(LiveGroups.Order(Delivery.OrderId), DeliveryEvents.EventName, payload);
        yield return new(LiveGroups.Delivery(Delivery.DeliveryId), DeliveryEvents.EventName, payload);
    }
}

/// <summary>
/// Raises a delivery's live event into the change that moved it, read inside that change so it shows the new state;
/// it goes out when the change commits.
/// </summary>
public sealed class DeliveryEvents(DorixonaDbContext db, DeliveryEta eta)
{
    public const string EventName = "delivery";

    /// <summary><paramref name="movedOnly"/>: a new position, which only the customer's page shows.</summary>
    public async Task RaiseAsync(long deliveryId, bool movedOnly = false, CancellationToken ct = default)
    {
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId)
            .Select(x => new { x.Id, x.OrderId, x.State, x.CourierId, x.LastLat, x.LastLon, x.LastPositionAt, x.DestinationLat, x.DestinationLon })
            .SingleOrDefaultAsync(ct);
        if (d is null) return;
        var live = new DeliverySnapshot(d.Id, d.OrderId, d.State, d.CourierId, d.LastLat, d.LastLon, d.LastPositionAt,
            d.State == DeliveryState.OnTheWay ? eta.Minutes(d.LastLat, d.LastLon, d.DestinationLat, d.DestinationLon) : null);
        db.Raise(movedOnly ? new CourierPositioned(live) : new DeliveryMoved(live));
    }
}

/// <summary>Minutes to the door from the straight-line distance and the configured average speed.</summary>
public sealed class DeliveryEta(Microsoft.Extensions.Options.IOptions<DeliveryOptions> options)
{
    public int? Minutes(double? fromLat, double? fromLon, double? toLat, double? toLon)
    {
        if (fromLat is not { } a || fromLon is not { } b || toLat is not { } c || toLon is not { } d) return null;
        var km = ZoneGeometry.DistanceKm(a, b, c, d);
        var speed = options.Value.AverageSpeedKmh > 0 ? options.Value.AverageSpeedKmh : 20;
        return Math.Max(1, (int)Math.Ceiling(km / speed * 60));
    }
}

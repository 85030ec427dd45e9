using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Delivery;

/// <summary>
/// Tells open pages that a delivery changed or moved: the customer's order page (order group), the courier's
/// own pages (their user group) and the operators' board. Payloads are small; pages re-fetch what they show.
/// </summary>
public sealed class DeliveryEvents(DorixonaDbContext db, ILiveUpdates live, DeliveryEta eta)
{
    public const string EventName = "delivery";

    /// <summary><paramref name="movedOnly"/>: a new position, which only the customer's page shows.</summary>
    public async Task PublishAsync(long deliveryId, bool movedOnly = false, CancellationToken ct = default)
    {
        var d = await db.Deliveries.AsNoTracking().Where(x => x.Id == deliveryId)
            .Select(x => new { x.Id, x.OrderId, x.State, x.CourierId, x.LastLat, x.LastLon, x.LastPositionAt, x.DestinationLat, x.DestinationLon })
            .SingleOrDefaultAsync(ct);
        if (d is null) return;
        var payload = new
        {
            deliveryId = d.Id, orderId = d.OrderId, state = d.State.ToString(), lat = d.LastLat, lon = d.LastLon, at = d.LastPositionAt,
            etaMinutes = d.State == DeliveryState.OnTheWay ? eta.Minutes(d.LastLat, d.LastLon, d.DestinationLat, d.DestinationLon) : null,
        };
        await live.PublishAsync(OrderEvents.Group(d.OrderId), EventName, payload, ct);
        if (movedOnly) return;
        await live.PublishAsync(LiveGroups.Operators, EventName, payload, ct);
        if (d.CourierId is { } courier) await live.PublishAsync(LiveGroups.User(courier), EventName, payload, ct);
        else await live.PublishAsync(LiveGroups.Couriers, EventName, payload, ct);
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

using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Delivery;

public sealed record CourierDeliveryView(
    long Id, long OrderId, string OrderNumber, DeliveryState State, OrderAddress? Address, string Phone, string CustomerName, int Items,
    long AmountToCollect, PaymentMethod PaymentMethod, double? DestinationLat, double? DestinationLon, bool CodeLocked, int CodeAttempts,
    DateTime CreatedAt, DateTime PromisedBy, DateTime? DeliveredAt, long? CashCollected,
    string BranchName = "", string BranchAddress = "", double? BranchLat = null, double? BranchLon = null);

public sealed record CourierStats(int DeliveredToday, int DeliveredThisWeek, int OnTimeCount, int? OnTimePercent, int? AverageMinutes, int FailedThisWeek, long CashOnHand);

public sealed record CourierChoice(Guid Id, string Name, string Phone, int ActiveInZone, int ActiveTotal);

/// <summary>
/// A courier offered in the assignment dialog, with what the suggestion rests on: their deliveries under way in the delivery's zone
/// and in all, and how far their last shared position is from the branch the parcel waits at (null: never shared one).
/// </summary>
public sealed record CourierSuggestion(Guid Id, string Name, string Phone, int ActiveInZone, int ActiveTotal, double? KmToBranch);

/// <summary>What the assignment dialog shows for one delivery: where it is collected, where it goes, who could take it (best first).</summary>
public sealed record AssignmentChoices(
    long DeliveryId, string OrderNumber, string? ZoneName, string? District, string BranchName, string BranchAddress, Guid? CurrentCourierId,
    IReadOnlyList<CourierSuggestion> Couriers);

/// <summary>Which deliveries the operators' grid shows: the working set (unfinished, today's, to review) or one state.</summary>
public sealed record DeliveryBoardFilter(DeliveryState? State = null);

public sealed record DeliveryBoardPage(IReadOnlyList<OperatorDeliveryView> Items, int Total);

public sealed record CashBalance(Guid CourierId, string Name, string Phone, long Unsettled, int Deliveries);

public sealed record OperatorDeliveryView(
    long Id, long OrderId, string OrderNumber, DeliveryState State, string? ZoneName, int? ZoneId, string? District, Guid? CourierId, string? CourierName,
    PaymentMethod PaymentMethod, long Total, long? CashCollected, bool NeedsReview, DateTime? ReviewedAt, string? ProofNote, bool HasPhoto,
    FailReason? FailReason, DateTime CreatedAt, DateTime UpdatedAt, string BranchName = "");

public sealed record DeliveryHistoryView(DeliveryState? From, DeliveryState To, OrderActor Actor, DateTime At, string? Note);

public sealed record PositionView(double Lat, double Lon, DateTime At);

public sealed record DeliveryTracking(
    long Id, long OrderId, DeliveryState State, string? CourierName, PositionView? Last, int? EtaMinutes, string? HandoverCode,
    double? DestinationLat, double? DestinationLon, IReadOnlyList<PositionView> Positions, IReadOnlyList<DeliveryHistoryView> History, DateTime? DeliveredAt);

/// <summary>What the courier, operator and customer screens read about deliveries.</summary>
public sealed class DeliveryQueries(DorixonaDbContext db, DeliveryEta eta, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    /// <summary>The courier's deliveries: everything still theirs to do, then what they delivered today, in working order.</summary>
    public async Task<IReadOnlyList<CourierDeliveryView>> ForCourierAsync(Guid courierId, CancellationToken ct = default)
    {
        var dayStart = DayStart(Now());
        var rows = await (from d in db.Deliveries.AsNoTracking()
                          join o in db.Orders.AsNoTracking() on d.OrderId equals o.Id
                          join u in db.Users.AsNoTracking() on o.UserId equals u.Id
                          join b in db.Branches.AsNoTracking() on o.BranchId equals b.Id
                          where d.CourierId == courierId && (DeliveryStateMachine.ActiveStates.Contains(d.State) || d.State == DeliveryState.Failed
                              || (d.State == DeliveryState.Delivered && d.DeliveredAt >= dayStart))
                          select new { d, o, u.FullName, Items = o.Lines.Sum(l => l.Quantity), Branch = new { b.Name, b.Address, b.Latitude, b.Longitude } })
                          .ToListAsync(ct);
        return rows
            .OrderBy(r => Rank(r.d.State)).ThenBy(r => r.d.PromisedBy).ThenBy(r => r.d.Id)
            .Select(r => new CourierDeliveryView(r.d.Id, r.o.Id, Order.NumberFor(r.o.Id), r.d.State, r.o.Address, r.o.ContactPhone, r.FullName, r.Items,
                r.o.PaymentMethod == PaymentMethod.Cash ? r.o.Total : 0, r.o.PaymentMethod, r.d.DestinationLat, r.d.DestinationLon, r.d.CodeLockedAt != null,
                r.d.CodeAttempts, r.d.CreatedAt, r.d.PromisedBy, r.d.DeliveredAt, r.d.CashCollected,
                r.Branch.Name, r.Branch.Address, r.Branch.Latitude, r.Branch.Longitude))
            .ToList();
    }

    public async Task<CourierDeliveryView?> ForCourierAsync(Guid courierId, long deliveryId, CancellationToken ct = default) =>
        (await ForCourierAsync(courierId, ct)).FirstOrDefault(d => d.Id == deliveryId);

    private static int Rank(DeliveryState s) => s switch
    {
        DeliveryState.OnTheWay => 0,
        DeliveryState.PickedUp => 1,
        DeliveryState.Accepted => 2,
        DeliveryState.Assigned => 3,
        DeliveryState.Failed => 4,
        _ => 5,
    };

    /// <summary>
    /// Delivered today and this week (Tashkent days, weeks from Monday); on time = delivered by <see cref="Delivery.PromisedBy"/>
    /// (ready + <see cref="DeliveryOptions.PromisedMinutes"/>), as a share of this week's deliveries; average minutes from pick-up to door.
    /// </summary>
    public async Task<CourierStats> StatsAsync(Guid courierId, CancellationToken ct = default)
    {
        var now = Now();
        var today = DayStart(now);
        var local = Tashkent.ToLocal(now);
        var weekStart = today.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var week = await db.Deliveries.AsNoTracking()
            .Where(d => d.CourierId == courierId && d.State == DeliveryState.Delivered && d.DeliveredAt >= weekStart)
            .Select(d => new { d.DeliveredAt, d.PromisedBy, d.PickedUpAt }).ToListAsync(ct);
        var failed = await db.DeliveryHistory.AsNoTracking()
            .CountAsync(h => h.ToState == DeliveryState.Failed && h.At >= weekStart
                && (h.ActorId == courierId || db.Deliveries.Any(d => d.Id == h.DeliveryId && d.CourierId == courierId)), ct);
        var cash = await db.Deliveries.AsNoTracking().Where(d => d.CourierId == courierId && d.CashCollected != null && d.CashSettledAt == null)
            .SumAsync(d => d.CashCollected ?? 0, ct);
        var onTime = week.Count(d => d.DeliveredAt <= d.PromisedBy);
        var durations = week.Where(d => d.PickedUpAt is not null).Select(d => (d.DeliveredAt!.Value - d.PickedUpAt!.Value).TotalMinutes).ToList();
        return new CourierStats(
            week.Count(d => d.DeliveredAt >= today), week.Count, onTime, week.Count == 0 ? null : (int)Math.Round(100.0 * onTime / week.Count),
            durations.Count == 0 ? null : (int)Math.Round(durations.Average()), failed, cash);
    }

    /// <summary>Couriers by how busy they are in the zone (fewest first): the first one is the suggestion.</summary>
    public async Task<IReadOnlyList<CourierChoice>> CouriersForZoneAsync(int? zoneId, CancellationToken ct = default)
    {
        var couriers = await Couriers().Select(u => new { u.Id, u.FullName, u.PhoneNumber }).ToListAsync(ct);
        var active = await db.Deliveries.AsNoTracking().Where(d => d.CourierId != null && DeliveryStateMachine.ActiveStates.Contains(d.State))
            .Select(d => new { d.CourierId, d.ZoneId }).ToListAsync(ct);
        return couriers.Select(c => new CourierChoice(c.Id, c.FullName, c.PhoneNumber ?? "",
                active.Count(a => a.CourierId == c.Id && a.ZoneId == zoneId), active.Count(a => a.CourierId == c.Id)))
            .OrderBy(c => c.ActiveInZone).ThenBy(c => c.ActiveTotal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<CourierChoice?> SuggestAsync(long deliveryId, CancellationToken ct = default)
    {
        var zone = await db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => d.ZoneId).SingleOrDefaultAsync(ct);
        var choices = await CouriersForZoneAsync(zone, ct);
        return choices.Count > 0 ? choices[0] : null;
    }

    /// <summary>The operators' board: unfinished deliveries and those finished today, oldest first.</summary>
    public async Task<IReadOnlyList<OperatorDeliveryView>> BoardAsync(DeliveryState? state, CancellationToken ct = default) =>
        (await BoardPageAsync(new DeliveryBoardFilter(state), 0, 300, newestFirst: false, ct)).Items;

    /// <summary>One page of the operators' grid, paged and counted in the database.</summary>
    public async Task<DeliveryBoardPage> BoardPageAsync(DeliveryBoardFilter filter, int skip, int take, bool newestFirst, CancellationToken ct = default)
    {
        var dayStart = DayStart(Now());
        var state = filter.State;
        var query = from d in db.Deliveries.AsNoTracking()
                    join o in db.Orders.AsNoTracking() on d.OrderId equals o.Id
                    join b in db.Branches.AsNoTracking() on o.BranchId equals b.Id
                    join z in db.DeliveryZones.AsNoTracking() on d.ZoneId equals z.Id into zs
                    from z in zs.DefaultIfEmpty()
                    join u in db.Users.AsNoTracking() on d.CourierId equals u.Id into us
                    from u in us.DefaultIfEmpty()
                    where state == null ? (d.State != DeliveryState.Delivered && d.State != DeliveryState.Cancelled) || d.UpdatedAt >= dayStart
                            || (d.NeedsReview && d.ReviewedAt == null)
                        : d.State == state
                    select new { d, o, b.Name, Zone = z == null ? null : z.Name, Courier = u == null ? null : u.FullName };
        var total = await query.CountAsync(ct);
        var ordered = newestFirst ? query.OrderByDescending(r => r.d.CreatedAt).ThenByDescending(r => r.d.Id) : query.OrderBy(r => r.d.CreatedAt).ThenBy(r => r.d.Id);
        var rows = await ordered.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 300))
            .Select(r => new OperatorDeliveryView(r.d.Id, r.o.Id, "", r.d.State, r.Zone, r.d.ZoneId, r.o.Address == null ? null : r.o.Address!.District,
                r.d.CourierId, r.Courier, r.o.PaymentMethod, r.o.Total, r.d.CashCollected, r.d.NeedsReview, r.d.ReviewedAt, r.d.ProofNote,
                r.d.ProofPhoto != null, r.d.FailReason, r.d.CreatedAt, r.d.UpdatedAt, r.Name)).ToListAsync(ct);
        return new DeliveryBoardPage(rows.Select(r => r with { OrderNumber = Order.NumberFor(r.OrderId) }).ToList(), total);
    }

    /// <summary>
    /// The assignment dialog's couriers for one delivery, best first: the fewest deliveries under way in its zone, then in all,
    /// then the nearest to its branch by their last shared position. Null when the delivery does not exist.
    /// </summary>
    public async Task<AssignmentChoices?> AssignmentChoicesAsync(long deliveryId, CancellationToken ct = default)
    {
        var delivery = await (from d in db.Deliveries.AsNoTracking()
                              join o in db.Orders.AsNoTracking() on d.OrderId equals o.Id
                              join b in db.Branches.AsNoTracking() on o.BranchId equals b.Id
                              join z in db.DeliveryZones.AsNoTracking() on d.ZoneId equals z.Id into zs
                              from z in zs.DefaultIfEmpty()
                              where d.Id == deliveryId
                              select new
                              {
                                  d.Id, d.OrderId, d.ZoneId, d.CourierId, Zone = z == null ? null : z.Name, District = o.Address == null ? null : o.Address!.District,
                                  Branch = b.Name, b.Address, b.Latitude, b.Longitude,
                              }).SingleOrDefaultAsync(ct);
        if (delivery is null) return null;
        var couriers = await CouriersForZoneAsync(delivery.ZoneId, ct);
        var ids = couriers.Select(c => c.Id).ToList();
        var positions = (await db.Deliveries.AsNoTracking()
                .Where(d => d.CourierId != null && ids.Contains(d.CourierId.Value) && d.LastPositionAt != null && d.LastLat != null && d.LastLon != null)
                .Select(d => new { CourierId = d.CourierId!.Value, d.LastPositionAt, d.LastLat, d.LastLon }).ToListAsync(ct))
            .GroupBy(p => p.CourierId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.LastPositionAt).First());
        var suggestions = couriers
            .Select(c => new CourierSuggestion(c.Id, c.Name, c.Phone, c.ActiveInZone, c.ActiveTotal,
                positions.TryGetValue(c.Id, out var p) ? Math.Round(ZoneGeometry.DistanceKm(p.LastLat!.Value, p.LastLon!.Value, delivery.Latitude, delivery.Longitude), 1) : null))
            .OrderBy(c => c.ActiveInZone).ThenBy(c => c.ActiveTotal).ThenBy(c => c.KmToBranch ?? double.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return new AssignmentChoices(delivery.Id, Order.NumberFor(delivery.OrderId), delivery.Zone, delivery.District, delivery.Branch, delivery.Address,
            delivery.CourierId, suggestions);
    }

    public async Task<IReadOnlyList<CashBalance>> CashBalancesAsync(CancellationToken ct = default)
    {
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.CourierId != null && d.CashCollected != null && d.CashSettledAt == null)
            .GroupBy(d => d.CourierId!.Value).Select(g => new { CourierId = g.Key, Sum = g.Sum(d => d.CashCollected ?? 0), Count = g.Count() }).ToListAsync(ct);
        var ids = rows.Select(r => r.CourierId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.FullName, u.PhoneNumber), ct);
        return rows.Select(r => new CashBalance(r.CourierId, names[r.CourierId].FullName, names[r.CourierId].PhoneNumber ?? "", r.Sum, r.Count))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The customer's view of their order's delivery; null when there is none or the order is not theirs (when given).</summary>
    public async Task<DeliveryTracking?> TrackingAsync(long orderId, Guid? customerId, CancellationToken ct = default)
    {
        var row = await (from x in db.Deliveries.AsNoTracking()
                         join o in db.Orders.AsNoTracking() on x.OrderId equals o.Id
                         join u in db.Users.AsNoTracking() on x.CourierId equals u.Id into us
                         from u in us.DefaultIfEmpty()
                         where x.OrderId == orderId && (customerId == null || o.UserId == customerId)
                         select new { d = x, CourierName = u == null ? null : u.FullName }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var d = row.d;
        var positions = await db.DeliveryPositions.AsNoTracking().Where(p => p.DeliveryId == d.Id)
            .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Take(20).Select(p => new PositionView(p.Lat, p.Lon, p.At)).ToListAsync(ct);
        var history = await db.DeliveryHistory.AsNoTracking().Where(h => h.DeliveryId == d.Id).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new DeliveryHistoryView(h.FromState, h.ToState, h.Actor, h.At, h.Note)).ToListAsync(ct);
        var onTheWay = d.State == DeliveryState.OnTheWay;
        var last = d.LastLat is { } lat && d.LastLon is { } lon && d.LastPositionAt is { } at ? new PositionView(lat, lon, at) : null;
        return new DeliveryTracking(d.Id, d.OrderId, d.State, row.CourierName, onTheWay ? last : null,
            onTheWay ? eta.Minutes(d.LastLat, d.LastLon, d.DestinationLat, d.DestinationLon) : null,
            onTheWay && d.CodeLockedAt is null ? d.HandoverCode : null, d.DestinationLat, d.DestinationLon, onTheWay ? positions : [], history, d.DeliveredAt);
    }

    public async Task<IReadOnlyList<DeliveryHistoryView>> HistoryAsync(long deliveryId, CancellationToken ct = default) =>
        await db.DeliveryHistory.AsNoTracking().Where(h => h.DeliveryId == deliveryId).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new DeliveryHistoryView(h.FromState, h.ToState, h.Actor, h.At, h.Note)).ToListAsync(ct);

    public Task<string?> PhotoPathAsync(long deliveryId, CancellationToken ct = default) =>
        db.Deliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => d.ProofPhoto).SingleOrDefaultAsync(ct);

    public int PositionIntervalSeconds => options.Value.PositionIntervalSeconds;

    private IQueryable<AppUser> Couriers() =>
        db.Users.AsNoTracking().Where(u => u.DeletedAt == null
            && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Courier)))
            .OrderBy(u => u.FullName);

    private static DateTime DayStart(DateTime utc) => Tashkent.StartUtc(Tashkent.DayOf(utc));

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.RoleDashboards;

/// <summary>The operators' queues, in the order work flows through the shop.</summary>
public enum OperatorQueue
{
    Prescriptions,
    ToConfirm,
    Packing,
    Ready,
    Unassigned,
}

/// <summary>One queue: how many wait, how long the oldest has waited and the median wait (null when the queue is empty).</summary>
public sealed record QueueStat(OperatorQueue Queue, int Count, TimeSpan? Oldest, TimeSpan? Median);

/// <summary>Something an operator should do next: a prescription to review, an order to confirm, pack or hand over, a delivery to assign.</summary>
public sealed record ActionItem(OperatorQueue Queue, long Id, long? OrderId, DateTime WaitingSince, TimeSpan Waited);

public sealed record OperatorDashboardView(IReadOnlyList<QueueStat> Queues, IReadOnlyList<ActionItem> ActNow, DateTime At);

/// <summary>
/// The operator portal's overview. An item waits since it entered its queue: a prescription since it was uploaded, an
/// order since the history row that moved it into its current status, a delivery since it became ready for a courier.
/// </summary>
public sealed class OperatorDashboard(DorixonaDbContext db, TimeProvider clock)
{
    public const int ActNowSize = 10;

    public static IReadOnlyList<OrderStatus> StatusesOf(OperatorQueue queue) => queue switch
    {
        OperatorQueue.ToConfirm => OrderBoard.StatusesOf(BoardTab.ToConfirm),
        OperatorQueue.Packing => OrderBoard.StatusesOf(BoardTab.Packing),
        OperatorQueue.Ready => OrderBoard.StatusesOf(BoardTab.Ready),
        _ => [],
    };

    public async Task<OperatorDashboardView> LoadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var items = new List<ActionItem>();

        var prescriptions = await db.Prescriptions.AsNoTracking().Where(p => p.Status == PrescriptionStatus.Pending)
            .Select(p => new { p.Id, p.OrderId, p.CreatedAt }).ToListAsync(ct);
        items.AddRange(prescriptions.Select(p => new ActionItem(OperatorQueue.Prescriptions, p.Id, p.OrderId, p.CreatedAt, now - p.CreatedAt)));

        var queued = new[] { OperatorQueue.ToConfirm, OperatorQueue.Packing, OperatorQueue.Ready }.SelectMany(StatusesOf).ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => queued.Contains(o.Status))
            .Select(o => new
            {
                o.Id, o.Status, o.CreatedAt,
                Since = db.OrderHistory.Where(h => h.OrderId == o.Id && h.ToStatus == o.Status).Max(h => (DateTime?)h.At),
            }).ToListAsync(ct);
        foreach (var o in orders)
        {
            var queue = new[] { OperatorQueue.ToConfirm, OperatorQueue.Packing, OperatorQueue.Ready }.First(q => StatusesOf(q).Contains(o.Status));
            var since = o.Since ?? o.CreatedAt;
            items.Add(new ActionItem(queue, o.Id, o.Id, since, now - since));
        }

        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.State == DeliveryState.Ready)
            .Select(d => new
            {
                d.Id, d.OrderId, d.CreatedAt,
                Since = db.DeliveryHistory.Where(h => h.DeliveryId == d.Id && h.ToState == DeliveryState.Ready).Max(h => (DateTime?)h.At),
            }).ToListAsync(ct);
        items.AddRange(deliveries.Select(d => new ActionItem(OperatorQueue.Unassigned, d.Id, d.OrderId, d.Since ?? d.CreatedAt, now - (d.Since ?? d.CreatedAt))));

        var byQueue = items.ToLookup(i => i.Queue);
        var stats = Enum.GetValues<OperatorQueue>().Select(q => Stat(q, byQueue[q].Select(i => i.Waited).ToList())).ToList();
        var actNow = items.OrderByDescending(i => i.Waited).ThenBy(i => i.Queue).ThenBy(i => i.Id).Take(ActNowSize).ToList();
        return new OperatorDashboardView(stats, actNow, now);
    }

    private static QueueStat Stat(OperatorQueue queue, List<TimeSpan> waits)
    {
        if (waits.Count == 0) return new QueueStat(queue, 0, null, null);
        waits.Sort();
        var mid = waits.Count / 2;
        var median = waits.Count % 2 == 1 ? waits[mid] : (waits[mid - 1] + waits[mid]) / 2;
        return new QueueStat(queue, waits.Count, waits[^1], median);
    }
}

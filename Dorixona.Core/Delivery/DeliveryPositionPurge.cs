using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Delivery;

/// <summary>Positions are kept for the delivery only: after the retention period they are deleted, and so is the last known spot.</summary>
public sealed class DeliveryPositionPurge(DorixonaDbContext db, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.PositionRetentionDays);
        var deleted = await db.DeliveryPositions.Where(p => p.At < cutoff).ExecuteDeleteAsync(ct);
        await db.Deliveries.Where(d => d.LastPositionAt != null && d.LastPositionAt < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastLat, (double?)null).SetProperty(d => d.LastLon, (double?)null).SetProperty(d => d.LastPositionAt, (DateTime?)null), ct);
        return deleted;
    }
}

[Quartz.DisallowConcurrentExecution]
public sealed class DeliveryPositionPurgeJob(DeliveryPositionPurge purge) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("delivery-position-purge", "delivery");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => await purge.PurgeAsync(cancellationToken);
}

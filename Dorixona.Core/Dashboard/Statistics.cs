using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// One Tashkent day's figures, written by <see cref="DailyAggregator"/> for days that are over. A day with a row here
/// is aggregated; a day also in <see cref="StatsDirtyDay"/> changed since and is aggregated again before it is read.
/// </summary>
public sealed class StatsDay
{
    public DateOnly Day { get; set; }
    public int Orders { get; set; }
    public int PaidOrders { get; set; }
    public long Revenue { get; set; }
    public int RefundedOrders { get; set; }
    public long Refunds { get; set; }
    public int NewCustomers { get; set; }
    public int PrescriptionsApproved { get; set; }
    public int PrescriptionsRejected { get; set; }
    public DateTime AggregatedAt { get; set; }
}

/// <summary>Orders placed that day by their status now.</summary>
public sealed class StatsOrderStatus
{
    public DateOnly Day { get; set; }
    public string Status { get; set; } = "";
    public int Orders { get; set; }
}

public sealed class StatsPaymentMethod
{
    public DateOnly Day { get; set; }
    public string Method { get; set; } = "";
    public int Orders { get; set; }
    public int PaidOrders { get; set; }
    public long Revenue { get; set; }
}

/// <summary>Units and line revenue of one product in the day's paid orders.</summary>
public sealed class StatsProduct
{
    public DateOnly Day { get; set; }
    public int ProductId { get; set; }
    public int Units { get; set; }
    public long Revenue { get; set; }
}

public sealed class StatsCategory
{
    public DateOnly Day { get; set; }
    public int CategoryId { get; set; }
    public int Units { get; set; }
    public long Revenue { get; set; }
}

/// <summary>Deliveries a courier finished that day, and how many of them by the promised time.</summary>
public sealed class StatsCourier
{
    public DateOnly Day { get; set; }
    public Guid CourierId { get; set; }
    public int Delivered { get; set; }
    public int OnTime { get; set; }
}

/// <summary>How many prescriptions decided that day took this many whole minutes from upload to decision (a histogram: the median stays exact over any range).</summary>
public sealed class StatsReviewTime
{
    public DateOnly Day { get; set; }
    public int Minutes { get; set; }
    public int Prescriptions { get; set; }
}

/// <summary>A past day whose orders changed after it was aggregated; <see cref="Version"/> grows with every change, so a clean-up never drops a newer mark.</summary>
public sealed class StatsDirtyDay
{
    public DateOnly Day { get; set; }
    public long Version { get; set; }
}

/// <summary>One row: the aggregation generation (cache key of the past part) and how far payments were swept for changes.</summary>
public sealed class StatsState
{
    public int Id { get; set; }
    public long Revision { get; set; }
    public long PaymentWatermark { get; set; }
}

internal sealed class StatsConfiguration :
    IEntityTypeConfiguration<StatsDay>, IEntityTypeConfiguration<StatsOrderStatus>, IEntityTypeConfiguration<StatsPaymentMethod>,
    IEntityTypeConfiguration<StatsProduct>, IEntityTypeConfiguration<StatsCategory>, IEntityTypeConfiguration<StatsCourier>,
    IEntityTypeConfiguration<StatsReviewTime>, IEntityTypeConfiguration<StatsDirtyDay>, IEntityTypeConfiguration<StatsState>
{
    public void Configure(EntityTypeBuilder<StatsDay> b)
    {
        b.ToTable("StatsDays");
        b.HasKey(x => x.Day);
    }

    public void Configure(EntityTypeBuilder<StatsOrderStatus> b)
    {
        b.ToTable("StatsOrderStatuses");
        b.HasKey(x => new { x.Day, x.Status });
        b.Property(x => x.Status).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<StatsPaymentMethod> b)
    {
        b.ToTable("StatsPaymentMethods");
        b.HasKey(x => new { x.Day, x.Method });
        b.Property(x => x.Method).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<StatsProduct> b)
    {
        b.ToTable("StatsProducts");
        b.HasKey(x => new { x.Day, x.ProductId });
    }

    public void Configure(EntityTypeBuilder<StatsCategory> b)
    {
        b.ToTable("StatsCategories");
        b.HasKey(x => new { x.Day, x.CategoryId });
    }

    public void Configure(EntityTypeBuilder<StatsCourier> b)
    {
        b.ToTable("StatsCouriers");
        b.HasKey(x => new { x.Day, x.CourierId });
    }

    public void Configure(EntityTypeBuilder<StatsReviewTime> b)
    {
        b.ToTable("StatsReviewTimes");
        b.HasKey(x => new { x.Day, x.Minutes });
    }

    public void Configure(EntityTypeBuilder<StatsDirtyDay> b)
    {
        b.ToTable("StatsDirtyDays");
        b.HasKey(x => x.Day);
    }

    public void Configure(EntityTypeBuilder<StatsState> b)
    {
        b.ToTable("StatsState");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new StatsState { Id = 1, Revision = 1, PaymentWatermark = 0 });
    }
}

using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Delivery;

/// <summary>Where a delivery is. Stored by name; the allowed moves are in <see cref="DeliveryStateMachine"/>.</summary>
public enum DeliveryState
{
    /// <summary>Packed at the branch, waiting for a courier.</summary>
    Ready,
    /// <summary>Offered to a courier by an operator; the courier accepts or declines.</summary>
    Assigned,
    /// <summary>The courier took the offer.</summary>
    Accepted,
    PickedUp,
    OnTheWay,
    Delivered,
    Failed,
    /// <summary>Back at the branch after a failed attempt; an operator can make it ready again.</summary>
    Returned,
    Cancelled,
}

public enum FailReason
{
    NoAnswer,
    WrongAddress,
    Refused,
}

/// <summary>
/// Taking one order from its branch to the customer's door. Created in the order's transaction when the
/// order becomes ready for delivery; the order follows it (out for delivery, delivered, back to ready).
/// </summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int? ZoneId { get; set; }
    public DeliveryState State { get; set; }
    public Guid? CourierId { get; set; }
    public FailReason? FailReason { get; set; }
    /// <summary>Where the customer is, roughly (the district's centre), for the ETA.</summary>
    public double? DestinationLat { get; set; }
    public double? DestinationLon { get; set; }
    /// <summary>Four digits the customer gives the courier. Shown only to the customer; never logged, never sent to couriers.</summary>
    public string? HandoverCode { get; set; }
    public int CodeAttempts { get; set; }
    public DateTime? CodeLockedAt { get; set; }
    /// <summary>Stored-file path of the photo taken when no code could be given.</summary>
    public string? ProofPhoto { get; set; }
    public string? ProofNote { get; set; }
    /// <summary>Delivered by photo and note: an operator must look at it.</summary>
    public bool NeedsReview { get; set; }
    public DateTime? ReviewedAt { get; set; }
    /// <summary>Cash the courier took from the customer (cash orders), recorded at delivery.</summary>
    public long? CashCollected { get; set; }
    public DateTime? CashSettledAt { get; set; }
    public Guid? CashSettledBy { get; set; }
    public double? LastLat { get; set; }
    public double? LastLon { get; set; }
    public DateTime? LastPositionAt { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The delivery is on time when delivered by then (created + <see cref="DeliveryOptions.PromisedMinutes"/>).</summary>
    public DateTime PromisedBy { get; set; }
    public DateTime? PickedUpAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One transition of a delivery: from, to, who, when, why.</summary>
public sealed class DeliveryHistoryEntry
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DeliveryState? FromState { get; set; }
    public DeliveryState ToState { get; set; }
    public OrderActor Actor { get; set; }
    public Guid? ActorId { get; set; }
    public DateTime At { get; set; }
    public string? Note { get; set; }
}

/// <summary>A courier's position while on the way; kept for the delivery only, purged after 30 days.</summary>
public sealed class DeliveryPosition
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public double Lat { get; set; }
    public double Lon { get; set; }
    public double? Accuracy { get; set; }
    public DateTime At { get; set; }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.ToTable("Deliveries");
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.FailReason).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.HandoverCode).HasMaxLength(4);
        b.Property(d => d.ProofPhoto).HasMaxLength(100);
        b.Property(d => d.ProofNote).HasMaxLength(500);
        b.HasIndex(d => d.OrderId).IsUnique();
        b.HasIndex(d => new { d.CourierId, d.State });
        b.HasIndex(d => new { d.State, d.CreatedAt });
        b.HasIndex(d => new { d.State, d.DeliveredAt }); // the dashboard's deliveries per day
        b.HasOne<Order>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DeliveryZone>().WithMany().HasForeignKey(d => d.ZoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.CourierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeliveryHistoryConfiguration : IEntityTypeConfiguration<DeliveryHistoryEntry>
{
    public void Configure(EntityTypeBuilder<DeliveryHistoryEntry> b)
    {
        b.ToTable("DeliveryHistory");
        b.Property(h => h.FromState).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.ToState).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.Actor).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.Note).HasMaxLength(500);
        b.HasIndex(h => new { h.DeliveryId, h.At });
        b.HasOne<Delivery>().WithMany().HasForeignKey(h => h.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryPositionConfiguration : IEntityTypeConfiguration<DeliveryPosition>
{
    public void Configure(EntityTypeBuilder<DeliveryPosition> b)
    {
        b.ToTable("DeliveryPositions");
        b.HasIndex(p => new { p.DeliveryId, p.At });
        b.HasIndex(p => p.At);
        b.HasOne<Delivery>().WithMany().HasForeignKey(p => p.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

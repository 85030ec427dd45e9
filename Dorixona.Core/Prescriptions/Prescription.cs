using Dorixona.Core.Catalog;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Prescriptions;

/// <summary>Where a prescription is. Stored by name; the allowed moves are in <see cref="PrescriptionStateMachine"/>.</summary>
public enum PrescriptionStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

/// <summary>Every allowed prescription transition in one place; anything else is refused and changes nothing.</summary>
public static class PrescriptionStateMachine
{
    private static readonly HashSet<(PrescriptionStatus From, PrescriptionStatus To)> Allowed =
    [
        (PrescriptionStatus.Pending, PrescriptionStatus.Approved),
        (PrescriptionStatus.Pending, PrescriptionStatus.Rejected),
        (PrescriptionStatus.Approved, PrescriptionStatus.Expired),
    ];

    public static bool IsAllowed(PrescriptionStatus from, PrescriptionStatus to) => Allowed.Contains((from, to));
}

/// <summary>
/// A customer's prescription: up to five pictures or PDF pages, what the operator decided, and — once
/// approved — which products or active substances it covers, how many and until when.
/// </summary>
public sealed class Prescription
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The order it was uploaded for, when there was one; approval looks at all the customer's held orders.</summary>
    public long? OrderId { get; set; }
    public PrescriptionStatus Status { get; set; }
    public string? Note { get; set; }
    public string? Doctor { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The operator who has the review page open; others see it taken until <see cref="ReviewLockedUntil"/>.</summary>
    public Guid? ReviewerId { get; set; }
    public DateTime? ReviewLockedUntil { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public DateTime? ValidUntil { get; set; }
    public string? RejectReason { get; set; }
    public string? RejectComment { get; set; }

    public List<PrescriptionFile> Files { get; set; } = [];
    public List<PrescriptionItem> Items { get; set; } = [];
    public List<PrescriptionHistoryEntry> History { get; set; } = [];
}

/// <summary>An uploaded page, stored under a name we generated; its real type came from its first bytes.</summary>
public sealed class PrescriptionFile
{
    public long Id { get; set; }
    public long PrescriptionId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Length { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>What an approval covers: one product, or any product with one active substance, up to a quantity.</summary>
public sealed class PrescriptionItem
{
    public long Id { get; set; }
    public long PrescriptionId { get; set; }
    public int? ProductId { get; set; }
    public int? SubstanceId { get; set; }
    public int Quantity { get; set; }
}

/// <summary>Units of an item an order took when the prescription released it (a cancelled order gives them back).</summary>
public sealed class PrescriptionUse
{
    public long Id { get; set; }
    public long PrescriptionItemId { get; set; }
    public long PrescriptionId { get; set; }
    public long OrderId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public DateTime At { get; set; }
}

public sealed class PrescriptionHistoryEntry
{
    public long Id { get; set; }
    public long PrescriptionId { get; set; }
    public PrescriptionStatus? FromStatus { get; set; }
    public PrescriptionStatus ToStatus { get; set; }
    public OrderActor Actor { get; set; }
    public Guid? ActorId { get; set; }
    public DateTime At { get; set; }
    public string? Note { get; set; }
}

internal sealed class PrescriptionConfiguration : IEntityTypeConfiguration<Prescription>
{
    public void Configure(EntityTypeBuilder<Prescription> b)
    {
        b.ToTable("Prescriptions");
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Note).HasMaxLength(500);
        b.Property(p => p.Doctor).HasMaxLength(200);
        b.Property(p => p.RejectReason).HasMaxLength(32);
        b.Property(p => p.RejectComment).HasMaxLength(500);
        b.HasIndex(p => new { p.UserId, p.CreatedAt });
        b.HasIndex(p => new { p.Status, p.CreatedAt });
        b.HasIndex(p => new { p.Status, p.ValidUntil });
        b.HasIndex(p => p.OrderId);
        b.HasIndex(p => p.DecidedAt); // the dashboard's decisions per day
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Files).WithOne().HasForeignKey(f => f.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.History).WithOne().HasForeignKey(h => h.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PrescriptionFileConfiguration : IEntityTypeConfiguration<PrescriptionFile>
{
    public void Configure(EntityTypeBuilder<PrescriptionFile> b)
    {
        b.ToTable("PrescriptionFiles");
        b.Property(f => f.FileName).HasMaxLength(64);
        b.Property(f => f.ContentType).HasMaxLength(32);
        b.HasIndex(f => f.PrescriptionId);
    }
}

internal sealed class PrescriptionItemConfiguration : IEntityTypeConfiguration<PrescriptionItem>
{
    public void Configure(EntityTypeBuilder<PrescriptionItem> b)
    {
        b.ToTable("PrescriptionItems");
        b.HasIndex(i => i.PrescriptionId);
        b.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ActiveSubstance>().WithMany().HasForeignKey(i => i.SubstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PrescriptionUseConfiguration : IEntityTypeConfiguration<PrescriptionUse>
{
    public void Configure(EntityTypeBuilder<PrescriptionUse> b)
    {
        b.ToTable("PrescriptionUses");
        b.HasIndex(u => u.OrderId);
        b.HasIndex(u => u.PrescriptionItemId);
        b.HasOne<PrescriptionItem>().WithMany().HasForeignKey(u => u.PrescriptionItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Prescription>().WithMany().HasForeignKey(u => u.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(u => u.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PrescriptionHistoryConfiguration : IEntityTypeConfiguration<PrescriptionHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PrescriptionHistoryEntry> b)
    {
        b.ToTable("PrescriptionHistory");
        b.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.Actor).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.Note).HasMaxLength(600);
        b.HasIndex(h => new { h.PrescriptionId, h.At });
    }
}

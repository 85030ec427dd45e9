using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Audit;

/// <summary>
/// One change someone made, kept for good: who (<see cref="ActorId"/>, null for the system, and their name and phone as
/// they were), what (<see cref="Action"/> on <see cref="EntityType"/> <see cref="EntityId"/>), a short summary and the
/// values before and after as small JSON. Append-only: nothing in the app updates or deletes these rows.
/// </summary>
public sealed class AuditEntry
{
    public const int SummaryMaxLength = 500;
    public const int ValuesMaxLength = 2000;

    public long Id { get; set; }
    public DateTime At { get; set; }
    public Guid? ActorId { get; set; }
    public string ActorDisplay { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? IpAddress { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(e => e.ActorDisplay).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.EntityType).HasMaxLength(32);
        b.Property(e => e.EntityId).HasMaxLength(64);
        b.Property(e => e.Summary).HasMaxLength(AuditEntry.SummaryMaxLength);
        b.Property(e => e.Before).HasMaxLength(AuditEntry.ValuesMaxLength);
        b.Property(e => e.After).HasMaxLength(AuditEntry.ValuesMaxLength);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        // No foreign key to the user: the trail outlives anything it mentions and is never cascaded away.
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.ActorId, e.At });
        b.HasIndex(e => new { e.EntityType, e.EntityId, e.At });
        b.HasIndex(e => new { e.Action, e.At });
    }
}

/// <summary>The action codes written today; the audit page offers them as a filter.</summary>
public static class AuditActions
{
    public const string UserRole = "user.role";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    /// <summary>A customer deleted their own account (decision 0057).</summary>
    public const string AccountDelete = "user.delete";
    public const string ProductPrice = "product.price";
    public const string StockAdjust = "stock.adjust";
    public const string OrderTransition = "order.transition";
    public const string PrescriptionApprove = "prescription.approve";
    public const string PrescriptionReject = "prescription.reject";
    /// <summary>Reserved for the admin settings page.</summary>
    public const string SettingsChange = "settings.change";
    /// <summary>An admin sent news to a segment of customers.</summary>
    public const string BroadcastCreate = "broadcast.create";

    public static readonly IReadOnlyList<string> All =
        [UserRole, UserDisable, UserEnable, AccountDelete, ProductPrice, StockAdjust, OrderTransition, PrescriptionApprove, PrescriptionReject, SettingsChange, BroadcastCreate];
}

/// <summary>The kinds of thing an entry is about; the audit page links each to its page.</summary>
public static class AuditEntities
{
    public const string User = "user";
    public const string Product = "product";
    public const string Order = "order";
    public const string Prescription = "prescription";
    public const string Settings = "settings";
    public const string Broadcast = "broadcast";

    public static readonly IReadOnlyList<string> All = [User, Product, Order, Prescription, Settings, Broadcast];
}

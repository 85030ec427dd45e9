using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Notifications;

/// <summary>Who an admin broadcast goes to; each value has one <see cref="IBroadcastSegment"/> that says who that is.</summary>
public enum BroadcastSegment
{
    AllCustomers = 1,
    /// <summary>Customers with an order (not cancelled) holding a product of <see cref="Broadcast.CategoryId"/> or of its subcategories.</summary>
    BoughtFromCategory = 2,
    /// <summary>Customers who keep at least one refill reminder.</summary>
    WithReminder = 3,
}

public enum BroadcastStatus
{
    Sending = 0,
    Done = 1,
}

/// <summary>
/// News an admin sends to a segment of customers (kind <see cref="NotificationKind.News"/>): in-app to everyone in it, and
/// on each one's channels chosen for news. The <see cref="BroadcastJob"/> works through it in batches; the outbox rows it
/// queues carry its id, so it can count what was sent and what failed.
/// </summary>
public sealed class Broadcast
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 2000;

    public long Id { get; set; }
    public string TitleUz { get; set; } = "";
    public string TitleRu { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string BodyUz { get; set; } = "";
    public string BodyRu { get; set; } = "";
    public string BodyEn { get; set; } = "";
    public BroadcastSegment Segment { get; set; }
    public int? CategoryId { get; set; }
    public BroadcastStatus Status { get; set; }
    /// <summary>How many customers the segment held when it was created (the final count once done).</summary>
    public int Recipients { get; set; }
    /// <summary>How many have their in-app notification (and their other channels queued).</summary>
    public int Notified { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>The title and body in a language; Russian and English fall back to Uzbek when left empty.</summary>
    public (string Title, string Body) In(string? language) => language switch
    {
        "ru" when TitleRu.Length > 0 => (TitleRu, BodyRu.Length > 0 ? BodyRu : BodyUz),
        "en" when TitleEn.Length > 0 => (TitleEn, BodyEn.Length > 0 ? BodyEn : BodyUz),
        _ => (TitleUz, BodyUz),
    };
}

/// <summary>One customer a broadcast reached; its key makes a customer reachable once per broadcast, whichever instance runs the batch.</summary>
public sealed class BroadcastRecipient
{
    public long BroadcastId { get; set; }
    public Guid UserId { get; set; }
    public DateTime At { get; set; }
}

internal sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> b)
    {
        b.ToTable("Broadcasts");
        foreach (var p in new[] { nameof(Broadcast.TitleUz), nameof(Broadcast.TitleRu), nameof(Broadcast.TitleEn) })
            b.Property<string>(p).HasMaxLength(Broadcast.TitleMaxLength);
        foreach (var p in new[] { nameof(Broadcast.BodyUz), nameof(Broadcast.BodyRu), nameof(Broadcast.BodyEn) })
            b.Property<string>(p).HasMaxLength(Broadcast.BodyMaxLength);
        b.HasIndex(x => new { x.Status, x.Id });
    }
}

internal sealed class BroadcastRecipientConfiguration : IEntityTypeConfiguration<BroadcastRecipient>
{
    public void Configure(EntityTypeBuilder<BroadcastRecipient> b)
    {
        b.ToTable("BroadcastRecipients");
        b.HasKey(r => new { r.BroadcastId, r.UserId });
        b.HasOne<Broadcast>().WithMany().HasForeignKey(r => r.BroadcastId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

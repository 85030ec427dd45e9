using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Notifications;

/// <summary>An in-app notification, listed under the bell in the header.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>A local path to open ("/orders/12"), never an absolute URL.</summary>
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
    }
}

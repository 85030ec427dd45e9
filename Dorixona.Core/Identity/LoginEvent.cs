using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Identity;

/// <summary>One sign-in attempt, shown to the user on their profile page.</summary>
public sealed class LoginEvent
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public DateTime At { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>"web", "api", "verify" (signed in by confirming the phone), "reset".</summary>
    public string Channel { get; set; } = "";
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

internal sealed class LoginEventConfiguration : IEntityTypeConfiguration<LoginEvent>
{
    public void Configure(EntityTypeBuilder<LoginEvent> b)
    {
        b.ToTable("LoginEvents");
        b.Property(e => e.Channel).HasMaxLength(16);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.UserAgent).HasMaxLength(512);
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.UserId, e.At });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Notifications;

public enum OutboxChannel
{
    Sms = 1,
    Email = 2,
    Telegram = 3,
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>
/// A message waiting to leave through a gateway. Written in the same transaction as the change that
/// caused it, so nothing is lost across a crash; dispatched by <see cref="OutboxDispatcher"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public OutboxChannel Channel { get; set; }
    /// <summary>A phone (+998…), an e-mail address or a Telegram chat id, by <see cref="Channel"/>.</summary>
    public string Recipient { get; set; } = "";
    /// <summary>The e-mail's subject; other channels put the title in the body.</summary>
    public string? Subject { get; set; }
    public string Body { get; set; } = "";
    /// <summary>Whose message it is, when it goes to a customer (null for codes sent to a number before sign-in).</summary>
    public Guid? UserId { get; set; }
    /// <summary>The admin broadcast this message belongs to, so the broadcast can count what was sent and what failed.</summary>
    public long? BroadcastId { get; set; }
    /// <summary>One-time codes and the like: the body is blanked once sent and never logged.</summary>
    public bool Sensitive { get; set; }
    public OutboxStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Set while one dispatcher works on the message, so two instances never send it twice.</summary>
    public DateTime? LockedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? LastError { get; set; }
    public List<OutboxAttempt> Attempts { get; set; } = [];
}

/// <summary>Each try to send an <see cref="OutboxMessage"/>, kept for support.</summary>
public sealed class OutboxAttempt
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.Recipient).HasMaxLength(320);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Body).HasMaxLength(4000);
        b.Property(m => m.ProviderMessageId).HasMaxLength(100);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasMany(m => m.Attempts).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => new { m.BroadcastId, m.Status });
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class OutboxAttemptConfiguration : IEntityTypeConfiguration<OutboxAttempt>
{
    public void Configure(EntityTypeBuilder<OutboxAttempt> b)
    {
        b.ToTable("OutboxAttempts");
        b.Property(a => a.Error).HasMaxLength(1000);
        b.HasIndex(a => a.MessageId);
    }
}

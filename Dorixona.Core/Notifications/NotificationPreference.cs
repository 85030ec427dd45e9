using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Which channels besides in-app carry one kind of message to one customer. A row exists only once the customer saved
/// their choice; until then <see cref="ChannelChoice.DefaultFor"/> holds.
/// </summary>
public sealed class NotificationPreference
{
    public Guid UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public bool Sms { get; set; }
    public bool Email { get; set; }
    public bool Telegram { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A customer's Telegram chat, linked from the profile with a start code (decision 0061).</summary>
public sealed class TelegramLink
{
    public Guid UserId { get; set; }
    public long ChatId { get; set; }
    public DateTime LinkedAt { get; set; }
}

/// <summary>A one-time start code waiting for <c>/start CODE</c>; only its SHA-256 is kept.</summary>
public sealed class TelegramLinkCode
{
    public string CodeHash { get; set; } = "";
    public Guid UserId { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("NotificationPreferences");
        b.HasKey(p => new { p.UserId, p.Kind });
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TelegramLinkConfiguration : IEntityTypeConfiguration<TelegramLink>
{
    public void Configure(EntityTypeBuilder<TelegramLink> b)
    {
        b.ToTable("TelegramLinks");
        b.HasKey(t => t.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.ChatId);
    }
}

internal sealed class TelegramLinkCodeConfiguration : IEntityTypeConfiguration<TelegramLinkCode>
{
    public void Configure(EntityTypeBuilder<TelegramLinkCode> b)
    {
        b.ToTable("TelegramLinkCodes");
        b.HasKey(c => c.CodeHash);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.UserId);
    }
}

/// <summary>The channels chosen for one kind; in-app is always on and not part of it.</summary>
public sealed record ChannelChoice(bool Sms, bool Email, bool Telegram)
{
    /// <summary>
    /// Before a customer chooses: everything that texts today still texts (whether a message is worth an SMS stays the
    /// message's own call, <see cref="NotificationRequest.AlsoSms"/>), e-mail and Telegram carry it once an address is
    /// there, and news goes nowhere but in-app.
    /// </summary>
    public static ChannelChoice DefaultFor(NotificationKind kind) =>
        kind == NotificationKind.News ? new(false, false, false) : new(true, true, true);
}

/// <summary>The kinds a customer chooses channels for, by their JSON names; <see cref="NotificationKind.Security"/> is not among them.</summary>
public static class PreferenceKinds
{
    public static readonly IReadOnlyList<(NotificationKind Kind, string Name)> All =
    [
        (NotificationKind.OrderStatus, "orderStatus"),
        (NotificationKind.Payment, "payment"),
        (NotificationKind.Prescription, "prescription"),
        (NotificationKind.Delivery, "delivery"),
        (NotificationKind.Reminder, "reminders"),
        (NotificationKind.BackInStock, "backInStock"),
        (NotificationKind.News, "news"),
    ];

    public static readonly IReadOnlyList<string> Channels = ["sms", "email", "telegram"];

    public const string InApp = "inApp";

    public static string NameOf(NotificationKind kind) => All.First(k => k.Kind == kind).Name;
}

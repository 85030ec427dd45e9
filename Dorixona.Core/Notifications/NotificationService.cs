using Dorixona.Core.Common;
using Dorixona.Core.Data;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Notifications;

/// <summary>
/// What a message is about. A customer chooses, per kind, which channels (SMS, e-mail, Telegram) carry it;
/// in-app is always on. <see cref="Security"/> (sign-in codes, account changes) is always sent.
/// </summary>
public enum NotificationKind
{
    OrderStatus = 1,
    Payment = 2,
    Prescription = 3,
    Delivery = 4,
    Reminder = 5,
    BackInStock = 6,
    News = 7,
    Security = 8,
}

/// <param name="Kind">What it is about; decides which of the customer's channels carry it besides in-app.</param>
public sealed record NotificationRequest(string Title, string Body, string? Link = null, bool AlsoSms = false, NotificationKind Kind = NotificationKind.OrderStatus);

public sealed record NotificationItem(long Id, string Title, string Body, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>What every feature calls to tell a person something.</summary>
public interface INotificationService
{
    /// <summary>
    /// Stores an in-app notification and queues it, in the same save, on each channel the user keeps on for its
    /// <see cref="NotificationRequest.Kind"/> and has an address for: SMS (only for messages marked
    /// <see cref="NotificationRequest.AlsoSms"/>), e-mail, Telegram. <see cref="NotificationKind.Security"/> ignores the choices.
    /// </summary>
    Task NotifyAsync(Guid userId, NotificationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="NotifyAsync"/> for many people in one save: <paramref name="requestFor"/> gets each one's language
    /// (null when they chose none). Outbox rows carry <paramref name="broadcastId"/>. Answers how many were told.
    /// </summary>
    Task<int> NotifyManyAsync(IReadOnlyCollection<Guid> userIds, NotificationKind kind, Func<string?, NotificationRequest> requestFor,
        long? broadcastId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first half of <see cref="NotifyManyAsync"/>: reads who these people are and which channels they keep on for
    /// <paramref name="kind"/>, so a caller can read it before its transaction and stage the message inside it.
    /// </summary>
    Task<NotificationRecipients> RecipientsAsync(IReadOnlyCollection<Guid> userIds, NotificationKind kind, CancellationToken cancellationToken = default);

    /// <summary>The second half: stages the notifications (and their outbox rows) for the caller's next save; sends nothing itself.</summary>
    void Stage(NotificationRecipients recipients, Func<string?, NotificationRequest> requestFor, long? broadcastId = null);

    /// <summary>Queues an SMS in the outbox and saves, inside whatever transaction the caller has open. Always sent: codes and security texts.</summary>
    Task QueueSmsAsync(string phone, string text, bool sensitive = false, CancellationToken cancellationToken = default);

    /// <summary>Queues a message on one channel to one address and saves (the Telegram bot's replies, for one).</summary>
    Task QueueAsync(OutboxChannel channel, string recipient, string? subject, string body, Guid? userId = null, CancellationToken cancellationToken = default);

    Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<NotificationItem>> ListAsync(Guid userId, int take = 50, CancellationToken cancellationToken = default);
    Task<bool> MarkReadAsync(Guid userId, long notificationId, CancellationToken cancellationToken = default);
    Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default);
}

public sealed class NotificationService(
    DorixonaDbContext db, TimeProvider clock, IOptions<EmailOptions> email, IOptions<TelegramOptions> telegram) : INotificationService
{
    public Task NotifyAsync(Guid userId, NotificationRequest request, CancellationToken cancellationToken = default) =>
        NotifyManyAsync([userId], request.Kind, _ => request, null, cancellationToken);

    public async Task<int> NotifyManyAsync(IReadOnlyCollection<Guid> userIds, NotificationKind kind, Func<string?, NotificationRequest> requestFor,
        long? broadcastId = null, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0) return 0;
        var recipients = await RecipientsAsync(userIds, kind, cancellationToken);
        Stage(recipients, requestFor, broadcastId);
        await db.SaveChangesAsync(cancellationToken);
        return recipients.Targets.Count;
    }

    public async Task<NotificationRecipients> RecipientsAsync(IReadOnlyCollection<Guid> userIds, NotificationKind kind, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0) return new NotificationRecipients(kind, []);
        var targets = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new NotificationRecipients.Target(u.Id, u.PhoneNumber, u.Email, u.PreferredCulture,
                db.TelegramLinks.Where(t => t.UserId == u.Id).Select(t => (long?)t.ChatId).FirstOrDefault(),
                db.NotificationPreferences.Where(p => p.UserId == u.Id && p.Kind == kind).Select(p => (bool?)p.Sms).FirstOrDefault(),
                db.NotificationPreferences.Where(p => p.UserId == u.Id && p.Kind == kind).Select(p => (bool?)p.Email).FirstOrDefault(),
                db.NotificationPreferences.Where(p => p.UserId == u.Id && p.Kind == kind).Select(p => (bool?)p.Telegram).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new NotificationRecipients(kind, targets);
    }

    public void Stage(NotificationRecipients recipients, Func<string?, NotificationRequest> requestFor, long? broadcastId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var kind = recipients.Kind;
        var always = kind == NotificationKind.Security;
        var fallback = ChannelChoice.DefaultFor(kind);
        foreach (var t in recipients.Targets)
        {
            var request = requestFor(t.Language);
            db.Notifications.Add(new Notification { UserId = t.Id, Title = request.Title, Body = request.Body, Link = request.Link, CreatedAt = now });
            if (request.AlsoSms && t.Phone is not null && (always || (t.SmsOn ?? fallback.Sms)))
                Stage(OutboxChannel.Sms, t.Phone, null, $"{request.Title}. {request.Body}", false, now, t.Id, broadcastId);
            if (email.Value.Enabled && !string.IsNullOrEmpty(t.EmailAddress) && (always || (t.EmailOn ?? fallback.Email)))
                Stage(OutboxChannel.Email, t.EmailAddress, request.Title, request.Body, false, now, t.Id, broadcastId);
            if (telegram.Value.Enabled && t.ChatId is { } chat && (always || (t.TelegramOn ?? fallback.Telegram)))
                Stage(OutboxChannel.Telegram, chat.ToString(CultureInfo.InvariantCulture), null, $"{request.Title}\n\n{request.Body}", false, now, t.Id, broadcastId);
            db.Raise(new NotificationsChanged(t.Id));
        }
    }

    public async Task QueueSmsAsync(string phone, string text, bool sensitive = false, CancellationToken cancellationToken = default)
    {
        Stage(OutboxChannel.Sms, phone, null, text, sensitive, clock.GetUtcNow().UtcDateTime, null, null);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task QueueAsync(OutboxChannel channel, string recipient, string? subject, string body, Guid? userId = null, CancellationToken cancellationToken = default)
    {
        Stage(channel, recipient, subject, body, false, clock.GetUtcNow().UtcDateTime, userId, null);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Stage(OutboxChannel channel, string recipient, string? subject, string text, bool sensitive, DateTime now, Guid? userId, long? broadcastId) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Channel = channel, Recipient = recipient, Subject = Limit(subject, 300), Body = Limit(text, 4000)!, Sensitive = sensitive,
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now, UserId = userId, BroadcastId = broadcastId,
        });

    private static string? Limit(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);

    public async Task<IReadOnlyList<NotificationItem>> ListAsync(Guid userId, int take = 50, CancellationToken cancellationToken = default) =>
        await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(take)
            .Select(n => new NotificationItem(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);

    public async Task<bool> MarkReadAsync(Guid userId, long notificationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications
            .Where(n => n.Id == notificationId && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        await ChangedAsync(userId, changed, cancellationToken);
        return changed > 0;
    }

    public async Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications
            .Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        await ChangedAsync(userId, changed, cancellationToken);
        return changed;
    }

    // The read marks are single UPDATE statements; saving the context is what sends the raised event.
    private async Task ChangedAsync(Guid userId, int changed, CancellationToken cancellationToken)
    {
        if (changed == 0) return;
        db.Raise(new NotificationsChanged(userId));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>People to notify about one kind of thing, with the channels each keeps on; read by <see cref="INotificationService.RecipientsAsync"/>.</summary>
public sealed record NotificationRecipients(NotificationKind Kind, IReadOnlyList<NotificationRecipients.Target> Targets)
{
    public sealed record Target(Guid Id, string? Phone, string? EmailAddress, string? Language, long? ChatId, bool? SmsOn, bool? EmailOn, bool? TelegramOn);
}

/// <summary>A person's notifications changed (a new one, or read): their bell re-reads its count.</summary>
public sealed record NotificationsChanged(Guid UserId) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live() => [new(LiveGroups.User(UserId), "notification", null)];
}

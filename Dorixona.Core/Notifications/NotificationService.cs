using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

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
    /// <summary>Stores an in-app notification (and queues an SMS to the user's phone when asked) and saves.</summary>
    Task NotifyAsync(Guid userId, NotificationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Queues an SMS in the outbox and saves, inside whatever transaction the caller has open.</summary>
    Task QueueSmsAsync(string phone, string text, bool sensitive = false, CancellationToken cancellationToken = default);

    Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<NotificationItem>> ListAsync(Guid userId, int take = 50, CancellationToken cancellationToken = default);
    Task<bool> MarkReadAsync(Guid userId, long notificationId, CancellationToken cancellationToken = default);
    Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default);
}

public sealed class NotificationService(DorixonaDbContext db, TimeProvider clock) : INotificationService
{
    public async Task NotifyAsync(Guid userId, NotificationRequest request, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Notifications.Add(new Notification
        {
            UserId = userId, Title = request.Title, Body = request.Body, Link = request.Link, CreatedAt = now,
        });
        if (request.AlsoSms)
        {
            var phone = await db.Users.Where(u => u.Id == userId).Select(u => u.PhoneNumber).SingleOrDefaultAsync(cancellationToken);
            if (phone is not null) Stage(phone, $"{request.Title}. {request.Body}", sensitive: false, now);
        }
        db.Raise(new NotificationsChanged(userId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task QueueSmsAsync(string phone, string text, bool sensitive = false, CancellationToken cancellationToken = default)
    {
        Stage(phone, text, sensitive, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Stage(string phone, string text, bool sensitive, DateTime now) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Channel = OutboxChannel.Sms, Recipient = phone, Body = text, Sensitive = sensitive,
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        });

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

/// <summary>A person's notifications changed (a new one, or read): their bell re-reads its count.</summary>
public sealed record NotificationsChanged(Guid UserId) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live() => [new(LiveGroups.User(UserId), "notification", null)];
}

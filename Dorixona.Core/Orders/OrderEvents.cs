using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Dorixona.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>An order was placed or moved: its pages, its customer's pages, the operators' board and the admins' dashboard re-read it.</summary>
public sealed record OrderMoved(long OrderId, Guid UserId, OrderStatus Status) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live()
    {
        var payload = new { orderId = OrderId, status = Status.ToString() };
        yield return new(LiveGroups.Order(OrderId), "order", payload);
        yield return new(LiveGroups.User(UserId), "order", payload);
        yield return new(LiveGroups.Operators, "order", payload);
        yield return new(LiveGroups.Admins, "order", payload);
    }
}

/// <summary>
/// Tells people about an order, inside the change that placed or moved it: the customer's in-app notification (and SMS
/// for the moments that matter) is written in that change's transaction, and the live push (<see cref="OrderMoved"/>)
/// goes out once it commits.
/// </summary>
public sealed class OrderEvents(DorixonaDbContext db, INotificationService notifications, IShopSettings settings)
{
    public static string Group(long orderId) => LiveGroups.Order(orderId);

    /// <summary>Who hears of a placed order and on which channels: checkout reads it before its transaction opens.</summary>
    public Task<NotificationRecipients> PlacedRecipientsAsync(Guid userId, CancellationToken ct = default) =>
        notifications.RecipientsAsync([userId], OrderMessages.PlacedKind, ct);

    /// <summary>Stages the customer's notification for the placing save (in each one's own language) and the live push after its commit.</summary>
    public async Task PlacedAsync(Order order, NotificationRecipients recipients, CancellationToken ct = default)
    {
        var paymentTimeout = await PaymentTimeoutAsync(ct);
        notifications.Stage(recipients, language => OrderMessages.Placed(order, language ?? DefaultLanguage, paymentTimeout));
        db.Raise(new OrderMoved(order.Id, order.UserId, order.Status));
    }

    public async Task MovedAsync(long orderId, Guid userId, OrderStatus to, string? note, CancellationToken ct = default)
    {
        var language = await LanguageAsync(userId, ct);
        var number = Order.NumberFor(orderId);
        await notifications.NotifyAsync(userId, OrderMessages.StatusChanged(orderId, number, to, note, language, await PaymentTimeoutAsync(ct)), ct);
        db.Raise(new OrderMoved(orderId, userId, to));
    }

    /// <summary>The payment window in force now, so the message names the minutes the order really has.</summary>
    private async Task<TimeSpan> PaymentTimeoutAsync(CancellationToken ct) => (await settings.GetAsync(ct)).PaymentTimeout;

    private async Task<string> LanguageAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct) ?? DefaultLanguage;

    private const string DefaultLanguage = "uz";
}

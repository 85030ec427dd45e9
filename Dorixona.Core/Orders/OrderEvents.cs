using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Dorixona.Core.Settings;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>
/// Tells people about an order: the customer by in-app notification (and SMS for the moments that
/// matter), every open page of the order and the operators' board by the live hub.
/// </summary>
public sealed class OrderEvents(DorixonaDbContext db, INotificationService notifications, ILiveUpdates live, IShopSettings settings)
{
    public static string Group(long orderId) => $"order:{orderId}";

    public async Task PlacedAsync(Order order, CancellationToken ct = default)
    {
        var language = await LanguageAsync(order.UserId, ct);
        await notifications.NotifyAsync(order.UserId, OrderMessages.Placed(order, language, await PaymentTimeoutAsync(ct)), ct);
        await PublishAsync(order.Id, order.UserId, order.Status, ct);
    }

    public async Task ChangedAsync(long orderId, Guid userId, OrderStatus to, string? note, CancellationToken ct = default)
    {
        var language = await LanguageAsync(userId, ct);
        var number = Order.NumberFor(orderId);
        await notifications.NotifyAsync(userId, OrderMessages.StatusChanged(orderId, number, to, note, language, await PaymentTimeoutAsync(ct)), ct);
        await PublishAsync(orderId, userId, to, ct);
    }

    private async Task PublishAsync(long orderId, Guid userId, OrderStatus status, CancellationToken ct)
    {
        var payload = new { orderId, status = status.ToString() };
        await live.PublishAsync(Group(orderId), "order", payload, ct);
        await live.PublishAsync(LiveGroups.User(userId), "order", payload, ct);
        await live.PublishAsync(LiveGroups.Operators, "order", payload, ct);
    }

    /// <summary>The payment window in force now, so the message names the minutes the order really has.</summary>
    private async Task<TimeSpan> PaymentTimeoutAsync(CancellationToken ct) => (await settings.GetAsync(ct)).PaymentTimeout;

    private async Task<string> LanguageAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct) ?? "uz";
}

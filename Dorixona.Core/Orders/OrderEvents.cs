using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>An order was placed or moved: its pages, its customer's pages and the operators' board re-read it.</summary>
public sealed record OrderMoved(long OrderId, Guid UserId, OrderStatus Status) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live()
    {
        var payload = new { orderId = OrderId, status = Status.ToString() };
        yield return new(LiveGroups.Order(OrderId), "order", payload);
        yield return new(LiveGroups.User(UserId), "order", payload);
        yield return new(LiveGroups.Operators, "order", payload);
    }
}

/// <summary>
/// Tells people about an order, inside the change that placed or moved it: the customer's in-app notification (and SMS
/// for the moments that matter) is written in that change's transaction, and the live push (<see cref="OrderMoved"/>)
/// goes out once it commits.
/// </summary>
public sealed class OrderEvents(DorixonaDbContext db, INotificationService notifications)
{
    public static string Group(long orderId) => LiveGroups.Order(orderId);

    public async Task PlacedAsync(Order order, CancellationToken ct = default)
    {
        var language = await LanguageAsync(order.UserId, ct);
        await notifications.NotifyAsync(order.UserId, OrderMessages.Placed(order, language), ct);
        db.Raise(new OrderMoved(order.Id, order.UserId, order.Status));
    }

    public async Task MovedAsync(long orderId, Guid userId, OrderStatus to, string? note, CancellationToken ct = default)
    {
        var language = await LanguageAsync(userId, ct);
        var number = Order.NumberFor(orderId);
        await notifications.NotifyAsync(userId, OrderMessages.StatusChanged(orderId, number, to, note, language), ct);
        db.Raise(new OrderMoved(orderId, userId, to));
    }

    private async Task<string> LanguageAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct) ?? "uz";
}

/// <summary>What the customer reads about their order, in their language (Uzbek unless they chose another).</summary>
public static class OrderMessages
{
    public static NotificationRequest Placed(Order order, string language) => language switch
    {
        "ru" => new($"Заказ {order.Number} принят", $"Сумма: {Money.Format(order.Total)}. {Next(order.Status, language)}", Link(order.Id), AlsoSms: true),
        "en" => new($"Order {order.Number} placed", $"Total: {Money.Format(order.Total)}. {Next(order.Status, language)}", Link(order.Id), AlsoSms: true),
        _ => new($"{order.Number} buyurtma qabul qilindi", $"Summa: {Money.Format(order.Total)}. {Next(order.Status, language)}", Link(order.Id), AlsoSms: true),
    };

    public static NotificationRequest StatusChanged(long orderId, string number, OrderStatus to, string? note, string language)
    {
        var status = StatusName(to, language);
        var text = language switch
        {
            "ru" => $"Заказ {number}: {status}.",
            "en" => $"Order {number}: {status}.",
            _ => $"{number} buyurtma: {status}.",
        };
        var body = string.IsNullOrWhiteSpace(note) ? Next(to, language) : note!;
        // An SMS only for what the customer must act on or come for; the rest stays in the app.
        var sms = to is OrderStatus.Cancelled or OrderStatus.Ready or OrderStatus.OutForDelivery;
        return new NotificationRequest(text, body, Link(orderId), sms);
    }

    public static string StatusName(OrderStatus s, string language) => (s, language) switch
    {
        (OrderStatus.Created, "ru") => "создан", (OrderStatus.Created, "en") => "created", (OrderStatus.Created, _) => "yaratildi",
        (OrderStatus.AwaitingPrescription, "ru") => "ждёт проверки рецепта", (OrderStatus.AwaitingPrescription, "en") => "awaiting prescription", (OrderStatus.AwaitingPrescription, _) => "retsept tekshiruvini kutmoqda",
        (OrderStatus.AwaitingPayment, "ru") => "ждёт оплаты", (OrderStatus.AwaitingPayment, "en") => "awaiting payment", (OrderStatus.AwaitingPayment, _) => "to‘lovni kutmoqda",
        (OrderStatus.AwaitingConfirmation, "ru") => "ждёт подтверждения", (OrderStatus.AwaitingConfirmation, "en") => "awaiting confirmation", (OrderStatus.AwaitingConfirmation, _) => "tasdiqlashni kutmoqda",
        (OrderStatus.Paid, "ru") => "оплачен", (OrderStatus.Paid, "en") => "paid", (OrderStatus.Paid, _) => "to‘landi",
        (OrderStatus.Confirmed, "ru") => "подтверждён", (OrderStatus.Confirmed, "en") => "confirmed", (OrderStatus.Confirmed, _) => "tasdiqlandi",
        (OrderStatus.Packing, "ru") => "собирается", (OrderStatus.Packing, "en") => "being packed", (OrderStatus.Packing, _) => "yig‘ilmoqda",
        (OrderStatus.Ready, "ru") => "готов", (OrderStatus.Ready, "en") => "ready", (OrderStatus.Ready, _) => "tayyor",
        (OrderStatus.OutForDelivery, "ru") => "в пути", (OrderStatus.OutForDelivery, "en") => "out for delivery", (OrderStatus.OutForDelivery, _) => "yo‘lda",
        (OrderStatus.Delivered, "ru") => "доставлен", (OrderStatus.Delivered, "en") => "delivered", (OrderStatus.Delivered, _) => "yetkazildi",
        (OrderStatus.Cancelled, "ru") => "отменён", (OrderStatus.Cancelled, "en") => "cancelled", (_, _) => "bekor qilindi",
    };

    private static string Next(OrderStatus s, string language) => (s, language) switch
    {
        (OrderStatus.AwaitingPrescription, "ru") => "Загрузите рецепт: фармацевт проверит его, затем заказ можно будет оплатить.",
        (OrderStatus.AwaitingPrescription, "en") => "Upload your prescription: once a pharmacist approves it, the order can be paid.",
        (OrderStatus.AwaitingPrescription, _) => "Retseptni yuklang: farmatsevt tasdiqlagach, buyurtmani to‘lash mumkin bo‘ladi.",
        (OrderStatus.AwaitingPayment, "ru") => "Оплатите заказ в течение 30 минут.",
        (OrderStatus.AwaitingPayment, "en") => "Please pay within 30 minutes.",
        (OrderStatus.AwaitingPayment, _) => "Buyurtmani 30 daqiqa ichida to‘lang.",
        (OrderStatus.AwaitingConfirmation, "ru") => "Фармацевт скоро подтвердит заказ.",
        (OrderStatus.AwaitingConfirmation, "en") => "A pharmacist will confirm it shortly.",
        (OrderStatus.AwaitingConfirmation, _) => "Farmatsevt tez orada tasdiqlaydi.",
        _ => "",
    };

    private static string Link(long orderId) => $"/orders/{orderId}";
}

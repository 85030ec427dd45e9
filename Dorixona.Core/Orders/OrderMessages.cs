using System.Globalization;
using System.Resources;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Orders;

/// <summary>What the customer reads about their order, in their language (Uzbek unless they chose another); texts in <c>OrderMessages.resx</c>.</summary>
public static class OrderMessages
{
    private static readonly ResourceManager Resources = new(typeof(OrderMessages));

    /// <summary>Which of the customer's channel choices the placed-order message follows.</summary>
    public const NotificationKind PlacedKind = NotificationKind.OrderStatus;

    public static NotificationRequest Placed(Order order, string language, TimeSpan paymentTimeout) =>
        new(Resources.Text("placed.title", language, order.Number),
            Resources.Text("placed.body", language, Money.Format(order.Total, language), Next(order.Status, language, paymentTimeout)),
            Link(order.Id), AlsoSms: true, Kind: PlacedKind);

    public static NotificationRequest StatusChanged(long orderId, string number, OrderStatus to, string? note, string language, TimeSpan paymentTimeout)
    {
        var text = Resources.Text("changed.title", language, number, StatusName(to, language));
        var body = string.IsNullOrWhiteSpace(note) ? Next(to, language, paymentTimeout) : note!;
        // An SMS only for what the customer must act on or come for; the rest stays in the app.
        var sms = to is OrderStatus.Cancelled or OrderStatus.Ready or OrderStatus.OutForDelivery;
        return new NotificationRequest(text, body, Link(orderId), sms, KindOf(to));
    }

    /// <summary>Which of the customer's channel choices a status change follows: paying, delivery, or the order in general.</summary>
    public static NotificationKind KindOf(OrderStatus to) => to switch
    {
        OrderStatus.AwaitingPayment or OrderStatus.Paid => NotificationKind.Payment,
        OrderStatus.OutForDelivery or OrderStatus.Delivered => NotificationKind.Delivery,
        OrderStatus.AwaitingPrescription => NotificationKind.Prescription,
        _ => NotificationKind.OrderStatus,
    };

    public static string StatusName(OrderStatus s, string language) => Resources.Text("status." + CoreTexts.Key(s), language);

    private static string Next(OrderStatus s, string language, TimeSpan paymentTimeout) => s switch
    {
        OrderStatus.AwaitingPayment => Resources.Text("next.awaitingPayment", language,
            ((int)Math.Round(paymentTimeout.TotalMinutes)).ToString(CultureInfo.InvariantCulture)),
        OrderStatus.AwaitingPrescription or OrderStatus.AwaitingConfirmation => Resources.Text("next." + CoreTexts.Key(s), language),
        _ => "",
    };

    private static string Link(long orderId) => $"/orders/{orderId}";
}

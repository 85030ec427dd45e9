using System.Resources;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Delivery;

/// <summary>What the courier and the customer read about a delivery, in their language; texts in <c>DeliveryMessages.resx</c>.</summary>
public static class DeliveryMessages
{
    private static readonly ResourceManager Resources = new(typeof(DeliveryMessages));

    public static NotificationRequest Offered(string orderNumber, string? language) =>
        new(Resources.Text("offered.title", language, orderNumber), Resources.Text("offered.body", language), "/courier", Kind: NotificationKind.Delivery);

    public static string HandoverCode(string orderNumber, string code, string? language) =>
        Resources.Text("handoverCode", language, orderNumber, code);
}

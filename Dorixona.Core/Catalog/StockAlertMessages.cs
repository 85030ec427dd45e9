using System.Resources;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Catalog;

/// <summary>What a waiting customer reads when their product is back, in their language; texts in <c>StockAlertMessages.resx</c>.</summary>
public static class StockAlertMessages
{
    private static readonly ResourceManager Resources = new(typeof(StockAlertMessages));

    public static NotificationRequest Back(string productName, string slug, string? language) =>
        new(Resources.Text("back.title", language, productName), Resources.Text("back.body", language), $"/product/{slug}", AlsoSms: true, Kind: NotificationKind.BackInStock);
}

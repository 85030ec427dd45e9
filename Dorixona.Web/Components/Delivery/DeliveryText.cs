using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Delivery;

/// <summary>Delivery words over any localizer (keys <c>state.*</c>, <c>reason.*</c>), and the enum and map-link helpers the pages and the API share.</summary>
public static class DeliveryText
{
    public static string State(this IStringLocalizer localizer, DeliveryState state) => localizer["state." + WireName.Of(state)];

    public static string Reason(this IStringLocalizer localizer, FailReason reason) => localizer["reason." + WireName.Of(reason)];


    /// <summary>A link that opens the address in a map app on the courier's phone.</summary>
    public static string MapLink(OrderAddress? a, double? lat, double? lon) =>
        lat is { } la && lon is { } lo && a is null
            ? FormattableString.Invariant($"https://yandex.uz/maps/?pt={lo},{la}&z=16")
            : "https://yandex.uz/maps/?text=" + Uri.EscapeDataString(a is null ? "" : $"{a.Region}, {a.District}, {a.Street} {a.House}");
}

using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Delivery;

/// <summary>Delivery words over any localizer (keys <c>state.*</c>, <c>reason.*</c>), and the enum and map-link helpers the pages and the API share.</summary>
public static class DeliveryText
{
    public static string State(this IStringLocalizer localizer, DeliveryState state) => localizer["state." + Camel(state)];

    public static string Reason(this IStringLocalizer localizer, FailReason reason) => localizer["reason." + Camel(reason)];

    public static string Camel(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool ParseEnum<T>(string? value, out T result) where T : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result) && !int.TryParse(value, out _);

    /// <summary>A link that opens the address in a map app on the courier's phone.</summary>
    public static string MapLink(OrderAddress? a, double? lat, double? lon) =>
        lat is { } la && lon is { } lo && a is null
            ? FormattableString.Invariant($"https://yandex.uz/maps/?pt={lo},{la}&z=16")
            : "https://yandex.uz/maps/?text=" + Uri.EscapeDataString(a is null ? "" : $"{a.Region}, {a.District}, {a.Street} {a.House}");
}

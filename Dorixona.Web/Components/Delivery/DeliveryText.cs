using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Delivery;

/// <summary>The delivery screens' localizer: <c>DeliveryResource</c> first, then <c>SharedResource</c> (problem titles, phone errors).</summary>
public sealed class DeliveryText(IStringLocalizer<DeliveryResource> delivery, IStringLocalizer<SharedResource> shared) : IStringLocalizer
{
    public LocalizedString this[string name] => delivery[name] is { ResourceNotFound: false } s ? s : shared[name];

    public LocalizedString this[string name, params object[] arguments] =>
        delivery[name, arguments] is { ResourceNotFound: false } s ? s : shared[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        delivery.GetAllStrings(includeParentCultures).Concat(shared.GetAllStrings(includeParentCultures));

    public string State(DeliveryState state) => this["state." + Camel(state)];

    public string Reason(FailReason reason) => this["reason." + Camel(reason)];

    public string Actor(OrderActor actor) => this["actor." + Camel(actor)];

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

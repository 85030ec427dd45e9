using Dorixona.Core.Common;
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

    public string State(DeliveryState state) => this["state." + WireName.Of(state)];

    public string Reason(FailReason reason) => this["reason." + WireName.Of(reason)];

    public string Actor(OrderActor actor) => this["actor." + WireName.Of(actor)];

    /// <summary>A link that opens the address in a map app on the courier's phone.</summary>
    public static string MapLink(OrderAddress? a, double? lat, double? lon) =>
        lat is { } la && lon is { } lo && a is null
            ? FormattableString.Invariant($"https://yandex.uz/maps/?pt={lo},{la}&z=16")
            : "https://yandex.uz/maps/?text=" + Uri.EscapeDataString(a is null ? "" : $"{a.Region}, {a.District}, {a.Street} {a.House}");
}

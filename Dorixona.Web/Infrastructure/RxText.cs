using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// The prescription and operator screens' localizer: <c>PrescriptionsResource</c> first, then the orders' and the
/// site's shared text, so order statuses and errors read the same everywhere.
/// </summary>
public sealed class RxText(IStringLocalizer<PrescriptionsResource> rx, OrdersText orders) : IStringLocalizer
{
    public LocalizedString this[string name] => rx[name] is { ResourceNotFound: false } s ? s : orders[name];

    public LocalizedString this[string name, params object[] arguments] =>
        rx[name, arguments] is { ResourceNotFound: false } s ? s : orders[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        rx.GetAllStrings(includeParentCultures).Concat(orders.GetAllStrings(includeParentCultures));
}

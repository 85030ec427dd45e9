using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>The dashboard's localizer: <c>DashboardResource</c> first, then the orders' and shared texts (status and payment names, problem titles).</summary>
public sealed class DashboardText(IStringLocalizer<DashboardResource> dashboard, OrdersText orders) : IStringLocalizer
{
    public LocalizedString this[string name] => dashboard[name] is { ResourceNotFound: false } s ? s : orders[name];

    public LocalizedString this[string name, params object[] arguments] =>
        dashboard[name, arguments] is { ResourceNotFound: false } s ? s : orders[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        dashboard.GetAllStrings(includeParentCultures).Concat(orders.GetAllStrings(includeParentCultures));
}

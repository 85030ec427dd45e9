using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// The orders screens' localizer: <c>OrdersResource</c> first, then <c>SharedResource</c> for what the
/// whole site shares (phone errors, problem titles), so one lookup serves pages and API errors alike.
/// </summary>
public sealed class OrdersText(IStringLocalizer<OrdersResource> orders, IStringLocalizer<SharedResource> shared) : IStringLocalizer
{
    public LocalizedString this[string name] => orders[name] is { ResourceNotFound: false } s ? s : shared[name];

    public LocalizedString this[string name, params object[] arguments] =>
        orders[name, arguments] is { ResourceNotFound: false } s ? s : shared[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        orders.GetAllStrings(includeParentCultures).Concat(shared.GetAllStrings(includeParentCultures));
}

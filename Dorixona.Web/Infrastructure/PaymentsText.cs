using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>The payment screens' localizer: <c>PaymentsResource</c> first, then the orders' and the site's shared texts.</summary>
public sealed class PaymentsText(IStringLocalizer<PaymentsResource> payments, OrdersText orders) : IStringLocalizer
{
    public LocalizedString this[string name] => payments[name] is { ResourceNotFound: false } s ? s : orders[name];

    public LocalizedString this[string name, params object[] arguments] =>
        payments[name, arguments] is { ResourceNotFound: false } s ? s : orders[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        payments.GetAllStrings(includeParentCultures).Concat(orders.GetAllStrings(includeParentCultures));
}

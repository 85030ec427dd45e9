using Dorixona.Core.Catalog.Alternatives;
using Dorixona.Core.Common;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>"520 so'm / tabletka": a unit price in the reader's language.</summary>
public static class UnitPriceText
{
    public static string Format(UnitPrice price, IStringLocalizer<StorefrontStrings> l) =>
        l["product.perUnit", Money.Format(price.Amount), l["unit." + WireName.Of(price.Unit)].Value].Value;

    public static string? Comparison(int? cheaperPercent, IStringLocalizer<StorefrontStrings> l) => cheaperPercent switch
    {
        null => null,
        > 0 and var p => l["product.cheaperPerUnit", p].Value,
        < 0 and var p => l["product.dearerPerUnit", -p].Value,
        _ => l["product.samePerUnit"].Value,
    };
}

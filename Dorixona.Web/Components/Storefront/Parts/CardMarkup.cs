using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// One product card as ready markup, in the reader's language: <see cref="Heart"/> opens the card and its favourite form,
/// whose button comes in both states, <see cref="HeartOff"/> and <see cref="HeartOn"/> (decision 0060: the request adds the
/// token and the return address, and picks the state for this reader);
/// <see cref="Head"/> is the rest of the card up to its add-to-cart form (the whole card when it has none); <see cref="Form"/>
/// opens the form's fields up to the return address, which, with the antiforgery token, the request supplies. Nothing kept
/// here belongs to one reader. Every value is HTML-encoded here with the app's encoder, as Razor would.
/// </summary>
public sealed record CardMarkup(MarkupString Heart, MarkupString HeartOff, MarkupString HeartOn, MarkupString Head, MarkupString? Form)
{
    private const string FieldIndent = "\n                        ";

    /// <summary>What follows the cart notice's place: the end of the form and of the card.</summary>
    public static readonly MarkupString FormEnd = new("</div></form></div></article></div>");

    /// <summary>Estimated bytes this card's markup keeps alive.</summary>
    public long Bytes => 64 + 2L * (Heart.Value.Length + HeartOff.Value.Length + HeartOn.Value.Length + Head.Value.Length + (Form?.Value.Length ?? 0));

    public static CardMarkup Write(ProductCard p, IStringLocalizer l, HtmlEncoder html)
    {
        var slug = html.Encode("/product/" + p.Slug);
        var heart = "<div class=\"col\"><article class=\"card h-100 shadow-sm dx-product\"><form method=\"post\" action=\"/favourites/"
            + p.Id.ToString(CultureInfo.InvariantCulture) + "/toggle\" class=\"dx-heart\" data-enhance>";
        var name = ProductName.For(p.Name, p.NameRu);
        var off = HeartButton(false, l["favourite.card", name].Value, html);
        var on = HeartButton(true, l["favourite.card", name].Value, html);
        var m = new StringBuilder(1400)
            .Append("<a href=\"").Append(slug)
            .Append("\" class=\"dx-product-image\" tabindex=\"-1\" aria-hidden=\"true\"><img src=\"").Append(html.Encode(ProductPicture.Url(p)))
            .Append("\" alt loading=\"lazy\" width=\"160\" height=\"160\" /></a>\n            <div class=\"card-body d-flex flex-column p-2 p-sm-3\"><h3 class=\"h6 mb-1\"><a class=\"stretched-link text-body text-decoration-none\" href=\"")
            .Append(slug).Append("\">").Append(html.Encode(name))
            .Append("</a></h3>\n                <p class=\"small mb-1 dx-card-facts\"><span class=\"text-body\">").Append(html.Encode(p.Strength))
            .Append("</span> · ").Append(html.Encode(l["form." + p.DosageForm].Value)).Append(" · №").Append(p.PackSize.ToString(CultureInfo.InvariantCulture))
            .Append("</p>\n                <div class=\"small text-muted mb-1 dx-card-maker\"><span data-maker>").Append(html.Encode(p.Manufacturer))
            .Append("</span> · ").Append(html.Encode(Substances(p)))
            .Append("</div>\n                <div class=\"d-flex flex-wrap gap-1 mb-2\">");
        if (p.RequiresPrescription)
            m.Append("<span class=\"badge text-bg-warning\"><i class=\"bi bi-prescription2\" aria-hidden=\"true\"></i> ").Append(html.Encode(l["catalog.rx"].Value)).Append("</span>");
        m.Append(p.InStock ? "<span class=\"badge text-bg-success-subtle text-success-emphasis\">" : "<span class=\"badge text-bg-secondary\">")
            .Append(html.Encode(l[p.InStock ? "catalog.inStock" : "catalog.outOfStock"].Value))
            .Append("</span></div>\n                <div class=\"mt-auto\"><span class=\"dx-price text-nowrap fw-semibold\">").Append(html.Encode(Money.Format(p.Price))).Append("</span>");
        if (p.OldPrice is { } old && old > p.Price)
            m.Append("<del class=\"text-muted small text-nowrap ms-1\"><span class=\"visually-hidden\">").Append(html.Encode(l["catalog.oldPrice"].Value))
                .Append("</span>").Append(html.Encode(Money.Format(old))).Append("</del>");
        m.Append("</div>");
        if (p.Stock <= 0) return new(new(heart), off, on, new(m.Append("</div></article></div>").ToString()), null);
        m.Append("<form method=\"post\" action=\"/cart/add\" class=\"dx-add-to-cart mt-2\" data-enhance>");
        var form = "<input type=\"hidden\" name=\"productId\" value=\"" + p.Id.ToString(CultureInfo.InvariantCulture) + "\" />"
            + FieldIndent + "<input type=\"hidden\" name=\"returnUrl\" value=\"";
        return new(new(heart), off, on, new(m.ToString()), new(form));
    }

    /// <summary>The heart form's return address, after the token: per request, like the cart form's.</summary>
    public static MarkupString HeartReturn(string returnUrl, HtmlEncoder html) =>
        new("<input type=\"hidden\" name=\"returnUrl\" value=\"" + html.Encode(returnUrl) + "\" />");

    /// <summary>The heart's button and the end of its form: filled and pressed for a favourite.</summary>
    private static MarkupString HeartButton(bool favourite, string label, HtmlEncoder html)
    {
        var text = html.Encode(label);
        return new("<button type=\"submit\" class=\"btn btn-sm dx-heart-btn\" aria-pressed=\"" + (favourite ? "true" : "false") + "\" aria-label=\""
            + text + "\" title=\"" + text + "\"><i class=\"bi " + (favourite ? "bi-heart-fill" : "bi-heart") + "\" aria-hidden=\"true\"></i></button></form>");
    }

    /// <summary>The request's antiforgery field (nothing when there is no token).</summary>
    public static MarkupString TokenInput(AntiforgeryRequestToken? token, HtmlEncoder html) =>
        token is null ? default : new("<input type=\"hidden\" name=\"" + html.Encode(token.FormFieldName) + "\" value=\"" + html.Encode(token.Value) + "\" />");

    /// <summary>From the end of the return address to the cart notice's place: the add button, in the reader's language.</summary>
    public static MarkupString Button(IStringLocalizer l, HtmlEncoder html) =>
        new("\" />" + FieldIndent + "<button type=\"submit\" class=\"btn btn-primary btn-sm w-100\"><i class=\"bi bi-cart-plus\" aria-hidden=\"true\"></i> "
            + html.Encode(l["cart.add"].Value) + "</button>" + FieldIndent + "<div class=\"dx-cart-result mt-1\">");

    private static string Substances(ProductCard p)
    {
        if (p.Substances.Count == 1) return SubstanceName.For(p.Substances[0]);
        var names = new string[p.Substances.Count];
        for (var i = 0; i < names.Length; i++) names[i] = SubstanceName.For(p.Substances[i]);
        return string.Join(" + ", names);
    }
}

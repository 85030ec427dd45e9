using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Web.Files;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>A product's picture: the uploaded photo when there is one, the drawn pack of its form otherwise.</summary>
public static class ProductPicture
{
    public static string Url(ProductCard p) =>
        p.Image is { } image ? FileUrls.ProductImage(image) : PackIllustration.Url(p.Slug, p.Name, p.DosageForm, p.Strength, p.PackSize);

    public static string Url(ProductDetail p) =>
        p.Images.Count > 0 ? FileUrls.ProductImage(p.Images[0]) : PackIllustration.Url(p.Slug, p.Name, p.DosageForm, p.Strength, p.PackSize);
}

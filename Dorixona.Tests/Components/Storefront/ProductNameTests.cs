using System.Globalization;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Storefront.Parts;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Tests.Components.Storefront;

public sealed class ProductNameTests : ComponentTest
{
    [Theory]
    [InlineData("ru", "No-Spa 40 mg", "Но-шпа 40 мг", "Но-шпа 40 мг", "No-Spa 40 mg")]
    [InlineData("uz", "No-Spa 40 mg", "Но-шпа 40 мг", "No-Spa 40 mg", "Но-шпа 40 мг")]
    [InlineData("en", "No-Spa 40 mg", "Но-шпа 40 мг", "No-Spa 40 mg", "Но-шпа 40 мг")]
    [InlineData("ru", "Bepanthen", "", "Bepanthen", null)]
    [InlineData("ru", "Ibuprofen", "Ibuprofen", "Ibuprofen", null)]
    public void With_Russian_chosen_the_Russian_name_comes_first_and_the_other_goes_underneath(
        string language, string name, string nameRu, string title, string? other)
    {
        CultureInfo.CurrentUICulture = Cultures.For(language);

        Assert.Equal(title, ProductName.For(name, nameRu));
        Assert.Equal(other, ProductName.Other(name, nameRu));
    }

    [Theory]
    [InlineData("uz", "Uzbek")]
    [InlineData("ru", "Russian")]
    [InlineData("en", "English")]
    public void Descriptions_read_in_the_chosen_language(string language, string shown) =>
        Assert.Equal(shown, ProductTexts.Description(language, "Uzbek", "Russian", "English"));

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public void A_missing_translation_falls_back_to_the_Uzbek_description(string language) =>
        Assert.Equal("Uzbek", ProductTexts.Description(language, "Uzbek", "", " "));

    [Fact]
    public void An_uploaded_photo_wins_over_the_drawn_pack()
    {
        var card = new ProductCard(1, "no-spa", "No-Spa", "Но-шпа", [], 1, "Sanofi", 1, "tablet", "40 mg", 24, 39_000, null, 5, false, null, 1);

        Assert.StartsWith("/media/packs/no-spa.svg?v=", ProductPicture.Url(card), StringComparison.Ordinal);
        Assert.Equal("/media/products/" + new string('a', 32) + ".jpg", ProductPicture.Url(card with { Image = new string('a', 32) + ".jpg" }));
    }
}

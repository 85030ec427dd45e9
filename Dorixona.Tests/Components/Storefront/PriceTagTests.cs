using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Storefront.Parts;

namespace Dorixona.Tests.Components.Storefront;

public sealed class PriceTagTests : ComponentTest
{
    [Theory]
    [InlineData(12_500, "12 500 so'm")]
    [InlineData(900, "900 so'm")]
    [InlineData(1_250_000, "1 250 000 so'm")]
    public void Whole_som_are_grouped_by_thousands_with_spaces(long price, string shown) =>
        Assert.Equal(shown, Render<PriceTag>(p => p.Add(x => x.Price, price)).Find(".dx-price").TextContent);

    [Fact]
    public void The_old_price_is_struck_through_only_when_it_was_higher()
    {
        var cut = Render<PriceTag>(p => p.Add(x => x.Price, 12_500).Add(x => x.OldPrice, 15_000));
        Assert.EndsWith("15 000 so'm", cut.Find("del").TextContent, StringComparison.Ordinal);

        Assert.Empty(Render<PriceTag>(p => p.Add(x => x.Price, 12_500).Add(x => x.OldPrice, 12_500)).FindAll("del"));
        Assert.Empty(Render<PriceTag>(p => p.Add(x => x.Price, 12_500).Add(x => x.OldPrice, null)).FindAll("del"));
    }
}

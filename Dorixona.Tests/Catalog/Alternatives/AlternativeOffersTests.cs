using Dorixona.Core.Catalog.Alternatives;
using Dorixona.Core.Catalog.Search;

namespace Dorixona.Tests.Catalog.Alternatives;

public sealed class AlternativeOffersTests
{
    private static readonly SubstanceRef Drotaverine = new(1, "Drotaverine", "Drotaverin", "Дротаверин");

    private static ProductCard Card(int id, string name, string form, string strength, int pack, long price, int stock = 5) =>
        new(id, "p-" + id, name, name, [Drotaverine], 1, "Maker", 1, form, strength, pack, price, null, stock, false, null, 0);

    private static Alternative Against(ProductCard product, ProductCard other) =>
        new(other, product.Price - other.Price, (int)Math.Round(100.0 * (product.Price - other.Price) / product.Price));

    private static readonly ProductCard NoSpa = Card(1, "No-Spa 40 mg", "tablet", "40 mg", 24, 39_000);

    [Fact]
    public void The_same_strength_and_form_come_first_then_the_others_each_cheapest_per_unit_first()
    {
        var candidates = new[]
        {
            Card(2, "Drotaverin 80 mg", "tablet", "80 mg", 20, 9_000),       // cheapest pack, but another strength
            Card(3, "Spazmonet 40 mg", "tablet", "40mg", 20, 12_000),        // 600 a tablet
            Card(4, "Drotaverin 40 mg", "film-coated-tablet", "40 mg", 50, 20_000), // 400 a tablet: dearer pack, cheaper tablet
            Card(5, "No-Spa injection", "injection", "40 mg", 5, 30_000),
            Card(6, "No-Spa forte 80 mg", "tablet", "80 mg", 24, 60_000),
        }.Select(c => Against(NoSpa, c));

        var offers = AlternativeOffers.Rank(NoSpa, candidates);

        Assert.Equal(["Drotaverin 40 mg", "Spazmonet 40 mg", "Drotaverin 80 mg", "No-Spa forte 80 mg", "No-Spa injection"],
            offers.Select(o => o.Product.Name));
        Assert.Equal([true, true, false, false, false], offers.Select(o => o.SameStrengthAndForm));
    }

    [Fact]
    public void Each_offer_carries_its_unit_price_and_how_much_cheaper_per_unit_it_is()
    {
        var offers = AlternativeOffers.Rank(NoSpa,
        [
            Against(NoSpa, Card(3, "Spazmonet 40 mg", "tablet", "40 mg", 20, 12_000)),
            Against(NoSpa, Card(7, "Drotaverin syrup", "syrup", "10 mg/ml", 100, 15_000)),
            Against(NoSpa, Card(8, "Dearer 40 mg", "tablet", "40 mg", 10, 20_000)),
        ]);

        var spazmonet = offers.Single(o => o.Product.Id == 3);
        Assert.Equal(new UnitPrice(600, PackUnit.Tablet), spazmonet.UnitPrice);
        Assert.Equal(63, spazmonet.CheaperPerUnitPercent); // 1 625 → 600 so'm a tablet
        Assert.Equal(27_000, spazmonet.CheaperBy);
        var dearer = offers.Single(o => o.Product.Id == 8);
        Assert.Equal(-23, dearer.CheaperPerUnitPercent); // 2 000 against 1 625 a tablet
        var syrup = offers.Single(o => o.Product.Id == 7);
        Assert.Equal(new UnitPrice(150, PackUnit.Millilitre), syrup.UnitPrice);
        Assert.Null(syrup.CheaperPerUnitPercent);
    }

    [Fact]
    public void Strengths_match_regardless_of_spaces_case_and_decimal_comma()
    {
        Assert.True(AlternativeOffers.SameStrengthAndForm(Card(1, "a", "gel", "2,5 %", 30, 1), Card(2, "b", "gel", "2.5%", 50, 1)));
        Assert.False(AlternativeOffers.SameStrengthAndForm(Card(1, "a", "gel", "2.5%", 30, 1), Card(2, "b", "cream", "2.5%", 30, 1)));
        Assert.False(AlternativeOffers.SameStrengthAndForm(Card(1, "a", "tablet", "40 mg", 30, 1), Card(2, "b", "tablet", "80 mg", 30, 1)));
    }
}

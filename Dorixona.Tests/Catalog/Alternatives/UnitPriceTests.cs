using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Alternatives;

namespace Dorixona.Tests.Catalog.Alternatives;

public sealed class UnitPriceTests
{
    [Theory]
    [InlineData("tablet", "40 mg", 39_000, 24, 1625, PackUnit.Tablet)]
    [InlineData("film-coated-tablet", "500 mg", 21_000, 12, 1750, PackUnit.Tablet)]
    [InlineData("capsule", "200 mg", 30_000, 16, 1875, PackUnit.Capsule)]
    [InlineData("syrup", "30 mg/5 ml", 58_000, 100, 580, PackUnit.Millilitre)]
    [InlineData("eye-drops", "0.3%", 33_000, 5, 6600, PackUnit.Millilitre)]
    [InlineData("nasal-spray", "0.1%", 25_000, 15, 1666.67, PackUnit.Millilitre)]
    [InlineData("spray", "0.4 mg/dose", 60_000, 200, 300, PackUnit.Dose)]
    [InlineData("inhaler", "100 mcg/dose", 45_000, 200, 225, PackUnit.Dose)]
    [InlineData("gel", "1%", 72_000, 50, 1440, PackUnit.Gram)]
    [InlineData("injection", "500 mg/ml", 14_000, 10, 1400, PackUnit.Ampoule)]
    [InlineData("suppository", "100 mg", 25_000, 10, 2500, PackUnit.Piece)]
    [InlineData("sachet", "100 mg", 27_000, 9, 3000, PackUnit.Piece)]
    public void A_pack_price_divides_into_the_unit_its_form_is_counted_in(string form, string strength, long price, int pack, double amount, PackUnit unit)
    {
        var unitPrice = UnitPrice.Of(price, pack, form, strength)!;

        Assert.Equal((decimal)amount, unitPrice.Amount);
        Assert.Equal(unit, unitPrice.Unit);
    }

    [Fact]
    public void Every_dosage_form_has_a_unit()
    {
        Assert.All(DosageForms.All, form => Assert.NotNull(UnitPrice.Of(10_000, 10, form)));
    }

    [Fact]
    public void A_pack_without_a_size_has_no_unit_price() => Assert.Null(UnitPrice.Of(10_000, 0, "tablet"));

    [Fact]
    public void Cheaper_per_unit_compares_tablets_with_capsules_but_not_with_millilitres()
    {
        var noSpa = UnitPrice.Of(39_000, 24, "tablet")!;      // 1 625 a tablet
        var drotaverin = UnitPrice.Of(6_500, 20, "tablet")!;  // 325 a tablet
        var capsules = UnitPrice.Of(19_500, 12, "capsule")!;  // 1 625 a capsule
        var syrup = UnitPrice.Of(9_000, 100, "syrup")!;

        Assert.Equal(80, noSpa.CheaperPercent(drotaverin));
        Assert.Equal(-400, drotaverin.CheaperPercent(noSpa));
        Assert.Equal(0, noSpa.CheaperPercent(capsules));
        Assert.Null(noSpa.CheaperPercent(syrup));
        Assert.Null(noSpa.CheaperPercent(null));
    }
}

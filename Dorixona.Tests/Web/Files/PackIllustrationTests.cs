using System.Xml.Linq;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Import;
using Dorixona.Tests.Texts;
using Dorixona.Web.Files;

namespace Dorixona.Tests.Web.Files;

public sealed class PackIllustrationTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> DemoProducts()
    {
        using var reader = new StreamReader(Path.Combine(SourceTree.Root, "Dorixona.Core/Catalog/SeedData/products.csv"));
        var data = new TheoryData<string>();
        foreach (var (_, row) in ProductCsv.Read(reader).Rows) data.Add(row["slug"]);
        return data;
    }

    private static Dictionary<string, string> Demo(string slug)
    {
        using var reader = new StreamReader(Path.Combine(SourceTree.Root, "Dorixona.Core/Catalog/SeedData/products.csv"));
        return ProductCsv.Read(reader).Rows.Single(r => r.Values["slug"] == slug).Values;
    }

    [Theory]
    [MemberData(nameof(DemoProducts))]
    public void Every_demo_product_gets_a_drawn_pack_of_its_form_with_its_name(string slug)
    {
        var p = Demo(slug);
        var pack = int.Parse(p["pack_size"], System.Globalization.CultureInfo.InvariantCulture);

        var svg = XDocument.Parse(PackIllustration.Svg(p["name"], p["dosage_form"], p["strength"], pack)).Root!;

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal(p["name"], (string?)svg.Attribute("aria-label"));
        Assert.Equal(PackIllustration.ShapeOf(p["dosage_form"]).ToString().ToLowerInvariant(), (string?)svg.Attribute("data-shape"));
        var text = string.Join(" ", svg.Descendants(Svg + "text").Select(t => t.Value));
        Assert.StartsWith(p["name"].Split(' ')[0], text, StringComparison.Ordinal);
        Assert.Contains(pack.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Liquids_ointments_sprays_and_injections_get_their_own_shapes_and_every_form_has_one()
    {
        Assert.Equal(PackIllustration.Shape.Carton, PackIllustration.ShapeOf("film-coated-tablet"));
        Assert.Equal(PackIllustration.Shape.Bottle, PackIllustration.ShapeOf("syrup"));
        Assert.Equal(PackIllustration.Shape.Dropper, PackIllustration.ShapeOf("eye-drops"));
        Assert.Equal(PackIllustration.Shape.Tube, PackIllustration.ShapeOf("gel"));
        Assert.Equal(PackIllustration.Shape.Spray, PackIllustration.ShapeOf("nasal-spray"));
        Assert.Equal(PackIllustration.Shape.Inhaler, PackIllustration.ShapeOf("inhaler"));
        Assert.Equal(PackIllustration.Shape.Ampoule, PackIllustration.ShapeOf("injection"));
        Assert.Equal(PackIllustration.Shape.Sachet, PackIllustration.ShapeOf("sachet"));
        Assert.All(DosageForms.All, form => Assert.NotNull(XDocument.Parse(PackIllustration.Svg("X", form, "1 mg", 10)).Root));
    }

    [Fact]
    public void Names_with_markup_are_escaped_and_long_names_wrap_onto_at_most_three_lines()
    {
        var svg = XDocument.Parse(PackIllustration.Svg("A&B <forte> \"Extra\" Long Name With Many Words Indeed Really", "tablet", "5 mg", 30)).Root!;

        Assert.StartsWith("A&B <forte>", (string?)svg.Attribute("aria-label"), StringComparison.Ordinal);
        Assert.InRange(svg.Descendants(Svg + "text").Count(), 3, 5); // up to three name lines, the strength and the pack
    }

    [Fact]
    public void The_address_changes_with_what_is_drawn_and_only_then()
    {
        var url = PackIllustration.Url("no-spa-40-mg-24-tab", "No-Spa 40 mg", "tablet", "40 mg", 24);

        Assert.StartsWith("/media/packs/no-spa-40-mg-24-tab.svg?v=", url, StringComparison.Ordinal);
        Assert.Equal(url, PackIllustration.Url("no-spa-40-mg-24-tab", "No-Spa 40 mg", "tablet", "40 mg", 24));
        Assert.NotEqual(url, PackIllustration.Url("no-spa-40-mg-24-tab", "No-Spa 40 mg", "tablet", "40 mg", 20));
    }
}

using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Import;
using Dorixona.Tests.Texts;

namespace Dorixona.Tests.Catalog;

/// <summary>Issue 15: the demo catalog's leaflets (<c>SeedData/leaflets.json</c>) are whole, in three languages, and reach their products.</summary>
public sealed class DemoLeafletsTests
{
    private static readonly string SeedData = Path.Combine(SourceTree.Root, "Dorixona.Core/Catalog/SeedData");

    private static LeafletSeed.File ReadFile()
    {
        using var json = File.OpenRead(Path.Combine(SeedData, "leaflets.json"));
        return LeafletSeed.File.Read(json);
    }

    private static List<Dictionary<string, string>> Products()
    {
        using var reader = new StreamReader(Path.Combine(SeedData, "products.csv"));
        return ProductCsv.Read(reader).Rows.Select(r => r.Values).ToList();
    }

    private static string[] SubstancesOf(Dictionary<string, string> product) => product["substances"].Split('|');

    [Fact]
    public void Every_leaflet_has_all_six_sections_in_uzbek_russian_and_english()
    {
        var file = ReadFile();

        Assert.NotEmpty(file.Leaflets);
        foreach (var seed in file.Leaflets)
        {
            var leaflet = seed.ToTranslations(file.Storage);
            var what = string.Join('+', seed.Substances) + (seed.Forms.Length > 0 ? $" ({string.Join(',', seed.Forms)})" : "");
            foreach (var name in LeafletSections.Names)
            {
                var (uz, ru, en) = (leaflet.Uz[name], leaflet.Ru[name], leaflet.En[name]);
                Assert.False(string.IsNullOrWhiteSpace(uz) || string.IsNullOrWhiteSpace(ru) || string.IsNullOrWhiteSpace(en), $"{what}: {name} is missing a language");
                Assert.DoesNotMatch("[А-Яа-яЁё]", uz!);
                Assert.Matches("[А-Яа-яЁё]", ru!);
                Assert.DoesNotMatch("[А-Яа-яЁёʻ‘’]", en!);
                Assert.All(new[] { uz!, ru!, en! }, t => Assert.InRange(t.Length, 10, ProductLeaflet.MaxLength));
                // Uzbek Latin writes o‘ and g‘ with U+2018 (the seed data's rule), never with an ASCII apostrophe.
                Assert.DoesNotContain("o'", uz, StringComparison.Ordinal);
                Assert.DoesNotContain("g'", uz, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_leaflet_names_known_substances_and_forms_and_reaches_a_demo_product()
    {
        var file = ReadFile();
        var products = Products();
        var substances = File.ReadAllLines(Path.Combine(SeedData, "substances.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();

        foreach (var seed in file.Leaflets)
        {
            Assert.All(seed.Substances, s => Assert.Contains(s, substances));
            Assert.All(seed.Forms, f => Assert.Contains(f, DosageForms.All));
            Assert.Contains(products, p => SubstancesOf(p).ToHashSet().SetEquals(seed.Substances)
                && (seed.Forms.Length == 0 || seed.Forms.Contains(p["dosage_form"])));
        }
        var keys = file.Leaflets.SelectMany(l => (l.Forms.Length == 0 ? [""] : l.Forms)
            .Select(f => string.Join('|', l.Substances.Order(StringComparer.Ordinal)) + "/" + f)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Every_demo_product_gets_a_leaflet_whatever_its_form()
    {
        var file = ReadFile();
        var products = Products();

        // Every demo product is a medicine or a medical product sold in a pharmacy, so every one has a leaflet.
        Assert.NotEmpty(products);
        Assert.All(products, p => Assert.True(file.For(SubstancesOf(p), p["dosage_form"]) is not null, $"{p["slug"]} gets no leaflet"));
    }

    [Fact]
    public void A_form_specific_leaflet_wins_over_the_general_one_of_the_same_substance()
    {
        var file = ReadFile();
        var specific = file.Leaflets.FirstOrDefault(l => l.Forms.Length > 0 && file.Leaflets.Any(g => g.Forms.Length == 0 && g.Substances.ToHashSet().SetEquals(l.Substances)));
        Assert.NotNull(specific);

        var forForm = file.For(specific.Substances, specific.Forms[0])!;
        var general = file.For(specific.Substances, "no-such-form")!;

        Assert.Equal(specific.Dosage.Uz, forForm.Uz.Dosage);
        Assert.NotEqual(forForm.Uz.Dosage, general.Uz.Dosage);
    }
}

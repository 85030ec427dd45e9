using Dorixona.Core.Catalog.Import;
using Dorixona.Tests.Texts;

namespace Dorixona.Tests.Catalog;

/// <summary>Issue 14: with Russian or English chosen, no demo product falls back to its Uzbek description.</summary>
public sealed class DemoTranslationsTests
{
    [Fact]
    public void Every_demo_product_has_its_own_russian_and_english_description()
    {
        using var reader = new StreamReader(Path.Combine(SourceTree.Root, "Dorixona.Core/Catalog/SeedData/products.csv"));
        var rows = ProductCsv.Read(reader).Rows.Select(r => r.Values).ToList();

        Assert.Equal(438, rows.Count);
        foreach (var p in rows)
        {
            var (uz, ru, en) = (p["description"], p["description_ru"], p["description_en"]);
            Assert.False(string.IsNullOrWhiteSpace(ru), $"{p["slug"]} has no Russian description");
            Assert.False(string.IsNullOrWhiteSpace(en), $"{p["slug"]} has no English description");
            Assert.NotEqual(uz, ru);
            Assert.NotEqual(uz, en);
            Assert.Matches("[А-Яа-яЁё]", ru); // Cyrillic, not a copy of the Latin text
            Assert.DoesNotMatch("[А-Яа-яЁёʻ‘’]", en);
            // A description that sends people to a doctor says so in every language.
            Assert.Equal(uz.Contains("Shifokor bilan maslahatlashing", StringComparison.Ordinal), ru.Contains("Проконсультируйтесь с врачом", StringComparison.Ordinal));
            Assert.Equal(uz.Contains("Shifokor bilan maslahatlashing", StringComparison.Ordinal), en.Contains("Ask your doctor", StringComparison.Ordinal));
        }
    }
}

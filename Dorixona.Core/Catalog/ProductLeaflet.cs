using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>
/// A product's leaflet (instruction for use) in six sections, each in Uzbek (Latin; what every language falls back to),
/// Russian and English, as descriptions are. Its own table, one row per product that has one: the catalog's queries and
/// search pictures never read it, and a product without a leaflet has no row.
/// </summary>
public sealed class ProductLeaflet
{
    /// <summary>The longest text one section may hold in one language.</summary>
    public const int MaxLength = 4000;

    public int ProductId { get; set; }
    public string Indications { get; set; } = "";
    public string IndicationsRu { get; set; } = "";
    public string IndicationsEn { get; set; } = "";
    public string Dosage { get; set; } = "";
    public string DosageRu { get; set; } = "";
    public string DosageEn { get; set; } = "";
    public string Contraindications { get; set; } = "";
    public string ContraindicationsRu { get; set; } = "";
    public string ContraindicationsEn { get; set; } = "";
    public string SideEffects { get; set; } = "";
    public string SideEffectsRu { get; set; } = "";
    public string SideEffectsEn { get; set; } = "";
    public string Interactions { get; set; } = "";
    public string InteractionsRu { get; set; } = "";
    public string InteractionsEn { get; set; } = "";
    public string Storage { get; set; } = "";
    public string StorageRu { get; set; } = "";
    public string StorageEn { get; set; } = "";

    public LeafletTranslations ToTranslations() => new()
    {
        Uz = new LeafletSections(Indications, Dosage, Contraindications, SideEffects, Interactions, Storage),
        Ru = new LeafletSections(IndicationsRu, DosageRu, ContraindicationsRu, SideEffectsRu, InteractionsRu, StorageRu),
        En = new LeafletSections(IndicationsEn, DosageEn, ContraindicationsEn, SideEffectsEn, InteractionsEn, StorageEn),
    };

    public void Apply(LeafletTranslations texts)
    {
        (Indications, Dosage, Contraindications, SideEffects, Interactions, Storage) = texts.Uz.Values();
        (IndicationsRu, DosageRu, ContraindicationsRu, SideEffectsRu, InteractionsRu, StorageRu) = texts.Ru.Values();
        (IndicationsEn, DosageEn, ContraindicationsEn, SideEffectsEn, InteractionsEn, StorageEn) = texts.En.Values();
    }
}

/// <summary>The six sections of a leaflet in one language; an empty or null section is one the leaflet does not have.</summary>
public sealed class LeafletSections
{
    public static readonly IReadOnlyList<string> Names = ["indications", "dosage", "contraindications", "sideEffects", "interactions", "storage"];

    public LeafletSections() { }

    public LeafletSections(string? indications, string? dosage, string? contraindications, string? sideEffects, string? interactions, string? storage) =>
        (Indications, Dosage, Contraindications, SideEffects, Interactions, Storage) = (indications, dosage, contraindications, sideEffects, interactions, storage);

    public string? Indications { get; set; }
    public string? Dosage { get; set; }
    public string? Contraindications { get; set; }
    public string? SideEffects { get; set; }
    public string? Interactions { get; set; }
    public string? Storage { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Names.All(n => string.IsNullOrWhiteSpace(this[n]));

    /// <summary>A section by its name in <see cref="Names"/> (the JSON and form names).</summary>
    [JsonIgnore]
    public string? this[string name]
    {
        get => name switch
        {
            "indications" => Indications,
            "dosage" => Dosage,
            "contraindications" => Contraindications,
            "sideEffects" => SideEffects,
            "interactions" => Interactions,
            "storage" => Storage,
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        set
        {
            switch (name)
            {
                case "indications": Indications = value; break;
                case "dosage": Dosage = value; break;
                case "contraindications": Contraindications = value; break;
                case "sideEffects": SideEffects = value; break;
                case "interactions": Interactions = value; break;
                case "storage": Storage = value; break;
                default: throw new ArgumentOutOfRangeException(nameof(name), name, null);
            }
        }
    }

    internal (string, string, string, string, string, string) Values() =>
        (Indications ?? "", Dosage ?? "", Contraindications ?? "", SideEffects ?? "", Interactions ?? "", Storage ?? "");
}

/// <summary>
/// A leaflet in the three languages: the admin form and API edit it, and the product page and JSON read it through
/// <see cref="In"/>. Kept in caches shared by requests, so readers never change it.
/// </summary>
public sealed class LeafletTranslations
{
    public LeafletSections Uz { get; set; } = new();
    public LeafletSections Ru { get; set; } = new();
    public LeafletSections En { get; set; } = new();

    [JsonIgnore]
    public bool IsEmpty => Uz.IsEmpty && Ru.IsEmpty && En.IsEmpty;

    /// <summary>The sections as written in <paramref name="language"/> ("uz", "ru", "en"), without falling back.</summary>
    public LeafletSections Of(string language) => language switch { "ru" => Ru, "en" => En, _ => Uz };

    /// <summary>
    /// The sections in <paramref name="language"/>: each where translated, the Uzbek one where not (as descriptions do);
    /// null for a section the leaflet has in no language. Null when nothing is left at all.
    /// </summary>
    public LeafletSections? In(string language)
    {
        var own = Of(language);
        var sections = new LeafletSections();
        foreach (var name in LeafletSections.Names)
        {
            var text = string.IsNullOrWhiteSpace(own[name]) ? Uz[name] : own[name];
            sections[name] = string.IsNullOrWhiteSpace(text) ? null : text;
        }
        return sections.IsEmpty ? null : sections;
    }

    /// <summary>Whether the reader gets this section in Uzbek because it is not translated (the page marks it <c>lang="uz"</c>).</summary>
    public bool FallsBack(string language, string section) =>
        language is "ru" or "en" && string.IsNullOrWhiteSpace(Of(language)[section]) && !string.IsNullOrWhiteSpace(Uz[section]);

    /// <summary>Roughly what it holds in memory: what a bounded cache counts it as.</summary>
    [JsonIgnore]
    public long EstimatedBytes => 3 * 6 * 24 + 2L * new[] { Uz, Ru, En }.Sum(s => LeafletSections.Names.Sum(n => (long)(s[n]?.Length ?? 0)));
}

internal sealed class ProductLeafletConfiguration : IEntityTypeConfiguration<ProductLeaflet>
{
    public void Configure(EntityTypeBuilder<ProductLeaflet> b)
    {
        b.ToTable("ProductLeaflets");
        b.HasKey(l => l.ProductId);
        b.HasOne<Product>().WithOne(p => p.Leaflet).HasForeignKey<ProductLeaflet>(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
        foreach (var property in b.Metadata.GetDeclaredProperties().Where(p => p.ClrType == typeof(string)))
            property.SetMaxLength(ProductLeaflet.MaxLength);
    }
}

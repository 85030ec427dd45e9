using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>A medicine as sold: brand, form, strength and pack, with its price in whole so'm.</summary>
public sealed class Product
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    /// <summary>The brand name in Latin letters, as on the pack (e.g. "No-Spa 40 mg").</summary>
    public string Name { get; set; } = "";
    /// <summary>The name as printed on Russian-language packs (e.g. "Но-шпа 40 мг"), searched too.</summary>
    public string NameRu { get; set; } = "";
    /// <summary>What the product is used for, in Uzbek (Latin): the text every language falls back to.</summary>
    public string Description { get; set; } = "";
    /// <summary>The Russian description; empty when not translated (the page shows the Uzbek one).</summary>
    public string DescriptionRu { get; set; } = "";
    /// <summary>The English description; empty when not translated (the page shows the Uzbek one).</summary>
    public string DescriptionEn { get; set; } = "";
    public int CategoryId { get; set; }
    public int ManufacturerId { get; set; }
    public string DosageForm { get; set; } = DosageForms.Tablet;
    public string Strength { get; set; } = "";
    public int PackSize { get; set; }
    public string? Barcode { get; set; }
    public long Price { get; set; }
    /// <summary>The price before a discount, shown struck through; null when not discounted.</summary>
    public long? OldPrice { get; set; }
    public bool RequiresPrescription { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    /// <summary>Units sold; orders add to it.</summary>
    public int Popularity { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    public List<ProductSubstance> Substances { get; set; } = [];
    public List<ProductImage> Images { get; set; } = [];
    /// <summary>Null for a product without a leaflet; loaded only where asked for.</summary>
    public ProductLeaflet? Leaflet { get; set; }
}

public sealed class ProductSubstance
{
    public int ProductId { get; set; }
    public int SubstanceId { get; set; }
    public ActiveSubstance? Substance { get; set; }
}

/// <summary>An uploaded picture, stored outside wwwroot under <see cref="FileName"/>, a name we generated.</summary>
public sealed class ProductImage
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Per-language texts of a product: the reader's language where translated, Uzbek where not.</summary>
public static class ProductTexts
{
    public static string Description(string language, string uz, string ru, string en) => language switch
    {
        "ru" when !string.IsNullOrWhiteSpace(ru) => ru,
        "en" when !string.IsNullOrWhiteSpace(en) => en,
        _ => uz,
    };
}

public static class DosageForms
{
    public const string Tablet = "tablet";

    public static readonly IReadOnlyList<string> All =
    [
        Tablet, "film-coated-tablet", "effervescent-tablet", "chewable-tablet", "capsule", "syrup", "suspension",
        "oral-solution", "drops", "injection", "ointment", "cream", "gel", "spray", "nasal-spray", "eye-drops",
        "suppository", "powder", "sachet", "lozenge", "patch", "inhaler",
    ];
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(p => p.Slug).HasMaxLength(160);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.NameRu).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(4000);
        b.Property(p => p.DescriptionRu).HasMaxLength(4000);
        b.Property(p => p.DescriptionEn).HasMaxLength(4000);
        b.Property(p => p.DosageForm).HasMaxLength(32);
        b.Property(p => p.Strength).HasMaxLength(64);
        b.Property(p => p.Barcode).HasMaxLength(32);
        b.HasIndex(p => p.Slug).IsUnique();
        b.HasIndex(p => p.Barcode);
        b.HasIndex(p => p.Name);
        b.HasIndex(p => new { p.CategoryId, p.IsActive });
        b.HasIndex(p => p.ManufacturerId);
        b.HasIndex(p => p.DosageForm);
        b.HasIndex(p => p.RequiresPrescription);
        b.HasIndex(p => p.Price);
        b.HasIndex(p => p.Popularity);
        b.HasIndex(p => p.ExpiryDate);
        // The search index polls it once a second for products changed by a writer it heard nothing from.
        b.HasIndex(p => p.UpdatedAt);
        b.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Manufacturer>().WithMany().HasForeignKey(p => p.ManufacturerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Substances).WithOne().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Images).WithOne().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasQueryFilter(p => p.DeletedAt == null);
    }
}

internal sealed class ProductSubstanceConfiguration : IEntityTypeConfiguration<ProductSubstance>
{
    public void Configure(EntityTypeBuilder<ProductSubstance> b)
    {
        b.ToTable("ProductSubstances");
        b.HasKey(s => new { s.ProductId, s.SubstanceId });
        b.HasIndex(s => s.SubstanceId);
        b.HasOne(s => s.Substance).WithMany().HasForeignKey(s => s.SubstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> b)
    {
        b.ToTable("ProductImages");
        b.Property(i => i.FileName).HasMaxLength(64);
        b.Property(i => i.ContentType).HasMaxLength(32);
        b.HasIndex(i => new { i.ProductId, i.SortOrder });
        b.HasIndex(i => i.FileName).IsUnique();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>Two levels: a top category (no parent) and its subcategories, which products belong to.</summary>
public sealed class Category
{
    public int Id { get; set; }
    public int? ParentId { get; set; }
    public string Slug { get; set; } = "";
    public string NameUz { get; set; } = "";
    public string NameRu { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>A Bootstrap Icons name without the "bi-" prefix.</summary>
    public string Icon { get; set; } = "capsule";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime? DeletedAt { get; set; }

    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("Categories");
        b.Property(c => c.Slug).HasMaxLength(64);
        b.Property(c => c.NameUz).HasMaxLength(128);
        b.Property(c => c.NameRu).HasMaxLength(128);
        b.Property(c => c.NameEn).HasMaxLength(128);
        b.Property(c => c.Icon).HasMaxLength(48);
        b.HasIndex(c => c.Slug).IsUnique();
        b.HasIndex(c => new { c.ParentId, c.SortOrder });
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasQueryFilter(c => c.DeletedAt == null);
    }
}

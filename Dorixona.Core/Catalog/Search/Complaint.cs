using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// A common complaint people search by ("yo‘tal", "кашель"), with the other ways they write it, and the
/// categories whose products treat it. Search recognises its names and synonyms in a query and answers the
/// products of those categories, saying "for: cough" above them.
/// </summary>
public sealed class Complaint
{
    public const int MaxSynonyms = 40, MaxSynonymLength = 64;

    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string NameUz { get; set; } = "";
    public string NameRu { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>One spelling per line: uz Latin and Cyrillic, ru, word forms ("кашель", "кашля", "йўтал").</summary>
    public string Synonyms { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public List<ComplaintCategory> Categories { get; set; } = [];

    public static IReadOnlyList<string> SplitSynonyms(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}

public sealed class ComplaintCategory
{
    public int ComplaintId { get; set; }
    public int CategoryId { get; set; }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("Complaints");
        b.Property(c => c.Slug).HasMaxLength(64);
        b.Property(c => c.NameUz).HasMaxLength(128);
        b.Property(c => c.NameRu).HasMaxLength(128);
        b.Property(c => c.NameEn).HasMaxLength(128);
        b.Property(c => c.Synonyms).HasMaxLength(Complaint.MaxSynonyms * (Complaint.MaxSynonymLength + 1));
        b.HasIndex(c => c.Slug).IsUnique();
        b.HasMany(c => c.Categories).WithOne().HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComplaintCategoryConfiguration : IEntityTypeConfiguration<ComplaintCategory>
{
    public void Configure(EntityTypeBuilder<ComplaintCategory> b)
    {
        b.ToTable("ComplaintCategories");
        b.HasKey(x => new { x.ComplaintId, x.CategoryId });
        b.HasIndex(x => x.CategoryId);
        b.HasOne<Category>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>An active substance by its international non-proprietary name (INN), with local names and ATC code.</summary>
public sealed class ActiveSubstance
{
    public int Id { get; set; }
    public string Inn { get; set; } = "";
    public string NameUz { get; set; } = "";
    public string NameRu { get; set; } = "";
    public string? AtcCode { get; set; }
    /// <summary>An inactive substance is not offered for new products; products that have it keep it.</summary>
    public bool IsActive { get; set; } = true;

    public string Name(string language) => language switch
    {
        "ru" when NameRu.Length > 0 => NameRu,
        "uz" when NameUz.Length > 0 => NameUz,
        _ => Inn,
    };
}

internal sealed class ActiveSubstanceConfiguration : IEntityTypeConfiguration<ActiveSubstance>
{
    public void Configure(EntityTypeBuilder<ActiveSubstance> b)
    {
        b.ToTable("ActiveSubstances");
        b.Property(s => s.Inn).HasMaxLength(128);
        b.Property(s => s.NameUz).HasMaxLength(128);
        b.Property(s => s.NameRu).HasMaxLength(128);
        b.Property(s => s.AtcCode).HasMaxLength(16);
        b.HasIndex(s => s.Inn).IsUnique();
        b.HasIndex(s => s.AtcCode);
    }
}

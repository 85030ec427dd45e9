using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

public sealed class Manufacturer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Country { get; set; } = "";
    /// <summary>An inactive manufacturer is not offered for new products; products that have it keep it.</summary>
    public bool IsActive { get; set; } = true;
}

internal sealed class ManufacturerConfiguration : IEntityTypeConfiguration<Manufacturer>
{
    public void Configure(EntityTypeBuilder<Manufacturer> b)
    {
        b.ToTable("Manufacturers");
        b.Property(m => m.Name).HasMaxLength(128);
        b.Property(m => m.Country).HasMaxLength(64);
        b.HasIndex(m => m.Name).IsUnique();
    }
}

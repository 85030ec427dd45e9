using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>A shop or the warehouse. Stock is kept per branch; "in stock" means at some active branch.</summary>
public sealed class Branch
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string OpeningHours { get; set; } = "";
    public string Phone { get; set; } = "";
    public bool IsWarehouse { get; set; }
    public bool IsActive { get; set; } = true;
}

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> b)
    {
        b.ToTable("Branches");
        b.Property(x => x.Code).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(128);
        b.Property(x => x.Address).HasMaxLength(256);
        b.Property(x => x.OpeningHours).HasMaxLength(64);
        b.Property(x => x.Phone).HasMaxLength(13);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

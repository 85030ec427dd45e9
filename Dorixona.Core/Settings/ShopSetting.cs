using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Settings;

/// <summary>One setting an admin saved; absent keys fall back to configuration.</summary>
public sealed class ShopSetting
{
    public string Key { get; set; } = "";
    /// <summary>Invariant-culture text: whole minutes, so'm or days.</summary>
    public string Value { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
}

internal sealed class ShopSettingConfiguration : IEntityTypeConfiguration<ShopSetting>
{
    public void Configure(EntityTypeBuilder<ShopSetting> b)
    {
        b.ToTable("ShopSettings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(64);
        b.Property(s => s.Value).HasMaxLength(256);
    }
}

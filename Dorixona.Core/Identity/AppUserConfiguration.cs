using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Identity;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.FullName).HasMaxLength(128);
        b.Property(u => u.PhoneNumber).HasMaxLength(13);
        b.Property(u => u.PreferredCulture).HasMaxLength(8);
        b.Property(u => u.AcceptedTermsVersion).HasMaxLength(32);
        b.Property(u => u.AcceptedPrivacyVersion).HasMaxLength(32);
        b.HasIndex(u => u.PhoneNumber).IsUnique();
        b.HasIndex(u => u.CreatedAt);
        b.HasQueryFilter(u => u.DeletedAt == null);
    }
}

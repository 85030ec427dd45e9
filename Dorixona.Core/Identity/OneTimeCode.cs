using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Identity;

public enum OneTimeCodePurpose
{
    VerifyPhone = 1,
    ResetPassword = 2,
    /// <summary>A customer's sign-in by SMS code alone, without the password.</summary>
    SignIn = 3,
    /// <summary>A signed-in customer confirming the deletion of their account (decision 0057).</summary>
    DeleteAccount = 4,
}

/// <summary>
/// A 4-digit SMS code. Only its hash is kept; it lives 2 minutes, and 5 wrong tries void it.
/// </summary>
public sealed class OneTimeCode
{
    public long Id { get; set; }
    public string Phone { get; set; } = "";
    public OneTimeCodePurpose Purpose { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? VoidedAt { get; set; }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> b)
    {
        b.ToTable("OneTimeCodes");
        b.Property(e => e.Phone).HasMaxLength(13);
        b.Property(e => e.CodeHash).HasMaxLength(100);
        b.HasIndex(e => new { e.Phone, e.Purpose, e.CreatedAt });
    }
}

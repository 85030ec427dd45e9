using Microsoft.AspNetCore.Identity;

namespace Dorixona.Core.Identity;

/// <summary>
/// A person, keyed by phone: <see cref="IdentityUser{TKey}.UserName"/> and
/// <see cref="IdentityUser{TKey}.PhoneNumber"/> both hold the normalised <c>+998XXXXXXXXX</c>.
/// A verified phone (<see cref="IdentityUser{TKey}.PhoneNumberConfirmed"/>) is required to sign in.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    /// <summary>Soft delete: a disabled user keeps their orders but can no longer sign in.</summary>
    public DateTime? DeletedAt { get; set; }
    public string? PreferredCulture { get; set; }
    /// <summary>The terms of sale and privacy policy versions (<c>Legal:*Version</c>) accepted at registration, and when.</summary>
    public string? AcceptedTermsVersion { get; set; }
    public string? AcceptedPrivacyVersion { get; set; }
    public DateTime? TermsAcceptedAt { get; set; }
    /// <summary>Set when the person deleted their account: name and phone are gone, only the anonymous marker is left (decision 0057).</summary>
    public DateTime? ErasedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole() { }
    public AppRole(string name) : base(name) { }
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Operator = "operator";
    public const string Courier = "courier";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Customer, Operator, Courier, Admin];
}

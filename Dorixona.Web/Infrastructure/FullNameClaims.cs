using System.Security.Claims;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

/// <summary>Puts the person's full name into the sign-in principal, so the header needs no query.</summary>
public sealed class FullNameClaims(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    public const string Type = "full_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Type, user.FullName));
        return identity;
    }
}

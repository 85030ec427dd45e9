using Microsoft.AspNetCore.Identity;

namespace Dorixona.Core.Identity;

/// <summary>
/// Checks a password the same way whether or not the phone has an account: an unknown phone still costs one password
/// hash, so the time of a failed sign-in tells nobody who is a customer (decision 0032).
/// </summary>
public static class PasswordCheck
{
    private static readonly Lazy<string> StandIn = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));

    public static async Task<bool> CheckAsync(UserManager<AppUser> users, AppUser? user, string password)
    {
        if (user is not null) return await users.CheckPasswordAsync(user, password);
        users.PasswordHasher.VerifyHashedPassword(new AppUser(), StandIn.Value, password);
        return false;
    }
}

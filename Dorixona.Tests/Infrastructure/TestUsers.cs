using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Infrastructure;

public static class TestUsers
{
    /// <summary>A verified customer, created directly (registration itself is tested in Identity).</summary>
    public static async Task<AppUser> CreateVerifiedAsync(IServiceProvider services, TimeProvider clock, string fullName = "Test Customer")
    {
        var phone = TestPhones.Next();
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new AppUser
        {
            UserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true, FullName = fullName, CreatedAt = now, VerifiedAt = now,
        };
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.CreateAsync(user, "secret123");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Code)));
        await users.AddToRoleAsync(user, Roles.Customer);
        return user;
    }
}

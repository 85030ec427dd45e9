using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Data;

/// <summary>The first start of the app on an empty database, in demo mode.</summary>
public abstract class DatabaseInitializerTests(DatabaseFixture database) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteDatabase database) : DatabaseInitializerTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DatabaseInitializerTests(database), IClassFixture<PostgresDatabase>;

    private readonly ManualClock _clock = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync() =>
        _services = TestServices.Build(database.Provider, await database.CreateEmptyDatabaseAsync(), _clock);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Demo_start_creates_the_four_demo_accounts_ready_to_sign_in()
    {
        await InitializeAsync(seedDemo: true);

        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal(
            [("+998900000001", Roles.Admin), ("+998900000002", Roles.Operator), ("+998900000003", Roles.Courier), ("+998900000004", Roles.Customer)],
            DemoSeeder.DemoAccounts.Select(a => (a.Phone, a.Role)));
        foreach (var (phone, _, role) in DemoSeeder.DemoAccounts)
        {
            var user = await users.FindByNameAsync(phone);
            Assert.NotNull(user);
            Assert.Equal(phone, user.PhoneNumber);
            Assert.True(user.PhoneNumberConfirmed, $"{phone} should be verified");
            Assert.Equal(_clock.UtcNow, user.VerifiedAt);
            Assert.True(await users.CheckPasswordAsync(user, "Demo12345"), $"{phone} should sign in with Demo12345");
            Assert.Equal([role], await users.GetRolesAsync(user));
        }
        Assert.Equal(4, await users.Users.CountAsync());
    }

    [Fact]
    public async Task Starting_again_adds_nothing()
    {
        await InitializeAsync(seedDemo: true);
        var first = await CountsAsync();

        _clock.Advance(TimeSpan.FromDays(1));
        await InitializeAsync(seedDemo: true);

        int defined;
        await using (var scope = _services.CreateAsyncScope())
            defined = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>().Database.GetMigrations().Count();
        Assert.Equal((Users: 4, Roles: 4, UserRoles: 4, Migrations: defined), first);
        Assert.Equal(first, await CountsAsync());
    }

    [Fact]
    public async Task A_normal_start_creates_the_roles_but_no_demo_accounts()
    {
        await InitializeAsync(seedDemo: false);

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    private async Task InitializeAsync(bool seedDemo)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo);
    }

    private async Task<(int Users, int Roles, int UserRoles, int Migrations)> CountsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        return (await db.Users.IgnoreQueryFilters().CountAsync(), await db.Roles.CountAsync(), await db.UserRoles.CountAsync(),
            (await db.Database.GetAppliedMigrationsAsync()).Count());
    }
}

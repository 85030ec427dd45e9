using System.Text.Json;
using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Identity;

/// <summary>The admins' users screen: finding people, changing roles, disabling and enabling, and its guards.</summary>
public abstract class UserAdminTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : UserAdminTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : UserAdminTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task People_are_found_by_phone_in_any_spelling_by_part_of_it_by_name_and_by_role()
    {
        var name = "Zebo " + Guid.NewGuid().ToString("N")[..6];
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, name + " Nazarova");
        var courier = await UserWithRoleAsync(Roles.Courier);
        var phone = user.PhoneNumber!;
        var spaced = PhoneNumber.Format(phone); // +998 90 123 45 67

        foreach (var q in new[] { phone, spaced, spaced[5..], phone[4..], "8" + phone[4..], phone[^7..] })
            Assert.Contains(await ListAsync(new UserFilter(q)), r => r.Id == user.Id);
        var byName = await ListAsync(new UserFilter(name.ToUpperInvariant()));
        var couriers = await ListAsync(new UserFilter(null, Roles.Courier));

        Assert.Equal([user.Id], byName.Select(r => r.Id));
        Assert.Contains(couriers, r => r.Id == courier.Id);
        Assert.All(couriers, r => Assert.Contains(Roles.Courier, r.Roles));
        Assert.DoesNotContain(couriers, r => r.Id == user.Id);
    }

    [Fact]
    public async Task Pages_hold_thirty_people_newest_first()
    {
        var marker = "Paged " + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < UserAdmin.PageSize + 2; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await TestUsers.CreateVerifiedAsync(Services, Clock, $"{marker} {i:00}");
        }

        var (first, total) = await InScopeAsync((UserAdmin a) => a.ListAsync(new UserFilter(marker)));
        var (second, _) = await InScopeAsync((UserAdmin a) => a.ListAsync(new UserFilter(marker, null, 2)));

        Assert.Equal(UserAdmin.PageSize + 2, total);
        Assert.Equal(UserAdmin.PageSize, first.Count);
        Assert.Equal($"{marker} {UserAdmin.PageSize + 1:00}", first[0].FullName);
        Assert.Equal([$"{marker} 01", $"{marker} 00"], second.Select(r => r.FullName));
    }

    [Fact]
    public async Task A_role_change_gives_exactly_the_new_role_ends_sessions_and_writes_one_entry()
    {
        var admin = await UserWithRoleAsync(Roles.Admin, "Aziza Admin");
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, "Jamshid Customer");
        var stamp = await StampAsync(user.Id);

        var result = await InScopeAsync((UserAdmin a) => a.ChangeRoleAsync(admin.Id, user.Id, Roles.Operator));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal([Roles.Operator], await RolesAsync(user.Id));
        Assert.NotEqual(stamp, await StampAsync(user.Id));
        var entry = Assert.Single(await EntriesAsync(user.Id));
        Assert.Equal((AuditActions.UserRole, admin.Id), (entry.Action, entry.ActorId));
        Assert.StartsWith("Aziza Admin, +998", entry.ActorDisplay, StringComparison.Ordinal);
        Assert.Equal([Roles.Customer], RolesIn(entry.Before));
        Assert.Equal([Roles.Operator], RolesIn(entry.After));
    }

    [Fact]
    public async Task An_unknown_role_is_a_field_error_and_changes_nothing()
    {
        var admin = await UserWithRoleAsync(Roles.Admin);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock);

        var result = await InScopeAsync((UserAdmin a) => a.ChangeRoleAsync(admin.Id, user.Id, "superuser"));

        AssertError(result, "role", "user.roleInvalid");
        Assert.Equal([Roles.Customer], await RolesAsync(user.Id));
        Assert.Empty(await EntriesAsync(user.Id));
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_disable_themself_and_the_last_active_admin_stays()
    {
        await DemoteEveryAdminAsync();
        var only = await UserWithRoleAsync(Roles.Admin);

        var demoteLast = await InScopeAsync((UserAdmin a) => a.ChangeRoleAsync(only.Id, only.Id, Roles.Customer));
        var disableLast = await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(only.Id, only.Id, true));
        var second = await UserWithRoleAsync(Roles.Admin);
        var demoteSelf = await InScopeAsync((UserAdmin a) => a.ChangeRoleAsync(only.Id, only.Id, Roles.Courier));
        var disableSelf = await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(only.Id, only.Id, true));

        AssertError(demoteLast, "role", "user.lastAdmin");
        AssertError(disableLast, null, "user.lastAdmin");
        AssertError(demoteSelf, "role", "user.selfDemote");
        AssertError(disableSelf, null, "user.selfDisable");
        Assert.Equal([Roles.Admin], await RolesAsync(only.Id));
        Assert.Null(await QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == only.Id).Select(u => u.DeletedAt).SingleAsync()));
        Assert.Empty(await EntriesAsync(only.Id));
        Assert.Equal([Roles.Admin], await RolesAsync(second.Id));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_exactly_one_admin()
    {
        await DemoteEveryAdminAsync();
        var a = await UserWithRoleAsync(Roles.Admin);
        var b = await UserWithRoleAsync(Roles.Admin);

        var results = await Task.WhenAll(
            Task.Run(() => InScopeAsync((UserAdmin s) => s.ChangeRoleAsync(a.Id, b.Id, Roles.Customer))),
            Task.Run(() => InScopeAsync((UserAdmin s) => s.ChangeRoleAsync(b.Id, a.Id, Roles.Customer))));

        Assert.Single(results, r => r.Succeeded);
        Assert.Contains(results, r => !r.Succeeded && r.Errors[0].Code is "user.notAllowed" or "user.lastAdmin");
        var admins = new[] { await RolesAsync(a.Id), await RolesAsync(b.Id) }.Count(r => r.Contains(Roles.Admin));
        Assert.Equal(1, admins);
        Assert.Single((await EntriesAsync(a.Id)).Concat(await EntriesAsync(b.Id)));
    }

    [Fact]
    public async Task Someone_who_is_not_an_active_admin_changes_nothing()
    {
        var notAdmin = await UserWithRoleAsync(Roles.Operator);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock);

        var role = await InScopeAsync((UserAdmin a) => a.ChangeRoleAsync(notAdmin.Id, user.Id, Roles.Admin));
        var disable = await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(notAdmin.Id, user.Id, true));

        AssertError(role, null, "user.notAllowed");
        AssertError(disable, null, "user.notAllowed");
        Assert.Equal([Roles.Customer], await RolesAsync(user.Id));
        Assert.Empty(await EntriesAsync(user.Id));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_verify_or_reset_by_any_channel_until_enabled()
    {
        var admin = await UserWithRoleAsync(Roles.Admin);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, "Soon Disabled");
        var phone = user.PhoneNumber!;

        var disabled = await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(admin.Id, user.Id, true));

        Assert.True(disabled.Succeeded, Describe(disabled));
        Assert.Null(await InScopeAsync((UserManager<AppUser> m) => m.FindByNameAsync(phone))); // web and API sign-in look people up by phone
        Assert.Null(await InScopeAsync((UserManager<AppUser> m) => m.FindByIdAsync(user.Id.ToString()))); // the cookie's stamp validator
        Assert.True((await InScopeAsync((AccountService s) => s.ForgotPasswordAsync(phone))).Succeeded); // same answer as for anyone…
        Assert.Empty(await SmsToAsync(phone)); // …but no code goes out
        Assert.False((await InScopeAsync((AccountService s) => s.ResetPasswordAsync(phone, "1234", "newsecret123"))).Succeeded);
        Assert.False((await InScopeAsync((AccountService s) => s.VerifyPhoneAsync(phone, "1234"))).Succeeded);
        // Registering again answers as for anyone (decision 0032), sends nothing and leaves the account disabled.
        Assert.True((await InScopeAsync((AccountService s) => s.RegisterAsync(new RegisterInput(phone, "Again", "secret1234", AcceptTerms: true)))).Succeeded);
        Assert.Empty(await SmsToAsync(phone));
        Assert.Null(await InScopeAsync((UserManager<AppUser> m) => m.FindByNameAsync(phone)));
        var entry = Assert.Single(await EntriesAsync(user.Id));
        Assert.Equal((AuditActions.UserDisable, admin.Id), (entry.Action, entry.ActorId));

        var enabled = await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(admin.Id, user.Id, false));

        Assert.True(enabled.Succeeded);
        Assert.NotNull(await InScopeAsync((UserManager<AppUser> m) => m.FindByNameAsync(phone)));
        Assert.Equal([AuditActions.UserEnable, AuditActions.UserDisable], (await EntriesAsync(user.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task The_user_page_shows_roles_logins_and_orders_also_of_a_disabled_user()
    {
        var admin = await UserWithRoleAsync(Roles.Admin);
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, "Detail User");
        await InScopeAsync((AccountService s) => s.RecordLoginAsync(user.Id, true, "web", "10.1.1.1", "test"));
        await InScopeAsync((UserAdmin a) => a.SetDisabledAsync(admin.Id, user.Id, true));

        var detail = await InScopeAsync((UserAdmin a) => a.GetAsync(user.Id));

        Assert.NotNull(detail);
        Assert.Equal([Roles.Customer], detail.Roles);
        Assert.Equal("Detail User", detail.FullName);
        Assert.NotNull(detail.DisabledAt);
        Assert.Equal("10.1.1.1", Assert.Single(detail.Logins).IpAddress);
        Assert.Empty(detail.Orders);
        Assert.Null(await InScopeAsync((UserAdmin a) => a.GetAsync(Guid.NewGuid())));
    }

    private async Task<AppUser> UserWithRoleAsync(string role, string name = "Staff")
    {
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock, name);
        await InScopeAsync(async (UserManager<AppUser> m) =>
        {
            var u = (await m.FindByIdAsync(user.Id.ToString()))!;
            await m.RemoveFromRoleAsync(u, Roles.Customer);
            await m.AddToRoleAsync(u, role);
        });
        return user;
    }

    /// <summary>Admins made by other tests of this class would keep "the last admin" from being last.</summary>
    private Task DemoteEveryAdminAsync() => InScopeAsync(async (DorixonaDbContext db) =>
    {
        var adminRole = await db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id).SingleAsync();
        await db.UserRoles.Where(ur => ur.RoleId == adminRole).ExecuteDeleteAsync();
    });

    private async Task<IReadOnlyList<UserRow>> ListAsync(UserFilter filter) => (await InScopeAsync((UserAdmin a) => a.ListAsync(filter))).Rows;

    private Task<List<string>> RolesAsync(Guid id) =>
        QueryAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync());

    private Task<string?> StampAsync(Guid id) =>
        QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync());

    private Task<List<AuditEntry>> EntriesAsync(Guid userId) =>
        QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == AuditEntities.User && e.EntityId == userId.ToString())
            .OrderByDescending(e => e.Id).ToListAsync());

    private static List<string> RolesIn(string? json) =>
        JsonDocument.Parse(json!).RootElement.GetProperty("roles").EnumerateArray().Select(e => e.GetString()!).ToList();

    private static void AssertError(Result result, string? field, string code)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    private static string Describe(Result result) => string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Code}"));
}

using System.Net;
using Dorixona.Core.Data;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web;

/// <summary>Two instances of the app on one database: what one issues, the other accepts, because the keys live in that database.</summary>
public abstract class DataProtectionKeysTests(DatabaseFixture database)
{
    public sealed class OnSqlite(SqliteDatabase database) : DataProtectionKeysTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DataProtectionKeysTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task A_sign_in_cookie_and_an_antiforgery_token_from_one_instance_are_accepted_by_the_other()
    {
        // One after the other: the first start migrates and seeds the demo accounts.
        await using var firstApp = new AppFactory(database.Provider, database.ConnectionString);
        _ = firstApp.Server;
        await using var secondApp = new AppFactory(database.Provider, database.ConnectionString);
        _ = secondApp.Server;
        var cookies = new CookieContainerHandler();
        using var first = firstApp.CreateDefaultClient(new Uri("http://localhost"), cookies);
        using var second = secondApp.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies.Container));

        // The form (antiforgery token and cookie) comes from the first instance and is posted to the second.
        var form = await first.GetPageAsync("/account/login");
        using var signedIn = await second.SubmitAsync(form, "/account/login", "login", new Dictionary<string, string>
        {
            ["Input.Phone"] = "+998900000004", ["Input.Password"] = DemoSeeder.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/account/login", signedIn.Headers.Location!.OriginalString);

        // The second instance issued the sign-in cookie; the first reads it.
        using var profile = await first.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("Dilnoza Yusupova", await profile.Content.ReadAsStringAsync());

        var keys = await firstApp.QueryAsync(db => db.DataProtectionKeys.CountAsync());
        Assert.True(keys >= 1, "The key ring is not in the database");
    }
}

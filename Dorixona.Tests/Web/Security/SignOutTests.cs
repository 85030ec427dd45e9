using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dorixona.Tests.Web.Security;

/// <summary>Signing out on the web ends the session on the server: a copy of the old cookie, or an access token, is refused at once.</summary>
public abstract class SignOutTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : SignOutTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : SignOutTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_session_cookie_replayed_after_sign_out_is_refused_at_once()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Replayed Cookie");
        var browser = _app.Browser();
        using var signIn = await browser.SignInAsync(user.PhoneNumber!, "secret123");
        var copied = string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("dx.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        Assert.NotEmpty(copied);
        var attacker = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        attacker.DefaultRequestHeaders.Add("Cookie", copied);
        using (var before = await attacker.GetAsync("/account/profile"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var signedOut = await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var replayed = await attacker.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/account/login", replayed.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        using var api = await attacker.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task An_access_token_is_refused_at_once_after_the_web_sign_out()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Token Holder");
        var app = _app.CreateClient();
        using var login = await app.PostAsJsonAsync("/api/v1/auth/login", new { phone = user.PhoneNumber, password = "secret123" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var before = await app.GetAsync("/api/v1/me"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var browser = _app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.PhoneNumber!, "secret123")).StatusCode);
        using var signedOut = await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var after = await app.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Signing_in_again_after_sign_out_opens_a_fresh_session()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Comes Back");
        var browser = _app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.PhoneNumber!, "secret123")).StatusCode);
        (await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>())).Dispose();

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.PhoneNumber!, "secret123")).StatusCode);
        using var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }
}

using System.Net;

namespace Dorixona.Tests.Web;

/// <summary>Each demo account reaches its own portal and no other; nobody anonymous reaches any.</summary>
public abstract class PortalAccessTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : PortalAccessTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : PortalAccessTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public static TheoryData<string, string> Accounts => new()
    {
        { "+998900000001", "/admin" },
        { "+998900000002", "/operator" },
        { "+998900000003", "/courier" },
        { "+998900000004", "/" },
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Each_demo_account_lands_on_its_own_portal_and_is_refused_the_others(string phone, string home)
    {
        var browser = _app.Browser();

        var signIn = await browser.SignInAsync(phone, "Demo12345");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(home, signIn.Headers.Location!.PathAndQuery());
        foreach (var portal in new[] { "/admin", "/operator", "/courier" })
        {
            using var response = await browser.GetAsync(portal);
            if (portal == home)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/operator")]
    [InlineData("/courier")]
    [InlineData("/account/profile")]
    [InlineData("/account/notifications")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_back(string page)
    {
        using var response = await _app.Browser().GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(page), response.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task Signing_in_follows_a_local_return_url_but_never_a_foreign_one()
    {
        var local = await _app.Browser().SubmitAsync("/account/login?returnUrl=%2Fadmin", "login", new Dictionary<string, string>
        {
            ["Input.Phone"] = "+998900000001", ["Input.Password"] = "Demo12345",
        });
        var foreign = await _app.Browser().SubmitAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F", "login", new Dictionary<string, string>
        {
            ["Input.Phone"] = "+998900000004", ["Input.Password"] = "Demo12345",
        });

        Assert.Equal("/admin", local.Headers.Location!.PathAndQuery());
        Assert.Equal("/", foreign.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_visitor_out_with_a_message()
    {
        var browser = _app.Browser();

        using var response = await browser.SignInAsync("+998 90 000 00 04", "wrong-password1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Telefon raqami yoki parol noto‘g‘ri", page.QuerySelector(".alert-danger")?.TextContent, StringComparison.Ordinal);
        using var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var browser = _app.Browser();
        await browser.SignInAsync("+998900000004", "Demo12345");

        using var signOut = await browser.SubmitAsync("/account/profile", "/account/logout", new Dictionary<string, string>());
        using var profile = await browser.GetAsync("/account/profile");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.StartsWith("/account/login", profile.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }
}

internal static class UriExtensions
{
    /// <summary>Path and query of a Location header whether it came absolute or relative.</summary>
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

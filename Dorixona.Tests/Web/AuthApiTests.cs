using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Web;

/// <summary>The mobile clients' account API, as a phone app drives it.</summary>
public abstract class AuthApiTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : AuthApiTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : AuthApiTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task Register_verify_use_refresh_and_log_out()
    {
        var api = _app.CreateClient();
        var phone = TestPhones.Next();

        using var registered = await api.PostAsJsonAsync("/api/v1/auth/register", new { phone = PhoneLocal(phone), fullName = "Jasur Qodirov", password = "secret123", acceptTerms = true });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var sent = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(phone, sent.GetProperty("phone").GetString());
        Assert.Equal(120, sent.GetProperty("expiresInSeconds").GetInt32());

        using var unverified = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "secret123" });
        Assert.Equal(HttpStatusCode.Forbidden, unverified.StatusCode);
        Assert.Equal("login.notVerified", (await Problem(unverified)).GetProperty("code").GetString());

        var code = SmsCode.In(await _app.LastSmsToAsync(phone));
        using var verified = await api.PostAsJsonAsync("/api/v1/auth/verify", new { phone, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var tokens = await verified.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("accessToken").GetString()!;
        var refresh = tokens.GetProperty("refreshToken").GetString()!;
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());

        var me = await GetMeAsync(api, access);
        Assert.Equal(phone, me.GetProperty("phone").GetString());
        Assert.Equal(PhoneNumberFormatted(phone), me.GetProperty("phoneFormatted").GetString());
        Assert.Equal("Jasur Qodirov", me.GetProperty("fullName").GetString());
        Assert.Equal(new[] { "customer" }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());

        using var refreshed = await api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        using var loggedOut = await api.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);

        using var afterLogout = await api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        Assert.Equal("token.invalid", (await Problem(afterLogout)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Field_errors_come_as_problem_details_in_the_callers_language()
    {
        var api = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register")
        {
            Content = JsonContent.Create(new { phone = "12345", fullName = "", password = "abc" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("ru-RU");
        var before = await _app.UserCountAsync();

        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Problem(response);
        var errors = problem.GetProperty("errors");
        Assert.Contains("Неверный номер телефона", errors.GetProperty("phone")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Введите имя и фамилию.", errors.GetProperty("fullName")[0].GetString());
        Assert.True(errors.GetProperty("password").GetArrayLength() >= 1);
        Assert.Equal(before, await _app.UserCountAsync());
    }

    [Fact]
    public async Task A_second_code_within_a_minute_is_refused_with_429()
    {
        var api = _app.CreateClient();
        var phone = TestPhones.Next();
        await api.PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Zarina Aliyeva", password = "secret123", acceptTerms = true });

        using var again = await api.PostAsJsonAsync("/api/v1/auth/verify/resend", new { phone });

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("otp.tooSoon", (await Problem(again)).GetProperty("codes")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_with_the_texted_code()
    {
        var api = _app.CreateClient();
        const string demo = "+998900000003";

        using var forgot = await api.PostAsJsonAsync("/api/v1/auth/password/forgot", new { phone = demo });
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var code = SmsCode.In(await _app.LastSmsToAsync(demo));

        using var wrong = await api.PostAsJsonAsync("/api/v1/auth/password/reset", new { phone = demo, code = SmsCode.Wrong(code), newPassword = "courier2026" });
        using var reset = await api.PostAsJsonAsync("/api/v1/auth/password/reset", new { phone = demo, code, newPassword = "courier2026" });
        using var oldPassword = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone = demo, password = "Demo12345" });
        using var newPassword = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone = demo, password = "courier2026" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }

    [Fact]
    public async Task Profile_changes_through_patch_me_and_rejects_an_empty_name()
    {
        var api = _app.CreateClient();
        var access = await LoginAsync(api, "+998900000004");

        using var bad = await SendAsync(api, HttpMethod.Patch, "/api/v1/me", access, new { fullName = " " });
        using var good = await SendAsync(api, HttpMethod.Patch, "/api/v1/me", access, new { fullName = "Dilnoza Yusupova", preferredCulture = "ru" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var me = await GetMeAsync(api, access);
        Assert.Equal("ru", me.GetProperty("preferredCulture").GetString());
    }

    [Fact]
    public async Task The_api_answers_401_without_a_token_and_never_an_html_page()
    {
        var api = _app.CreateClient();

        using var anonymous = await api.GetAsync("/api/v1/me");
        using var forged = await SendAsync(api, HttpMethod.Get, "/api/v1/me", "not-a-token", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.DoesNotContain("<html", await anonymous.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_auth_api()
    {
        var doc = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/verify", "/api/v1/auth/login", "/api/v1/auth/refresh",
                     "/api/v1/auth/logout", "/api/v1/auth/password/forgot", "/api/v1/auth/password/reset", "/api/v1/me" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from /openapi/v1.json");
    }

    private static async Task<string> LoginAsync(HttpClient api, string phone)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "Demo12345" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> GetMeAsync(HttpClient api, string access)
    {
        using var response = await SendAsync(api, HttpMethod.Get, "/api/v1/me", access, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient api, HttpMethod method, string url, string access, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return await api.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static string PhoneLocal(string phone) => $"{phone[4..6]} {phone[6..9]} {phone[9..11]} {phone[11..]}";

    private static string PhoneNumberFormatted(string phone) => "+998 " + PhoneLocal(phone);
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dorixona.Tests.Web.Security;

/// <summary>
/// Issue 16: failed sign-ins slow the client down instead of locking the account, staff can add an SMS code to their
/// sign-in, and register, verify, forgot-password and sign-in answer alike for registered and unknown phones.
/// </summary>
public abstract class SignInAbuseTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : SignInAbuseTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : SignInAbuseTests(web), IClassFixture<PostgresWebApp>;

    private const string AddressHeader = "X-Test-Address";
    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task Wrong_passwords_slow_the_failing_client_down_with_growing_waits_and_never_lock_the_operator_out()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = ThrottledApp(clock);
        var operatorPhone = (await StaffAsync(Roles.Operator)).PhoneNumber!;
        var attacker = Client(app, "10.0.0.66");
        var owner = Client(app, "10.0.0.2");

        var waits = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            using var wrong = await LoginAsync(attacker, operatorPhone, "not-the-password1");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var refused = await LoginAsync(attacker, operatorPhone, "not-the-password1");
            if (refused.StatusCode == HttpStatusCode.Unauthorized) continue; // still within the free tries
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("login.throttled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            var wait = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            waits.Add(wait);
            clock.Advance(TimeSpan.FromSeconds(wait));
        }
        // The attacker's address earns doubling waits past the phone's one-minute ceiling…
        Assert.True(waits.Count >= 6 && waits.Zip(waits.Skip(1)).All(w => w.Second >= w.First) && waits[^1] > 60, string.Join(",", waits));
        using (var again = await LoginAsync(attacker, operatorPhone, "not-the-password1")) Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        // The attacker's address now waits, for any phone…
        using (var still = await LoginAsync(attacker, TestPhones.Next(), "whatever123")) Assert.Equal(HttpStatusCode.TooManyRequests, still.StatusCode);
        // …while the operator, elsewhere, waits at most that minute and then signs in: nothing was locked.
        using var blocked = await LoginAsync(owner, operatorPhone, "Demo12345");
        if (blocked.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = blocked.Headers.RetryAfter!.Delta!.Value;
            Assert.True(wait <= TimeSpan.FromSeconds(60), $"the owner waits {wait}");
            clock.Advance(wait);
        }
        using var signedIn = await LoginAsync(owner, operatorPhone, "Demo12345");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var row = await _app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == operatorPhone));
        Assert.Null(row.LockoutEnd);
        Assert.Equal(0, row.AccessFailedCount);
    }

    [Fact]
    public async Task The_sign_in_page_answers_a_throttled_client_with_429_and_a_message()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = ThrottledApp(clock);
        var customer = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var browser = Client(app, "10.0.0.77", cookies: true);
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last?.Dispose();
            last = await browser.SubmitAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Phone"] = customer.PhoneNumber!, ["Input.Password"] = "wrong-pass1" });
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        var page = HtmlForms.Parse(await last.Content.ReadAsStringAsync());
        Assert.Contains("Juda ko‘p noto‘g‘ri urinish", page.QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        last.Dispose();
    }

    [Fact]
    public async Task A_staff_member_turns_on_the_sms_code_on_the_profile_and_then_needs_it_on_the_web_and_in_the_api()
    {
        var staff = await StaffAsync(Roles.Courier);
        var phone = staff.PhoneNumber!;
        var browser = _app.Browser();
        using (var signIn = await browser.SignInAsync(phone, "secret123")) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var profile = await browser.GetPageAsync("/account/profile");
        Assert.Equal("off", profile.QuerySelector("#second-factor [data-state]")!.GetAttribute("data-state"));

        using (var turnOn = await browser.SubmitAsync("/account/profile", "second-factor", new Dictionary<string, string>()))
            Assert.Equal(HttpStatusCode.Redirect, turnOn.StatusCode);
        // This session stays signed in with the renewed stamp.
        Assert.Equal("on", (await browser.GetPageAsync("/account/profile")).QuerySelector("#second-factor [data-state]")!.GetAttribute("data-state"));

        // The web: the password leads to the code page; a wrong code is refused; the texted code signs in.
        var web = _app.Browser();
        using var password = await web.SubmitAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Phone"] = phone, ["Input.Password"] = "secret123" });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var codePage = password.Headers.Location!.IsAbsoluteUri ? password.Headers.Location.PathAndQuery : password.Headers.Location.ToString();
        Assert.StartsWith("/account/login/code", codePage, StringComparison.Ordinal);
        var code = SixDigits(await _app.LastSmsToAsync(phone));
        using (var notYet = await web.GetAsync("/account/profile")) Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        using var wrongCode = await web.SubmitAsync(codePage, "login-code", new Dictionary<string, string> { ["Input.Code"] = code == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrongCode.StatusCode);
        Assert.Contains("Kod noto‘g‘ri", await wrongCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var rightCode = await web.SubmitAsync(codePage, "login-code", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, rightCode.StatusCode);
        Assert.EndsWith("/courier", rightCode.Headers.Location!.ToString(), StringComparison.Ordinal);
        using (var now = await web.GetAsync("/account/profile")) Assert.Equal(HttpStatusCode.OK, now.StatusCode);

        // The API: the password answers 202 with a ticket; the code step answers the usual token pair.
        var api = _app.CreateClient();
        using var first = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "secret123" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var step = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(step.GetProperty("secondFactorRequired").GetBoolean());
        Assert.False(step.TryGetProperty("accessToken", out _));
        var ticket = step.GetProperty("secondFactorToken").GetString();
        var apiCode = SixDigits(await _app.LastSmsToAsync(phone));
        using var wrong = await api.PostAsJsonAsync("/api/v1/auth/login/code", new { secondFactorToken = ticket, code = apiCode == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var forged = await api.PostAsJsonAsync("/api/v1/auth/login/code", new { secondFactorToken = "forged", code = apiCode });
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        using var tokens = await api.PostAsJsonAsync("/api/v1/auth/login/code", new { secondFactorToken = ticket, code = apiCode });
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        Assert.False(string.IsNullOrEmpty((await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()));

        // Customers are not offered it.
        var (customer, _) = await Orders.OrdersWebApp.SignedInCustomerAsync(_app);
        Assert.Null((await customer.GetPageAsync("/account/profile")).QuerySelector("#second-factor"));
    }

    [Fact]
    public async Task Register_verify_forgot_and_sign_in_answer_alike_for_registered_and_unknown_phones()
    {
        var api = _app.CreateClient();
        var registered = (await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System)).PhoneNumber!;
        var unknown = TestPhones.Next();

        async Task<(HttpStatusCode, string)> Answer(string url, object body)
        {
            using var response = await api.PostAsJsonAsync(url, body);
            var json = await response.Content.ReadAsStringAsync();
            // The phone is echoed back in the code-sent answer; everything else must match.
            // Trace ids differ, and a resend wait read a second later may be a second shorter.
            json = System.Text.RegularExpressions.Regex.Replace(json, "\"traceId\":\"[^\"]*\"", "");
            json = System.Text.RegularExpressions.Regex.Replace(json, "\\b(59|60)\\b", "N");
            return (response.StatusCode, json.Replace(registered, "PHONE", StringComparison.Ordinal).Replace(unknown, "PHONE", StringComparison.Ordinal));
        }

        foreach (var (url, body) in new (string, Func<string, object>)[]
        {
            ("/api/v1/auth/register", p => new { phone = p, fullName = "Nodira Karimova", password = "secret123", acceptTerms = true }),
            ("/api/v1/auth/register", p => new { phone = p, fullName = "Nodira Karimova", password = "secret123", acceptTerms = true }),
            ("/api/v1/auth/verify", p => new { phone = p, code = "0000" }),
            ("/api/v1/auth/verify/resend", p => new { phone = p }),
            ("/api/v1/auth/password/forgot", p => new { phone = p }),
            ("/api/v1/auth/password/forgot", p => new { phone = p }),
            ("/api/v1/auth/password/reset", p => new { phone = p, code = "0000", newPassword = "newpass123" }),
            ("/api/v1/auth/login", p => new { phone = p, password = "wrong-pass1" }),
        })
        {
            var known = await Answer(url, body(registered));
            var other = await Answer(url, body(unknown));
            Assert.True(known == other, $"{url}: registered {known} vs unknown {other}");
        }
        await _app.LastSmsToAsync(registered); // sends what the outbox holds
        Assert.Contains(_app.Services.GetRequiredService<Dorixona.Core.Notifications.DevSmsInbox>().Recent(registered),
            m => m.Text.Contains("ro‘yxatdan o‘tmoqchi bo‘ldi", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Services.GetRequiredService<Dorixona.Core.Notifications.DevSmsInbox>().Recent(registered),
            m => m.Text.Contains("tasdiqlash kodi", StringComparison.Ordinal)); // the owner is told, never sent a code to give away

        // Time: an unknown phone costs the same password hash as a registered one (medians of interleaved tries).
        var times = new Dictionary<string, List<double>> { [registered] = [], [unknown] = [] };
        for (var i = 0; i < 8; i++)
            foreach (var p in new[] { registered, unknown })
            {
                var watch = Stopwatch.StartNew();
                using var r = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone = p, password = "wrong-pass1" });
                times[p].Add(watch.Elapsed.TotalMilliseconds);
            }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (k, u) = (Median(times[registered]), Median(times[unknown]));
        Assert.True(u >= k * 0.5 && u <= k * 2, $"registered {k:F1} ms, unknown {u:F1} ms");
    }

    [Fact]
    public async Task The_register_and_sign_in_pages_answer_alike_for_registered_and_unknown_phones()
    {
        var registered = (await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System)).PhoneNumber!;
        var unknown = TestPhones.Next();

        async Task<(HttpStatusCode Status, string Where, string? Alert)> Page(string url, string form, Dictionary<string, string> fields, string phone)
        {
            using var response = await _app.Browser().SubmitAsync(url, form, fields);
            var where = response.Headers.Location?.ToString().Replace(Uri.EscapeDataString(phone), "PHONE", StringComparison.Ordinal) ?? "";
            var alert = HtmlForms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".alert-danger")?.TextContent.Trim();
            return (response.StatusCode, where, alert);
        }

        var registerTaken = await Page("/account/register", "register", RegisterFields(registered), registered);
        var registerNew = await Page("/account/register", "register", RegisterFields(unknown), unknown);
        Assert.Equal(registerNew, registerTaken);
        Assert.Equal(HttpStatusCode.Redirect, registerNew.Status);
        Assert.Contains("/account/verify?phone=PHONE", registerNew.Where, StringComparison.Ordinal);

        var loginKnown = await Page("/account/login", "login", new() { ["Input.Phone"] = registered, ["Input.Password"] = "wrong-pass1" }, registered);
        var loginUnknown = await Page("/account/login", "login", new() { ["Input.Phone"] = TestPhones.Next(), ["Input.Password"] = "wrong-pass1" }, "");
        Assert.Equal(loginKnown, loginUnknown);
        Assert.Equal("Telefon raqami yoki parol noto‘g‘ri.", loginKnown.Alert);
    }

    private static Dictionary<string, string> RegisterFields(string phone) =>
        new() { ["Input.Phone"] = phone, ["Input.FullName"] = "Nodira Karimova", ["Input.Password"] = "secret123", ["Input.AcceptTerms"] = "true" };

    /// <summary>The same database, a host with the throttle on, its clock in the test's hands, and a header that sets the client address.</summary>
    [Fact]
    public async Task Wrong_sms_sign_in_codes_count_in_the_same_throttle_as_wrong_passwords()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = ThrottledApp(clock);
        var phone = (await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System)).PhoneNumber!;
        var browser = Client(app, "10.0.0.77", cookies: true);
        using var sent = await browser.SubmitAsync("/account/login/sms", "login-sms", new Dictionary<string, string> { ["Input.Phone"] = phone });
        var codePage = HtmlForms.Parse(await sent.Content.ReadAsStringAsync());
        await using (var scope = app.Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Dorixona.Core.Notifications.OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        var code = SmsCode.In(app.Factory.Services.GetRequiredService<Dorixona.Core.Notifications.DevSmsInbox>().Recent(phone)[0].Text);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var wrong = await browser.SubmitAsync(codePage, "/account/login/sms", "login-sms-code", new Dictionary<string, string> { ["Code.Code"] = SmsCode.Wrong(code) });
            statuses.Add(wrong.StatusCode);
        }
        using var refusedRight = await browser.SubmitAsync(codePage, "/account/login/sms", "login-sms-code", new Dictionary<string, string> { ["Code.Code"] = code });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedRight.StatusCode); // refused before the code is even looked at
        Assert.NotNull(refusedRight.Headers.RetryAfter);
    }

    private ThrottledHost ThrottledApp(ManualClock clock)
    {
        var database = web.Database;
        var parent = new AppFactory(database.Provider, database.ConnectionString, new Dictionary<string, string?> { ["SignInThrottle:Enabled"] = "true" });
        var factory = parent.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(sp => new SignInThrottle(clock, sp.GetRequiredService<IOptions<SignInThrottleOptions>>(), sp.GetRequiredService<IConfiguration>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SignInThrottle>>()));
            s.AddTransient<IStartupFilter, ClientAddressFromHeader>();
        }));
        return new ThrottledHost(parent, factory);
    }

    private sealed record ThrottledHost(AppFactory Parent, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Parent.DisposeAsync();
        }
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                if (context.Request.Headers[AddressHeader].ToString() is { Length: > 0 } address) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return following(context);
            });
            next(app);
        };
    }

    private static HttpClient Client(ThrottledHost app, string address, bool cookies = false)
    {
        var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string phone, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password });

    private async Task<AppUser> StaffAsync(string role)
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Staff Member");
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var fresh = (await users.FindByIdAsync(user.Id.ToString()))!;
        await users.RemoveFromRoleAsync(fresh, Roles.Customer);
        await users.AddToRoleAsync(fresh, role);
        if (role == Roles.Operator) await users.RemovePasswordAsync(fresh);
        if (role == Roles.Operator) await users.AddPasswordAsync(fresh, "Demo12345");
        return fresh;
    }

    private static string SixDigits(string sms) => System.Text.RegularExpressions.Regex.Match(sms, @"\b\d{6}\b").Value;
}

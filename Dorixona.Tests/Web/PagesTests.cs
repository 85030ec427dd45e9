using System.Net;
using System.Text.Json;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web;

/// <summary>The account pages as a browser without JavaScript uses them: real forms, real cookies.</summary>
public abstract class PagesTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : PagesTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : PagesTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task A_new_customer_registers_verifies_and_is_signed_in()
    {
        var browser = _app.Browser();
        var phone = TestPhones.Next();

        using var registered = await browser.SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = "+998 " + phone[4..6] + " " + phone[6..9] + "-" + phone[9..11] + "-" + phone[11..],
            ["Input.FullName"] = "Nodira Xasanova",
            ["Input.Password"] = "secret123",
            ["Input.AcceptTerms"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var verifyUrl = registered.Headers.Location!.PathAndQuery();
        Assert.Equal($"/account/verify?phone={Uri.EscapeDataString(phone)}&sent=1", verifyUrl);

        var code = SmsCode.In(await _app.LastSmsToAsync(phone));
        using var verified = await browser.SubmitAsync(verifyUrl, "verify", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.Equal("/?welcome=1", verified.Headers.Location!.PathAndQuery());

        var profile = await browser.GetPageAsync("/account/profile");
        Assert.Contains(PhoneLocalFormatted(phone), profile.Body!.TextContent, StringComparison.Ordinal);
        // The sign-in history's rows; the channels part (#channels) has a table of its own.
        var history = profile.QuerySelectorAll("section:not(#channels) tbody tr");
        Assert.Single(history);
    }

    [Fact]
    public async Task Bad_registration_input_re_renders_with_field_errors_and_creates_nothing()
    {
        var before = await _app.UserCountAsync();

        using var response = await _app.Browser().SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = "12345", ["Input.FullName"] = "", ["Input.Password"] = "abc",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("is-invalid", page.GetElementById("phone")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("is-invalid", page.GetElementById("fullName")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("is-invalid", page.GetElementById("password")!.ClassName, StringComparison.Ordinal);
        Assert.Equal("12345", page.GetElementById("phone")!.GetAttribute("value"));
        Assert.Null(page.GetElementById("password")!.GetAttribute("value"));
        Assert.Contains(page.QuerySelectorAll(".invalid-feedback"), e => e.TextContent.Contains("Telefon raqami noto‘g‘ri", StringComparison.Ordinal));
        Assert.Equal(before, await _app.UserCountAsync());
    }

    [Fact]
    public async Task A_wrong_code_shows_tries_left_and_signs_nobody_in()
    {
        var browser = _app.Browser();
        var phone = TestPhones.Next();
        await browser.SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.FullName"] = "Otabek Saidov", ["Input.Password"] = "secret123", ["Input.AcceptTerms"] = "true",
        });
        var code = SmsCode.In(await _app.LastSmsToAsync(phone));

        using var response = await browser.SubmitAsync($"/account/verify?phone={Uri.EscapeDataString(phone)}", "verify",
            new Dictionary<string, string> { ["Input.Code"] = SmsCode.Wrong(code) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Yana 4 ta urinish qoldi", page.QuerySelector(".invalid-feedback")?.TextContent, StringComparison.Ordinal);
        using var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var before = await _app.UserCountAsync();

        using var response = await _app.Browser().PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register", ["Input.Phone"] = TestPhones.Next(), ["Input.FullName"] = "Forged Post", ["Input.Password"] = "secret123", ["Input.AcceptTerms"] = "true",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _app.UserCountAsync());
    }

    [Fact]
    public async Task Pages_speak_uzbek_first_and_switch_language_by_cookie()
    {
        var browser = _app.Browser();

        var uzbek = await browser.GetPageAsync("/account/login");
        using var switched = await browser.SubmitAsync("/account/login", "/culture", new Dictionary<string, string> { ["culture"] = "ru", ["returnUrl"] = "/account/login" });
        var russian = await browser.GetPageAsync("/account/login");

        Assert.Equal("uz", uzbek.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Kirish", uzbek.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/account/login", switched.Headers.Location!.PathAndQuery());
        Assert.Equal("ru", russian.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Вход", russian.QuerySelector("h1")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/api/v1/me")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var response = await _app.Browser().GetAsync(url);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shop_allows_only_its_own_styles_while_the_portals_allow_inline_styles_and_still_only_their_own_scripts()
    {
        using var shop = await _app.Browser().GetAsync("/");
        var shopPolicy = shop.Headers.GetValues("Content-Security-Policy").Single();
        var browser = _app.Browser();
        await browser.SignInAsync("+998900000001", "Demo12345");
        using var portal = await browser.GetAsync("/admin");
        var portalPolicy = portal.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains("style-src 'self';", shopPolicy, StringComparison.Ordinal);
        // MudBlazor writes its theme as a <style> element and places drawers and popovers with style attributes.
        Assert.Contains("style-src 'self' 'unsafe-inline';", portalPolicy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", portalPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_keep_to_the_content_security_policy()
    {
        foreach (var url in new[] { "/", "/account/register", "/account/login", "/account/verify", "/account/forgot" })
        {
            var page = await _app.Browser().GetPageAsync(url);
            Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), $"{url} has an inline script, which the CSP blocks"));
            Assert.Empty(page.QuerySelectorAll("style"));
            Assert.Empty(page.QuerySelectorAll("[style]"));
            Assert.Empty(page.QuerySelectorAll("[onclick],[onload],[onsubmit],[onchange]"));
        }
    }

    [Fact]
    public async Task An_unknown_page_answers_404_with_a_page_for_people()
    {
        using var response = await _app.Browser().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Sahifa topilmadi", page.QuerySelector("h1")!.TextContent.Trim());
    }

    /// <summary>Detailed health is for admins and for monitors on this machine (the test server has no caller address of its own).</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body)> DetailedHealthAsLocalMonitorAsync()
    {
        var context = await _app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/health/detailed";
            c.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        });
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Health_answers_alive_and_details_every_dependency()
    {
        var client = _app.CreateClient();

        using var alive = await client.GetAsync("/health");
        var (_, body) = await DetailedHealthAsLocalMonitorAsync();

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var checks = body.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.True(checks.TryGetProperty("quartz", out _));
        Assert.Equal("Healthy", checks.GetProperty("outbox").GetProperty("status").GetString());
        Assert.True(checks.GetProperty("outbox").GetProperty("data").TryGetProperty("backlog", out _));
    }

    [Fact]
    public async Task A_stuck_outbox_turns_detailed_health_503()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>();
        var longAgo = DateTime.UtcNow.AddHours(-1);
        var stuck = new OutboxMessage
        {
            Channel = OutboxChannel.Sms, Recipient = TestPhones.Next(), Body = "stuck", CreatedAt = longAgo, NextAttemptAt = longAgo,
        };
        db.OutboxMessages.Add(stuck);
        await db.SaveChangesAsync();
        try
        {
            var (status, body) = await DetailedHealthAsLocalMonitorAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());
        }
        finally
        {
            await db.OutboxMessages.Where(m => m.Id == stuck.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task The_bell_counts_unread_notifications_and_mark_all_read_clears_it()
    {
        var browser = _app.Browser();
        await browser.SignInAsync("+998900000002", "Demo12345");
        var userId = await _app.QueryAsync(db => db.Users.Where(u => u.UserName == "+998900000002").Select(u => u.Id).SingleAsync());
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var notifications = scope.ServiceProvider.GetRequiredService<INotificationService>();
            await notifications.NotifyAsync(userId, new NotificationRequest("Yangi retsept", "Navbatda 1 ta retsept bor", "/operator"));
            await notifications.NotifyAsync(userId, new NotificationRequest("Yangi buyurtma", "DX-250001", "/operator"));
        }

        var badge = await browser.GetPageAsync("/account/notifications"); // site.js re-reads #notification-badge from the page it is on
        Assert.StartsWith("2", badge.QuerySelector("#notification-badge .badge")!.TextContent.Trim(), StringComparison.Ordinal);
        var list = await browser.GetPageAsync("/account/notifications");
        Assert.Contains("Yangi retsept", list.Body!.TextContent, StringComparison.Ordinal);

        using var read = await browser.SubmitAsync("/account/notifications", "/account/notifications/read-all", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        var after = await browser.GetPageAsync("/account/notifications");
        Assert.Null(after.QuerySelector("#notification-badge .badge"));
    }

    private static string PhoneLocalFormatted(string phone) => $"+998 {phone[4..6]} {phone[6..9]} {phone[9..11]} {phone[11..]}";
}

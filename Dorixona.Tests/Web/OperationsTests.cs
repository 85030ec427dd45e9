using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dorixona.Tests.Web;

/// <summary>Rate limits and request logging, each on an app started with its own settings.</summary>
public sealed class OperationsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task More_than_100_requests_a_minute_from_one_address_get_429()
    {
        await using var app = new AppFactory(database.Provider, database.ConnectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "true" });
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 101; i++)
        {
            using var response = await client.GetAsync("/api/v1/categories");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(100), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[100]);
        // Liveness stays answered: a proxy in front asks every couple of seconds from one address (decision 0055).
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Sms_sending_endpoints_allow_only_five_posts_per_quarter_hour()
    {
        await using var app = new AppFactory(database.Provider, database.ConnectionString, new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "true" });
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/password/forgot", new { phone = TestPhones.Next() });
            statuses.Add(response.StatusCode);
        }
        using var page = await client.GetAsync("/account/register");

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Every_request_is_logged_with_method_path_status_and_time_and_slow_ones_warn()
    {
        var app = new AppFactory(database.Provider, database.ConnectionString, new Dictionary<string, string?> { ["Logging:SlowRequestMs"] = "0" });
        await using (app)
        {
            var client = app.CreateClient();
            using var response = await client.GetAsync("/account/login?code=secret-query-marker");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The test server hands the answer over before the middleware's line after it is written; a second request
            // lets the first one finish before the app (and its log) is shut down.
            using var next = await client.GetAsync("/health");
        }

        var lines = LogLines(app);
        var request = Assert.Single(lines, l => l.GetProperty("MessageTemplate").GetString()!.StartsWith("HTTP {RequestMethod} {RequestPath}", StringComparison.Ordinal)
            && l.GetProperty("Properties").GetProperty("RequestPath").GetString() == "/account/login");
        Assert.Equal("Warning", request.GetProperty("Level").GetString());
        var properties = request.GetProperty("Properties");
        Assert.Equal("GET", properties.GetProperty("RequestMethod").GetString());
        Assert.Equal(200, properties.GetProperty("StatusCode").GetInt32());
        Assert.True(properties.GetProperty("Elapsed").GetDouble() >= 0);
        // A query string can carry a code or token: it never reaches the log (a marker no number can contain).
        Assert.DoesNotContain("secret-query-marker", request.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_request_is_logged_with_the_user_id_and_role_and_errors_also_go_to_their_own_file()
    {
        var app = new AppFactory(database.Provider, database.ConnectionString);
        await using (app)
        {
            var client = app.CreateClient();
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone = "+998900000001", password = "Demo12345" });
            var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
            using var answer = await client.SendAsync(me);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var next = await client.GetAsync("/health");
            app.Services.GetRequiredService<ILogger<OperationsTests>>().LogError("Test failure {Marker}", "errors-file-marker");
        }

        var request = Assert.Single(LogLines(app), l => l.GetProperty("Properties").TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/v1/me");
        Assert.Equal("admin", request.GetProperty("Properties").GetProperty("Role").GetString());
        Assert.Matches("^[0-9a-f-]{36}$", request.GetProperty("Properties").GetProperty("UserId").GetString());
        var errors = Directory.GetFiles(app.LogDirectory, "dorixona-errors-*.log").SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(errors, l => l.Contains("errors-file-marker", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, l => l.Contains("/api/v1/me", StringComparison.Ordinal));
    }

    private static List<JsonElement> LogLines(AppFactory app) =>
        Directory.GetFiles(app.LogDirectory, "dorixona-*.log").Where(f => !Path.GetFileName(f).StartsWith("dorixona-errors-", StringComparison.Ordinal))
            .SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}

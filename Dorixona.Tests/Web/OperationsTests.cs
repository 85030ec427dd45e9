using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Infrastructure;

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
            using var response = await client.GetAsync("/health");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(100), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[100]);
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
            using var response = await client.GetAsync("/account/login?code=1234");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The test server hands the answer over before the middleware's line after it is written; a second request
            // lets the first one finish before the app (and its log) is shut down.
            using var next = await client.GetAsync("/health");
        }

        var lines = Directory.GetFiles(app.LogDirectory, "*.log").SelectMany(File.ReadAllLines).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var request = Assert.Single(lines, l => l.GetProperty("MessageTemplate").GetString()!.StartsWith("HTTP {Method} {Path}", StringComparison.Ordinal)
            && l.GetProperty("Properties").GetProperty("Path").GetString() == "/account/login");
        Assert.Equal("Warning", request.GetProperty("Level").GetString());
        var properties = request.GetProperty("Properties");
        Assert.Equal("GET", properties.GetProperty("Method").GetString());
        Assert.Equal(200, properties.GetProperty("StatusCode").GetInt32());
        Assert.True(properties.GetProperty("ElapsedMs").GetDouble() >= 0);
        Assert.DoesNotContain("1234", request.GetRawText(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web;

/// <summary>
/// In Production nothing secret reaches a log line: not the SMS code of a registration, not the password of a
/// sign-in, not the Payme key or the Authorization header of a provider's call, whatever the level.
/// </summary>
public sealed class ProductionLogTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private const string PaymeKey = "prod-payme-key-7f3a9c2e51d84b06a1e5";
    private const string Password = "Parol-9371-secret";

    [Fact]
    public async Task Registration_sign_in_and_a_payme_call_leave_no_code_password_key_or_authorization_in_the_logs()
    {
        await using var eskiz = await FakeEskiz.StartAsync();
        var settings = new Dictionary<string, string?>(eskiz.SenderSettings())
        {
            ["Demo:Seed"] = "false",
            ["Https:Redirect"] = "false",
            ["Payments:Simulator"] = "false",
            ["Payments:Payme:MerchantId"] = "prod-cashbox-1",
            ["Payments:Payme:Key"] = PaymeKey,
            ["Payments:Click:ServiceId"] = "30001",
            ["Payments:Click:MerchantId"] = "40001",
            ["Payments:Click:SecretKey"] = "prod-click-secret-5d1c",
            // Everything a developer could turn on still must not leak.
            ["Serilog:MinimumLevel"] = "Verbose",
            ["Logging:SlowRequestMs"] = "0",
        };
        var app = new AppFactory(database.Provider, database.ConnectionString, settings, environment: "Production");
        var phone = TestPhones.Next();
        string code;
        string authorization;
        await using (app)
        {
            var api = app.CreateClient();
            using var registered = await api.PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Dilnoza Karimova", password = Password, acceptTerms = true });
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
            code = SmsCode.In(Assert.Single(eskiz.Delivered).Message);

            using var verified = await api.PostAsJsonAsync("/api/v1/auth/verify", new { phone, code });
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            using var signedIn = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = Password });
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

            authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes("Paycom:" + PaymeKey));
            using var payme = new HttpRequestMessage(HttpMethod.Post, "/api/payments/payme")
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"CheckPerformTransaction","params":{"amount":100000,"account":{"order_id":"999999"}}}""", Encoding.UTF8, "application/json"),
            };
            payme.Headers.Authorization = new AuthenticationHeaderValue("Basic", authorization);
            using var answered = await api.SendAsync(payme);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.True((await answered.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _), "an unknown order is a Payme error");
            using var last = await api.GetAsync("/health");
        }

        var logs = string.Join('\n', Directory.GetFiles(app.LogDirectory, "*.log").Select(File.ReadAllText));
        Assert.Contains("/api/payments/payme", logs, StringComparison.Ordinal); // the calls were logged, so the absence below means something
        Assert.Contains("/api/v1/auth/verify", logs, StringComparison.Ordinal);
        // The code as a word of its own (not inside a timestamp, a duration or a phone number).
        Assert.DoesNotMatch(@"(?<![\d.:\-+])" + code + @"(?!\d|\.\d|:|-)", logs);
        Assert.DoesNotContain(Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(PaymeKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(authorization, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeEskiz.Password, logs, StringComparison.Ordinal);
        // HttpClient's own header log may name the header, with its value redacted.
        Assert.DoesNotMatch(@"(?i)authorization[^\n]{0,12}(basic|bearer)", logs);
    }

    [Theory]
    [InlineData("Password", true)]
    [InlineData("Code", true)]
    [InlineData("OtpCode", true)]
    [InlineData("Authorization", true)]
    [InlineData("PaymeKey", true)]
    [InlineData("CardNumber", true)]
    [InlineData("StatusCode", false)]
    [InlineData("OrderId", false)]
    [InlineData("RequestPath", false)]
    public void Properties_named_like_secrets_are_masked(string name, bool masked) =>
        Assert.Equal(masked, Dorixona.Web.Infrastructure.SecretMasking.IsSecret(name));
}

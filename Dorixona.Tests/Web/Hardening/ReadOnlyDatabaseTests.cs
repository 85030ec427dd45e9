using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dorixona.Tests.Web.Hardening;

/// <summary>
/// A database that refuses writes: detailed health says so, every write answers 503 (problem JSON for machines, a page for
/// people) instead of a 500 or a misleading 409, and once writes return the same running app works again.
/// </summary>
public abstract class ReadOnlyDatabaseTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : ReadOnlyDatabaseTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : ReadOnlyDatabaseTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;
    private readonly DatabaseFixture _database = web.Database;

    private static readonly object Delivery = new
    {
        fulfilment = "delivery", paymentMethod = "cash",
        address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = (string?)null, landmark = (string?)null, phone = (string?)null },
    };

    [Fact]
    public async Task Writes_answer_503_while_the_database_is_read_only_and_work_again_without_a_restart()
    {
        await TestCatalog.EnsureAsync(_app.Services);
        var product = await _app.ProductIdAsync("citramon-p-10");
        await _app.AdjustStockAsync(product, 5);
        var (customer, user) = await _app.SignedInCustomerAsync();
        await customer.AddToCartAsync(product, 1);
        var api = _app.CreateClient();

        await SetReadOnlyAsync(true);
        try
        {
            var (status, health) = await DetailedHealthAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("databaseWrites").GetProperty("status").GetString());

            using var register = await api.PostAsJsonAsync("/api/v1/auth/register", new { phone = TestPhones.Next(), fullName = "Kamola Rashidova", password = "secret123", acceptTerms = true });
            await AssertProblem503Async(register);
            using var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone = user.PhoneNumber, password = "secret123" });
            await AssertProblem503Async(login);
            using var add = await customer.PostAsJsonAsync("/api/v1/cart/items", new { productId = product, quantity = 2 });
            await AssertProblem503Async(add);
            using var checkout = await customer.CheckoutAsync(Guid.NewGuid().ToString("N"), Delivery);
            await AssertProblem503Async(checkout);

            // The sign-in page's form post too: a person gets the 503 page, and no session.
            using var signIn = await _app.Browser().SignInAsync(user.PhoneNumber!, "secret123");
            Assert.True(signIn.StatusCode == HttpStatusCode.ServiceUnavailable, $"sign-in answered {(int)signIn.StatusCode}: {(await signIn.Content.ReadAsStringAsync())[..Math.Min(3000, (int)(signIn.Content.Headers.ContentLength ?? 3000))]}");
            Assert.False(signIn.Headers.Contains("Set-Cookie") && signIn.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("dx.auth=", StringComparison.Ordinal)),
                "a refused sign-in hands out no session");
            var page = HtmlForms.Parse(await signIn.Content.ReadAsStringAsync());
            Assert.Equal("Vaqtincha mavjud emas", page.QuerySelector("h1")!.TextContent.Trim());
            Assert.Contains("o‘zgarishlarni qabul qila olmaydi", page.Body!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            await SetReadOnlyAsync(false);
        }

        // The same app, no restart and no pool cleared by the test: it recovers by itself. A PostgreSQL session that started
        // read-only may refuse the one request holding it; the pool drops it when it comes back.
        var after = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 3 && after != HttpStatusCode.OK; attempt++) (after, _) = await DetailedHealthAsync();
        Assert.Equal(HttpStatusCode.OK, after);
        using var signInAgain = await _app.Browser().SignInAsync(user.PhoneNumber!, "secret123");
        Assert.Equal(HttpStatusCode.Redirect, signInAgain.StatusCode);
        using var registered = await api.PostAsJsonAsync("/api/v1/auth/register", new { phone = TestPhones.Next(), fullName = "Kamola Rashidova", password = "secret123", acceptTerms = true });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        await customer.AddToCartAsync(product, 1);
        using var placed = await customer.CheckoutAsync(Guid.NewGuid().ToString("N"), Delivery);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
    }

    private static async Task AssertProblem503Async(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("database.readOnly", problem.GetProperty("code").GetString());
        Assert.Equal("Dorixona hozir o‘zgarishlarni qabul qila olmaydi. Birozdan so‘ng qayta urinib ko‘ring.", problem.GetProperty("detail").GetString());
    }

    /// <summary>As a monitor on this machine would ask.</summary>
    private async Task<(HttpStatusCode, JsonElement)> DetailedHealthAsync()
    {
        var context = await _app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/health/detailed";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
    }

    /// <summary>
    /// SQLite: the file becomes write-protected (immutable for root, who ignores file modes). PostgreSQL: new sessions start
    /// read-only. Either way connections opened before are dropped once, as a restarted database would drop them; after that
    /// the app is on its own.
    /// </summary>
    private async Task SetReadOnlyAsync(bool readOnly)
    {
        if (_database.Provider == Core.Data.DatabaseProvider.Sqlite)
        {
            var path = new SqliteConnectionStringBuilder(_database.ConnectionString).DataSource;
            var root = Environment.UserName == "root";
            if (root && !readOnly) await RunAsync("chattr", "-i " + path); // an immutable file refuses chmod too
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, readOnly ? UnixFileMode.UserRead | UnixFileMode.GroupRead : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            if (root && readOnly) await RunAsync("chattr", "+i " + path);
            if (readOnly) SqliteConnection.ClearAllPools();
        }
        else
        {
            var database = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database;
            var admin = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = "postgres", Pooling = false }.ToString();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            var sql = readOnly ? $"""ALTER DATABASE "{database}" SET default_transaction_read_only = on""" : $"""ALTER DATABASE "{database}" RESET default_transaction_read_only""";
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
            if (readOnly) NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments}: {await process.StandardError.ReadToEndAsync()}");
    }
}

/// <summary>Production answers over HTTPS carry HSTS for the site and its subdomains.</summary>
public sealed class HstsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task Production_sends_hsts_with_include_subdomains()
    {
        await using var eskiz = await FakeEskiz.StartAsync();
        var settings = new Dictionary<string, string?>(eskiz.SenderSettings())
        {
            ["Demo:Seed"] = "false", ["Https:Redirect"] = "false", ["Payments:Simulator"] = "false",
            ["Payments:Payme:MerchantId"] = "prod-cashbox-1", ["Payments:Payme:Key"] = "prod-payme-key-1b2c3d4e5f60718293a4",
            ["Payments:Click:ServiceId"] = "30001", ["Payments:Click:MerchantId"] = "40001", ["Payments:Click:SecretKey"] = "prod-click-secret-5d1c",
        };
        await using var app = new AppFactory(database.Provider, database.ConnectionString, settings, environment: "Production");
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://dorixona.test") });
        using var response = await client.GetAsync("/health");
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}

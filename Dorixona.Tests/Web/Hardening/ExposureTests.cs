using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments.Click;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Admin;
using Dorixona.Tests.Web.Orders;
using Dorixona.Tests.Web.Payments;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Hardening;

/// <summary>
/// Issue 16 on the real host over real sockets: personal answers are never stored by caches, the server does not name itself,
/// detailed health is for admins and local monitors, Click refuses stale signatures, the simulator calls only its own address.
/// </summary>
public abstract class ExposureTests(KestrelWebApp web)
{
    public sealed class OnSqlite(SqliteKestrelApp web) : ExposureTests(web), IClassFixture<SqliteKestrelApp>;

    public sealed class OnPostgres(PostgresKestrelApp web) : ExposureTests(web), IClassFixture<PostgresKestrelApp>;

    private const string ClickSecret = "demo-click-secret"; // appsettings.Development.json, which the test host runs with
    private const string ClickService = "12345";

    private readonly AppFactory _app = web.App;

    private HttpClient Raw() => web.Raw();

    private HttpClient Browser() => web.Browser();

    private async Task<HttpClient> SignedInAsync()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var browser = Browser();
        using var signIn = await browser.SignInAsync(user.PhoneNumber!, "secret123");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(signIn.Headers.CacheControl?.NoStore, "the sign-in answer sets the session cookie");
        return browser;
    }

    private async Task<(HttpClient Browser, long Order, long Total)> AwaitingPaymentAsync(string method)
    {
        var browser = await SignedInAsync();
        var product = await _app.ProductIdAsync("citramon-p-10");
        await _app.AdjustStockAsync(product, 1);
        await browser.AddToCartAsync(product, 1);
        var body = new
        {
            fulfilment = "delivery", paymentMethod = method,
            address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = (string?)null, landmark = (string?)null, phone = (string?)null },
        };
        using var placed = await browser.CheckoutAsync(Guid.NewGuid().ToString("N"), body);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.True(placed.Headers.CacheControl?.NoStore);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        return (browser, order.GetProperty("id").GetInt64(), order.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Personal_answers_carry_no_store_and_no_answer_names_the_server()
    {
        var (browser, order, _) = await AwaitingPaymentAsync("cash");
        foreach (var url in new[] { "/api/v1/me", "/api/v1/orders", $"/api/v1/orders/{order}", "/api/v1/notifications", "/api/v1/prescriptions", "/api/v1/cart",
                     "/orders", $"/orders/{order}", $"/orders/{order}/receipt", "/account", "/account/notifications", "/prescriptions", "/cart", "/" })
        {
            using var response = await browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url} to a signed-in customer may be stored: {response.Headers.CacheControl}");
            Assert.False(response.Headers.Contains("Server"), $"{url} names the server");
        }

        var admin = await _app.AdminApiAsync();
        using var dashboard = await Raw().SendAsync(Bearer(admin, "/api/v1/admin/dashboard"));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.True(dashboard.Headers.CacheControl?.NoStore);
        using var csv = await Raw().SendAsync(Bearer(admin, "/api/v1/admin/reports/orders.csv"));
        Assert.True(csv.Headers.CacheControl?.NoStore);
        var courier = await _app.BearerAsync("+998900000003");
        using var deliveries = await Raw().SendAsync(Bearer(courier, "/api/v1/courier/deliveries"));
        Assert.Equal(HttpStatusCode.OK, deliveries.StatusCode);
        Assert.True(deliveries.Headers.CacheControl?.NoStore);

        using var anonymous = await Raw().GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.False(anonymous.Headers.Contains("Server"));
        Assert.NotEqual(true, anonymous.Headers.CacheControl?.NoStore); // the public catalogue stays cacheable
    }

    private static HttpRequestMessage Bearer(HttpClient signedIn, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return request;
    }

    [Fact]
    public async Task Detailed_health_is_for_local_monitors_and_admins_while_health_stays_public()
    {
        using var alive = await Raw().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var local = await Raw().GetAsync("/health/detailed");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.True(local.Headers.CacheControl?.NoStore);

        // Through a proxy on this machine the caller is somebody else: the forwarding header says so.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/health/detailed");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var refused = await Raw().SendAsync(proxied);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("database", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var customer = await _app.BearerAsync("+998900000004");
        using var asCustomer = Bearer(customer, "/health/detailed");
        asCustomer.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.Forbidden, (await Raw().SendAsync(asCustomer)).StatusCode);

        var admin = await _app.AdminApiAsync();
        using var asAdmin = Bearer(admin, "/health/detailed");
        asAdmin.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var report = await Raw().SendAsync(asAdmin);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var checks = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("databaseWrites").GetProperty("status").GetString());
    }

    private static Dictionary<string, string> ClickPrepare(string clickTransId, long order, long total, string signTime)
    {
        var amount = total.ToString(CultureInfo.InvariantCulture);
        var orderId = order.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["click_trans_id"] = clickTransId, ["service_id"] = ClickService, ["click_paydoc_id"] = "7" + clickTransId, ["merchant_trans_id"] = orderId,
            ["amount"] = amount, ["action"] = "0", ["error"] = "0", ["error_note"] = "Success", ["sign_time"] = signTime,
            ["sign_string"] = ClickSign.Prepare(clickTransId, ClickService, ClickSecret, orderId, amount, "0", signTime),
        };
    }

    private static string TashkentTime(DateTime utc) => Tashkent.ToLocal(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Click_refuses_a_correctly_signed_call_whose_sign_time_is_outside_the_window()
    {
        var (_, order, total) = await AwaitingPaymentAsync("click");
        var id = Random.Shared.NextInt64(100_000_000, 999_999_999);
        foreach (var stale in new[] { "2020-03-02 07:50:19", TashkentTime(DateTime.UtcNow.AddHours(-2)), TashkentTime(DateTime.UtcNow.AddHours(2)) })
        {
            using var refused = await Raw().PostAsync("/api/payments/click/prepare", new FormUrlEncodedContent(ClickPrepare((++id).ToString(CultureInfo.InvariantCulture), order, total, stale)));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var answer = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(-1, answer.GetProperty("error").GetInt32());
            Assert.Equal("SIGN CHECK FAILED!", answer.GetProperty("error_note").GetString());
        }
        Assert.Empty(await _app.QueryAsync(db => db.Payments.Where(p => p.OrderId == order && p.ProviderTransactionId != null).ToListAsync()));

        using var current = await Raw().PostAsync("/api/payments/click/prepare",
            new FormUrlEncodedContent(ClickPrepare((++id).ToString(CultureInfo.InvariantCulture), order, total, TashkentTime(DateTime.UtcNow))));
        Assert.Equal(0, (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetInt32());
    }

    [Fact]
    public async Task The_simulator_calls_its_own_address_whatever_host_the_request_names()
    {
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var port = ((IPEndPoint)elsewhere.LocalEndpoint).Port;
        var reached = 0;
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var socket = await elsewhere.AcceptSocketAsync();
                    Interlocked.Increment(ref reached);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        });

        var (browser, order, _) = await AwaitingPaymentAsync("payme");
        using var pay = await browser.SubmitAsync($"/orders/{order}", $"/orders/{order}/pay", new Dictionary<string, string> { ["provider"] = "payme" });
        var simPath = new Uri(pay.Headers.Location!.ToString()).PathAndQuery;
        browser.DefaultRequestHeaders.Host = $"127.0.0.1:{port}"; // a forged Host: the attacker's listener
        using var run = await browser.SubmitAsync(simPath, "/dev/payments/run", new Dictionary<string, string> { ["outcome"] = "success" });
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);

        elsewhere.Stop();
        await accepting;
        Assert.Equal(0, reached);
        Assert.Equal(OrderStatus.Paid, await _app.QueryAsync(db => db.Orders.Where(o => o.Id == order).Select(o => o.Status).SingleAsync()));
    }
}

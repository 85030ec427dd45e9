using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.E2E.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Dorixona.E2E.Cluster;

/// <summary>
/// Two instances behind HAProxy on one PostgreSQL and one Redis (deploy/cluster.sh): what one instance does is seen on
/// the other, jobs run once, and limits count real clients.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterFixture cluster, BrowserFixture browser)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private string A => cluster.Instances[0];
    private string B => cluster.Instances[1];

    [Fact]
    public async Task An_order_placed_through_one_instance_reaches_a_live_client_on_the_other()
    {
        using var staff = ClusterFixture.Client(B);
        var token = await staff.SignInAsync(ShopApi.Operator);
        await using var hub = await LiveClientAsync(B, token);

        using var customer = ClusterFixture.Client(A);
        await customer.SignInAsync(ShopApi.Customer);
        var order = await customer.PlaceOrderAsync(await customer.ProductIdAsync());
        Assert.NotNull(order);

        await hub.WaitForAsync(order.Value.GetProperty("id").GetInt64(), status: null);
    }

    [Fact]
    public async Task A_payment_webhook_received_by_one_instance_moves_the_order_a_customer_watches_on_the_other()
    {
        using var customer = ClusterFixture.Client(A);
        var token = await customer.SignInAsync(ShopApi.Customer);
        var order = (await customer.PlaceOrderAsync(await customer.ProductIdAsync(), "payme"))!.Value;
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal("awaitingPayment", order.GetProperty("status").GetString());
        await using var hub = await LiveClientAsync(A, token);
        Assert.True(await hub.Connection.InvokeAsync<bool>("JoinOrder", id));

        using var payme = ClusterFixture.Client(B);
        var amount = order.GetProperty("total").GetInt64() * 100;
        var account = new { order_id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var transaction = Guid.NewGuid().ToString("N")[..24];
        Assert.True((await payme.PaymeAsync("CheckPerformTransaction", new { amount, account })).TryGetProperty("result", out _));
        Assert.True((await payme.PaymeAsync("CreateTransaction", new { id = transaction, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), amount, account }))
            .TryGetProperty("result", out _));
        var performed = await payme.PaymeAsync("PerformTransaction", new { id = transaction });
        Assert.Equal(2, performed.GetProperty("result").GetProperty("state").GetInt32());

        var moved = await hub.WaitForAsync(id, status: s => s != "AwaitingPayment");
        Assert.NotEqual("awaitingPayment", (await customer.OrderAsync(id)).GetProperty("status").GetString());
        Assert.NotEqual("AwaitingPayment", moved.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Each_client_behind_the_proxy_gets_its_own_limit_and_a_forged_address_counts_for_nothing()
    {
        const string path = "/api/v1/products?pageSize=1";
        using var first = ClusterFixture.Client(cluster.Proxy, "127.0.0.3");
        using var second = ClusterFixture.Client(cluster.Proxy, "127.0.0.4");
        for (var i = 0; i < 100; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(path)).StatusCode);
        // The proxy spreads these over both instances; the count is the shop's, not each instance's.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(path)).StatusCode);

        // Claiming to be somebody else through the proxy: the proxy replaces the header, so this is still client 5.
        using var claims = ClusterFixture.Client(cluster.Proxy, "127.0.0.5");
        using var claimed = new HttpRequestMessage(HttpMethod.Get, path);
        claimed.Headers.Add("X-Forwarded-For", "127.0.0.3");
        Assert.Equal(HttpStatusCode.OK, (await claims.SendAsync(claimed)).StatusCode);

        // Straight to an instance, past the proxy: X-Forwarded-For from a stranger is not believed, so a new made-up
        // address per request does not buy more requests.
        using var forger = ClusterFixture.Client(A, "127.0.0.6");
        for (var i = 0; i < 100; i++)
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, path);
            forged.Headers.Add("X-Forwarded-For", $"10.1.{i / 250}.{i % 250 + 1}");
            Assert.Equal(HttpStatusCode.OK, (await forger.SendAsync(forged)).StatusCode);
        }
        using var last = new HttpRequestMessage(HttpMethod.Get, path);
        last.Headers.Add("X-Forwarded-For", "10.2.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await forger.SendAsync(last)).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_through_both_instances_add_up_to_one_sign_in_throttle()
    {
        // A phone nobody has (unknown phones are throttled alike), from an address of its own.
        const string phone = "+998935550117";
        const string source = "127.0.0.20";
        using var throughA = ClusterFixture.Client(A, source);
        using var throughB = ClusterFixture.Client(B, source);
        using var throughProxy = ClusterFixture.Client(cluster.Proxy, source);

        // Four wrong passwords through the proxy (round robin: some reach each instance), the fifth straight to A.
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(i < 4 ? throughProxy : throughA, phone);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // However the proxy spread them, B alone saw at most four, fewer than the five free tries. Together they are five,
        // so B makes this client wait at once (the first wait is a second long; the refusal costs no password check).
        using var refused = await LoginAsync(throughB, phone);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("login.throttled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string phone) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "not-the-password1" });

    [Fact]
    public async Task An_unpaid_order_is_cancelled_once_and_its_stock_returned_once_while_two_instances_run_the_jobs()
    {
        using var customer = ClusterFixture.Client(cluster.Proxy, "127.0.0.7");
        await customer.SignInAsync(ShopApi.Customer);
        var product = await customer.ProductIdAsync();
        var order = (await customer.PlaceOrderAsync(product, "click"))!.Value;
        var id = order.GetProperty("id").GetInt64();

        var deadline = DateTime.UtcNow + ClusterFixture.PaymentTimeout + TimeSpan.FromSeconds(60);
        JsonElement now;
        do
        {
            await Task.Delay(1_000);
            now = await customer.OrderAsync(id);
        }
        while (now.GetProperty("status").GetString() != "cancelled" && DateTime.UtcNow < deadline);
        Assert.Equal("cancelled", now.GetProperty("status").GetString());
        // Both instances keep running the job every few seconds; give them several more rounds to do it twice.
        await Task.Delay(TimeSpan.FromSeconds(10));

        await using var db = new NpgsqlConnection(cluster.Database);
        await db.OpenAsync();
        Assert.Equal(1L, await ScalarAsync(db, """SELECT count(*) FROM "OrderHistory" WHERE "OrderId" = @id AND "ToStatus" = 'Cancelled'""", id));
        Assert.Equal(1L, await ScalarAsync(db, """SELECT count(*) FROM "StockLedger" WHERE "OrderId" = @id AND "Reason" = 'order-returned'""", id));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT COALESCE(SUM("Delta"), 0) FROM "StockLedger" WHERE "OrderId" = @id""", id));
    }

    [Fact]
    public async Task The_operator_board_on_one_instance_shows_at_once_an_order_placed_through_the_other()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = cluster.Proxy, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await ClusterPages.OpenOperatorBoardAsync(page);
        var boardInstance = await ClusterPages.CircuitInstanceAsync(context, cluster);
        var other = cluster.Instances.Single(i => i != boardInstance);

        using var customer = ClusterFixture.Client(other, "127.0.0.8");
        await customer.SignInAsync(ShopApi.Customer);
        var order = (await customer.PlaceOrderAsync(await customer.ProductIdAsync()))!.Value;

        await Expect(page.GetByText(order.GetProperty("number").GetString()!).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Stock_received_through_one_instance_is_on_sale_at_the_other_without_waiting_for_its_cache()
    {
        using var shopper = ClusterFixture.Client(B, "127.0.0.9");
        var product = await shopper.ProductIdAsync();
        var before = (await shopper.GetFromJsonAsync<JsonElement>($"/api/v1/products/{ShopApi.ProductSlug}")).GetProperty("stock").GetInt32();
        using var admin = ClusterFixture.Client(A, "127.0.0.9");
        await admin.SignInAsync(ShopApi.Admin);
        var branch = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/branches")).EnumerateArray().First().GetProperty("id").GetInt32();
        using var received = await admin.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = 7, reason = "delivery from the warehouse" });
        received.EnsureSuccessStatusCode();

        var seen = before;
        for (var i = 0; i < 50 && seen != before + 7; i++)
        {
            await Task.Delay(200);
            seen = (await shopper.GetFromJsonAsync<JsonElement>($"/api/v1/products/{ShopApi.ProductSlug}")).GetProperty("stock").GetInt32();
        }
        Assert.Equal(before + 7, seen);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, long id)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<LiveClient> LiveClientAsync(string instance, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(instance + "/hubs/live", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new LiveClient(connection);
        connection.On<string, JsonElement>("live", client.Received);
        await connection.StartAsync();
        return client;
    }

    internal sealed class LiveClient(HubConnection connection) : IAsyncDisposable
    {
        private readonly ConcurrentQueue<JsonElement> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public HubConnection Connection => connection;

        public void Received(string name, JsonElement payload)
        {
            _messages.Enqueue(payload.Clone());
            _arrived.Release();
        }

        /// <summary>The first message about <paramref name="orderId"/> (whose status passes <paramref name="status"/>, if given).</summary>
        public async Task<JsonElement> WaitForAsync(long orderId, Func<string, bool>? status)
        {
            var until = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < until)
            {
                foreach (var m in _messages)
                    if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("orderId", out var id) && id.GetInt64() == orderId
                        && (status is null || m.TryGetProperty("status", out var s) && status(s.GetString()!)))
                        return m;
                await _arrived.WaitAsync(TimeSpan.FromSeconds(1));
            }
            throw new TimeoutException($"No live message about order {orderId} in {Patience.TotalSeconds} s; got: "
                + string.Join(" | ", _messages.Select(m => m.GetRawText())));
        }

        public async ValueTask DisposeAsync() => await connection.DisposeAsync();
    }
}

internal static class ClusterPages
{
    public static async Task OpenOperatorBoardAsync(IPage page)
    {
        await page.GotoAsync("/account/login?returnUrl=%2Foperator%2Forders");
        await page.Locator("input[type=tel]").First.FillAsync(ShopApi.Operator);
        await page.Locator("input[type=password]").First.FillAsync(ShopApi.Password);
        await page.Locator("main button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync("**/operator/orders", new() { Timeout = 30_000 });
        await page.Locator("[data-circuit='on']").WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>The instance holding this browser's circuit, from the proxy's affinity cookie (DXNODE=appN).</summary>
    public static async Task<string> CircuitInstanceAsync(IBrowserContext context, ClusterFixture cluster)
    {
        var node = (await context.CookiesAsync()).Single(c => c.Name == "DXNODE").Value;
        return cluster.Instances[int.Parse(node["app".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1];
    }
}

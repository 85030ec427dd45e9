using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Payments.Click;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Admin;
using Dorixona.Tests.Web.Orders;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Payments;

/// <summary>The real host on Kestrel (real sockets), so simultaneous provider calls really arrive at the same moment.</summary>
public abstract class KestrelWebApp(DatabaseFixture database) : IAsyncLifetime
{
    public AppFactory App { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>A plain client on the real port, no cookies.</summary>
    public HttpClient Raw() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>A browser without JavaScript on the real port: its own cookies, redirects not followed.</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        App = new AppFactory(database.Provider, database.ConnectionString);
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        await TestCatalog.EnsureAsync(App.Services);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class SqliteKestrelApp() : KestrelWebApp(new SqliteDatabase());

public sealed class PostgresKestrelApp() : KestrelWebApp(new PostgresDatabase());

/// <summary>Payments through the running web app over HTTP: concurrent duplicate webhooks, malformed input, the API, the simulator, the pages.</summary>
public abstract class PaymentsWebTests(KestrelWebApp web)
{
    public sealed class OnSqlite(SqliteKestrelApp web) : PaymentsWebTests(web), IClassFixture<SqliteKestrelApp>;

    public sealed class OnPostgres(PostgresKestrelApp web) : PaymentsWebTests(web), IClassFixture<PostgresKestrelApp>;

    // The demo keys of appsettings.Development.json, which the test host runs with.
    private const string PaymeKey = "demo-payme-key-000000000000000000000";
    private const string ClickSecret = "demo-click-secret";
    private const string ClickService = "12345";

    private readonly AppFactory _app = web.App;
    private readonly string _base = web.BaseUrl;

    private HttpClient Raw() => web.Raw();

    private HttpClient Browser() => web.Browser();

    private async Task<HttpClient> SignedInAsync(string? phone = null)
    {
        var browser = Browser();
        var password = "Demo12345";
        if (phone is null)
        {
            phone = (await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System)).PhoneNumber!;
            password = "secret123";
        }
        using var signIn = await browser.SignInAsync(phone, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    private async Task<HttpClient> BearerAsync(string phone)
    {
        var client = Raw();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "Demo12345" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(HttpClient Browser, long Order, long Total)> AwaitingPaymentAsync(string method = "payme")
    {
        var browser = await SignedInAsync();
        var product = await _app.ProductIdAsync("citramon-p-10");
        await _app.AdjustStockAsync(product, 1); // each order brings its own unit, so the tests never run the shelf dry
        await browser.AddToCartAsync(product, 1);
        var body = new
        {
            fulfilment = "delivery", paymentMethod = method,
            address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = (string?)null, landmark = (string?)null, phone = (string?)null },
        };
        using var placed = await browser.CheckoutAsync(Guid.NewGuid().ToString("N"), body);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(method == "cash" ? "awaitingConfirmation" : "awaitingPayment", order.GetProperty("status").GetString());
        return (browser, order.GetProperty("id").GetInt64(), order.GetProperty("total").GetInt64());
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, JsonElement Json)> PaymeAsync(HttpClient client, string body, string? auth = "ok", string mediaType = "text/json", HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "/api/payments/payme");
        if (method != HttpMethod.Get) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        if (auth == "ok") request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("Paycom:" + PaymeKey)));
        else if (auth is not null) request.Headers.TryAddWithoutValidation("Authorization", auth);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Rpc(string method, object @params, int id = 1) => JsonSerializer.Serialize(new { method, @params, id });

    private static Dictionary<string, string> ClickForm(bool complete, string clickTransId, string orderId, string amount, string? prepareId = null, string error = "0")
    {
        var signTime = Dorixona.Core.Common.Tashkent.ToLocal(DateTime.UtcNow).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var action = complete ? "1" : "0";
        var form = new Dictionary<string, string>
        {
            ["click_trans_id"] = clickTransId, ["service_id"] = ClickService, ["click_paydoc_id"] = "1" + clickTransId, ["merchant_trans_id"] = orderId,
            ["amount"] = amount, ["action"] = action, ["error"] = error, ["error_note"] = "Success", ["sign_time"] = signTime,
            ["sign_string"] = complete
                ? ClickSign.Complete(clickTransId, ClickService, ClickSecret, orderId, prepareId!, amount, action, signTime)
                : ClickSign.Prepare(clickTransId, ClickService, ClickSecret, orderId, amount, action, signTime),
        };
        if (complete) form["merchant_prepare_id"] = prepareId!;
        return form;
    }

    private static async Task<JsonElement> ClickAsync(HttpClient client, string path, HttpContent content)
    {
        using var response = await client.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Starts <paramref name="count"/> calls that all wait at one gate, then releases them together.</summary>
    private static async Task<T[]> AllAtOnceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new CountdownEvent(count);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            ready.Signal();
            await gate.Task;
            return await call(i);
        })).ToArray();
        ready.Wait(TimeSpan.FromSeconds(30));
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private Task<List<Payment>> PaymentsOfAsync(long order) =>
        _app.QueryAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == order).ToListAsync());

    private Task<OrderStatus> StatusAsync(long order) => _app.QueryAsync(db => db.Orders.Where(o => o.Id == order).Select(o => o.Status).SingleAsync());

    private Task<int> PaidMovesAsync(long order) =>
        _app.QueryAsync(db => db.OrderHistory.CountAsync(h => h.OrderId == order && h.ToStatus == OrderStatus.Paid));

    [Fact]
    public async Task Simultaneous_duplicate_payme_performs_pay_the_order_once_and_answer_alike()
    {
        var (_, order, total) = await AwaitingPaymentAsync();
        var paymeId = Guid.NewGuid().ToString("N")[..24];
        var account = new { order_id = order.ToString() };
        using var client = Raw();
        var created = await PaymeAsync(client, Rpc("CreateTransaction", new { id = paymeId, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), amount = total * 100, account }));
        Assert.Equal(1, created.Json.GetProperty("result").GetProperty("state").GetInt32());

        var answers = await AllAtOnceAsync(8, async i =>
        {
            using var own = Raw(); // a connection of its own each
            return await PaymeAsync(own, Rpc("PerformTransaction", new { id = paymeId }, id: 100 + i));
        });

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var results = answers.Select(a => a.Json.GetProperty("result")).ToList();
        Assert.All(results, r => Assert.Equal(2, r.GetProperty("state").GetInt32()));
        Assert.Single(results.Select(r => r.GetProperty("perform_time").GetInt64()).Distinct());
        Assert.Equal(Enumerable.Range(100, 8), answers.Select(a => a.Json.GetProperty("id").GetInt32()).Order());
        Assert.Equal(OrderStatus.Paid, await StatusAsync(order));
        Assert.Equal(1, await PaidMovesAsync(order));
        Assert.Single(await PaymentsOfAsync(order), p => p.State == PaymentState.Succeeded);
    }

    [Fact]
    public async Task Simultaneous_payme_creates_with_different_ids_leave_one_transaction()
    {
        var (_, order, total) = await AwaitingPaymentAsync();
        var answers = await AllAtOnceAsync(6, async i =>
        {
            using var own = Raw();
            return await PaymeAsync(own, Rpc("CreateTransaction",
                new { id = $"{i:D2}" + Guid.NewGuid().ToString("N")[..22], time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), amount = total * 100, account = new { order_id = order.ToString() } }));
        });
        Assert.Equal(1, answers.Count(a => a.Json.TryGetProperty("result", out _)));
        Assert.All(answers.Where(a => a.Json.TryGetProperty("error", out _)), a => Assert.Equal(-31008, a.Json.GetProperty("error").GetProperty("code").GetInt32()));
        Assert.Single(await PaymentsOfAsync(order));
    }

    [Fact]
    public async Task Simultaneous_duplicate_click_completes_pay_the_order_once()
    {
        var (_, order, total) = await AwaitingPaymentAsync("click");
        var amount = PaymentLinks.ClickAmount(total);
        using var client = Raw();
        var prepared = await ClickAsync(client, "/api/payments/click/prepare", new FormUrlEncodedContent(ClickForm(false, "4242", order.ToString(), amount)));
        Assert.Equal(0, prepared.GetProperty("error").GetInt32());
        var prepareId = prepared.GetProperty("merchant_prepare_id").GetInt64().ToString();

        var answers = await AllAtOnceAsync(8, async _ =>
        {
            using var own = Raw();
            return await ClickAsync(own, "/api/payments/click/complete", new FormUrlEncodedContent(ClickForm(true, "4242", order.ToString(), amount, prepareId)));
        });

        var codes = answers.Select(a => a.GetProperty("error").GetInt32()).ToList();
        Assert.Equal(1, codes.Count(c => c == 0));
        Assert.Equal(7, codes.Count(c => c == -4));
        Assert.Equal(OrderStatus.Paid, await StatusAsync(order));
        Assert.Equal(1, await PaidMovesAsync(order));
    }

    [Fact]
    public async Task Malformed_payme_calls_answer_http_200_json_rpc_errors_and_change_nothing()
    {
        var (_, order, _) = await AwaitingPaymentAsync();
        using var client = Raw();
        var huge = "{\"method\":\"CheckPerformTransaction\",\"id\":5,\"params\":{\"x\":\"" + new string('a', 300_000) + "\"}}";
        (string Body, string? Auth, string Media, HttpMethod? Method, int Code)[] cases =
        [
            ("{oops", "ok", "text/json", null, -32700),
            ("<xml/>", "ok", "application/xml", null, -32700),
            ("[1,2]", "ok", "application/json", null, -32700),
            ("{\"id\":1,\"method\":\"CheckTransaction\"}", "ok", "application/json", null, -32600),
            ("{\"id\":1,\"method\":5,\"params\":{}}", "ok", "application/json", null, -32600),
            (Rpc("CreateTransaction", new { id = true, time = "now", amount = -1, account = "x" }), "ok", "text/json", null, -32600),
            (Rpc("Hack", new { }), "ok", "text/json", null, -32601),
            (huge, "ok", "application/json", null, -32600),
            (huge, null, "application/json", null, -32504),
            ("", "ok", "text/json", HttpMethod.Get, -32300),
            (Rpc("CheckPerformTransaction", new { amount = 100, account = new { order_id = order.ToString() } }), "Basic " + Convert.ToBase64String("Paycom:nope"u8.ToArray()), "text/json", null, -32504),
        ];
        foreach (var c in cases)
        {
            var (status, type, json) = await PaymeAsync(client, c.Body, c.Auth, c.Media, c.Method);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("application/json", type);
            Assert.Equal(c.Code, json.GetProperty("error").GetProperty("code").GetInt32());
            Assert.True(json.TryGetProperty("id", out _));
        }
        Assert.Empty(await PaymentsOfAsync(order));
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(order));
    }

    [Fact]
    public async Task Malformed_click_calls_answer_json_error_8_and_change_nothing()
    {
        var (_, order, _) = await AwaitingPaymentAsync("click");
        using var client = Raw();
        HttpContent[] bodies =
        [
            new StringContent("%%%&&&===", Encoding.UTF8, "application/x-www-form-urlencoded"),
            new StringContent("{\"click_trans_id\":[1]}", Encoding.UTF8, "application/json"),
            new StringContent("[1,2,3]", Encoding.UTF8, "application/json"),
            new StringContent("not json {", Encoding.UTF8, "application/json"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["click_trans_id"] = "1", ["amount"] = "abc" }),
            new StringContent("click_trans_id=" + new string('9', 40_000), Encoding.UTF8, "application/x-www-form-urlencoded"),
        ];
        foreach (var path in new[] { "/api/payments/click/prepare", "/api/payments/click/complete" })
        foreach (var body in bodies)
        {
            var json = await ClickAsync(client, path, body);
            Assert.Equal(-8, json.GetProperty("error").GetInt32());
            Assert.Equal("Error in request from click", json.GetProperty("error_note").GetString());
        }
        using var get = await client.GetAsync("/api/payments/click/prepare");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(-8, JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetInt32());
        var unsigned = ClickForm(false, "77", order.ToString(), "1.00");
        unsigned["sign_string"] = "x";
        Assert.Equal(-1, (await ClickAsync(client, "/api/payments/click/prepare", new FormUrlEncodedContent(unsigned))).GetProperty("error").GetInt32());
        Assert.Empty(await PaymentsOfAsync(order));
    }

    [Fact]
    public async Task The_payments_api_starts_a_payment_with_a_simulator_link_and_lists_only_own_orders()
    {
        var (browser, order, total) = await AwaitingPaymentAsync();
        using var started = await browser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { provider = "payme" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var json = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", json.GetProperty("state").GetString());
        var url = json.GetProperty("checkoutUrl").GetString()!;
        Assert.StartsWith(_base + "/dev/payments/payme/", url);
        var pairs = PaymentLinks.ReadPaymeToken(url[(_base + "/dev/payments/payme/").Length..])!;
        Assert.Equal((order.ToString(), (total * 100).ToString(), $"{_base}/orders/{order}"), (pairs["ac.order_id"], pairs["a"], pairs["c"]));

        using var click = await browser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { provider = "click" });
        var clickUrl = (await click.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!;
        Assert.Contains($"amount={total}.00&transaction_param={order}", clickUrl);

        var list = await browser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments");
        Assert.Equal(["cancelled", "pending"], list.EnumerateArray().Select(p => p.GetProperty("state").GetString()!).ToArray());
        Assert.Equal(["payme", "click"], list.EnumerateArray().Select(p => p.GetProperty("provider").GetString()!).ToArray());

        using var bad = await browser.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { provider = "bitcoin" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var stranger = await SignedInAsync();
        using var foreign = await stranger.PostAsJsonAsync($"/api/v1/orders/{order}/payments", new { provider = "payme" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var foreignList = await stranger.GetAsync($"/api/v1/orders/{order}/payments");
        Assert.Equal(HttpStatusCode.NotFound, foreignList.StatusCode);
    }

    [Fact]
    public async Task Paying_through_the_simulator_over_http_lands_on_a_paid_order_page()
    {
        var (browser, order, _) = await AwaitingPaymentAsync();
        var page = await browser.GetPageAsync($"/orders/{order}");
        Assert.NotNull(page.QuerySelector($"#order-payments form[action='/orders/{order}/pay']"));

        using var pay = await browser.SubmitAsync(page, $"/orders/{order}", $"/orders/{order}/pay", new Dictionary<string, string> { ["provider"] = "payme" });
        Assert.Equal(HttpStatusCode.Redirect, pay.StatusCode);
        var simulator = pay.Headers.Location!.ToString();
        Assert.StartsWith(_base + "/dev/payments/payme/", simulator);
        var simPath = new Uri(simulator).PathAndQuery;
        using var run = await browser.SubmitAsync(simPath, "/dev/payments/run", new Dictionary<string, string> { ["outcome"] = "success" });
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        Assert.Equal($"/orders/{order}", run.Headers.Location!.ToString());

        Assert.Equal(OrderStatus.Paid, await StatusAsync(order));
        var paid = await browser.GetPageAsync($"/orders/{order}");
        Assert.Equal("succeeded", paid.QuerySelector("#order-payments .dx-payment-state")!.GetAttribute("data-state"));
        Assert.Null(paid.QuerySelector($"#order-payments form[action='/orders/{order}/pay']"));
        // The island's prerendered stepper says so without JavaScript too.
        Assert.Equal("done", paid.QuerySelector("#order-steps [data-step='paid']")!.GetAttribute("data-state"));
        Assert.Null(paid.QuerySelector("#payment-deadline"));
        var log = await _app.QueryAsync(db => db.PaymentLogs.Where(l => l.OrderId == order).Select(l => l.Method).ToListAsync());
        Assert.Equal(["CheckPerformTransaction", "CreateTransaction", "PerformTransaction"], log);
    }

    [Fact]
    public async Task A_failed_click_payment_in_the_simulator_leaves_the_order_payable()
    {
        var (browser, order, _) = await AwaitingPaymentAsync("click");
        using var pay = await browser.SubmitAsync($"/orders/{order}", $"/orders/{order}/pay", new Dictionary<string, string> { ["provider"] = "click" });
        var simPath = new Uri(pay.Headers.Location!.ToString()).PathAndQuery;
        Assert.StartsWith("/dev/payments/click?", simPath);
        using var run = await browser.SubmitAsync(simPath, "/dev/payments/run", new Dictionary<string, string> { ["outcome"] = "failure" });
        Assert.Equal($"/orders/{order}", run.Headers.Location!.ToString());
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(order));
        Assert.Equal(PaymentState.Failed, (await PaymentsOfAsync(order)).Single().State);
        var page = await browser.GetPageAsync($"/orders/{order}");
        Assert.NotNull(page.QuerySelector($"#order-payments form[action='/orders/{order}/pay']"));
        Assert.Equal("declined", page.QuerySelector("#payment-failed")!.GetAttribute("data-failure"));
        Assert.Equal("click", page.QuerySelector("#pay-actions .dx-pay-btn")!.GetAttribute("data-provider"));
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("-5")]
    [InlineData("1e9")]
    public async Task The_click_simulator_answers_an_unusable_amount_with_a_field_error_not_a_500(string amount)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync($"/dev/payments/click?transaction_param=12345678901234567890&amount={amount}&return_url=/");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Summa noto‘g‘ri: musbat son bo‘lishi kerak.", page.QuerySelector("[data-field=amount]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("form[action='/dev/payments/run']"));
    }

    [Fact]
    public async Task An_operator_records_cash_once_and_customers_cannot()
    {
        var (customer, order, total) = await AwaitingPaymentAsync("cash");
        var operatorApi = await BearerAsync("+998900000002");
        using var wrong = await operatorApi.PostAsJsonAsync($"/api/v1/operator/orders/{order}/cash", new { amount = total - 1 });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using var taken = await operatorApi.PostAsJsonAsync($"/api/v1/operator/orders/{order}/cash", new { amount = total });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("succeeded", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        using var again = await operatorApi.PostAsJsonAsync($"/api/v1/operator/orders/{order}/cash", new { amount = total });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var byCustomer = await customer.PostAsJsonAsync($"/api/v1/operator/orders/{order}/cash", new { amount = total });
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        var cash = (await PaymentsOfAsync(order)).Single();
        Assert.Equal((PaymentProvider.Cash, PaymentState.Succeeded, OrderActor.Operator), (cash.Provider, cash.State, cash.ActorRole!.Value));
    }

    [Fact]
    public async Task Admins_list_payments_by_filter_and_read_one_with_its_log_others_may_not()
    {
        var (_, order, total) = await AwaitingPaymentAsync();
        using var client = Raw();
        var paymeId = Guid.NewGuid().ToString("N")[..24];
        await PaymeAsync(client, Rpc("CreateTransaction", new { id = paymeId, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), amount = total * 100, account = new { order_id = order.ToString() } }));
        var payment = (await PaymentsOfAsync(order)).Single();

        var admin = await SignedInAsync(AdminClients.AdminPhone);
        // The grid loads its rows from the server in the circuit: its filters are PaymentsPagesTests'; here, the page answers.
        using (var list = await admin.GetAsync($"/admin/payments?provider=payme&state=processing&order={Order.NumberFor(order)}"))
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var detail = await admin.GetPageAsync($"/admin/payments/{payment.Id}");
        var log = detail.QuerySelector("#payment-log")!.TextContent;
        Assert.Contains("CreateTransaction", log);
        Assert.Contains(paymeId, log);
        Assert.DoesNotContain(PaymeKey, detail.Source.Text);

        var (customer, _, _) = await AwaitingPaymentAsync();
        using var denied = await customer.GetAsync("/admin/payments");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        using var missing = await admin.GetAsync("/admin/payments/999999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_paid_order_shows_the_refund_until_an_operator_settles_it()
    {
        var (customer, order, total) = await AwaitingPaymentAsync("click");
        using var client = Raw();
        var amount = PaymentLinks.ClickAmount(total);
        var prepared = await ClickAsync(client, "/api/payments/click/prepare", new FormUrlEncodedContent(ClickForm(false, "5151" + order, order.ToString(), amount)));
        var prepareId = prepared.GetProperty("merchant_prepare_id").GetInt64().ToString();
        Assert.Equal(0, (await ClickAsync(client, "/api/payments/click/complete", new FormUrlEncodedContent(ClickForm(true, "5151" + order, order.ToString(), amount, prepareId)))).GetProperty("error").GetInt32());

        using var cancelled = await customer.PostAsJsonAsync($"/api/v1/orders/{order}/cancel", new { reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var page = await customer.GetPageAsync($"/orders/{order}");
        Assert.NotNull(page.QuerySelector("#order-payments .dx-refund-pending"));
        Assert.True((await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order}/payments"))[0].GetProperty("refundPending").GetBoolean());

        // The refunds page lists it from its first (prerendered) paint; settling it there is the bunit RefundsPageTests' part.
        var operatorBrowser = await SignedInAsync("+998900000002");
        var refunds = await operatorBrowser.GetPageAsync("/operator/refunds");
        var payment = (await PaymentsOfAsync(order)).Single();
        Assert.NotNull(refunds.QuerySelector($"tr[data-payment='{payment.Id}']"));
        var operatorApi = await BearerAsync("+998900000002");
        using var settled = await operatorApi.PostAsJsonAsync($"/api/v1/operator/payments/{payment.Id}/refund", new { note = "returned to the card" });
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);

        Assert.Equal(PaymentState.Refunded, (await PaymentsOfAsync(order)).Single().State);
        var after = await customer.GetPageAsync($"/orders/{order}");
        Assert.Equal("refunded", after.QuerySelector("#order-payments .dx-payment-state")!.GetAttribute("data-state"));
        Assert.Null(after.QuerySelector("#order-payments .dx-refund-pending"));
        using var byCustomer = await customer.GetAsync("/operator/refunds");
        Assert.NotEqual(HttpStatusCode.OK, byCustomer.StatusCode);
    }
}

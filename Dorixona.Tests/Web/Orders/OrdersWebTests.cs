using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Orders;

/// <summary>Checkout, orders and the operator's transition through the real host, by API and by plain forms.</summary>
public abstract class OrdersWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : OrdersWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : OrdersWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Checkout_twice_with_the_same_idempotency_key_places_one_order()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 2);
        var key = Guid.NewGuid().ToString("N");

        using var first = await browser.CheckoutAsync(key, OrdersWebApp.CashDelivery);
        using var second = await browser.CheckoutAsync(key, OrdersWebApp.CashDelivery);
        using var noKey = await browser.PostAsJsonAsync("/api/v1/orders/checkout", OrdersWebApp.CashDelivery);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64());
        Assert.Equal(1, await _app.QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("checkout.idempotencyKeyRequired", (await noKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_refused_checkout_answers_409_naming_the_line_that_cannot_be_served()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var noSpa = await _app.ProductIdAsync("no-spa-40-24");
        await browser.AddToCartAsync(noSpa, 5);
        await _app.AdjustStockAsync(noSpa, -8);

        using var refused = await browser.CheckoutAsync(Guid.NewGuid().ToString("N"), OrdersWebApp.CashDelivery);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty($"lines[{noSpa}]")[0].GetString();
        Assert.Equal("«No-Spa 40 mg»: faqat 2 ta bor, siz 5 ta so‘radingiz.", message);
        Assert.Contains(problem.GetProperty("codes").EnumerateArray(), c => c.GetProperty("code").GetString() == "checkout.lineUnavailable");
        Assert.Equal(0, await _app.QueryAsync(db => db.Orders.CountAsync(o => o.UserId == user.Id)));
        await _app.AdjustStockAsync(noSpa, 8);
    }

    [Fact]
    public async Task Order_json_has_the_named_fields_in_camel_case()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var drotaverin = await _app.ProductIdAsync("drotaverin-40-20");
        var placed = await browser.PlaceOrderAsync(drotaverin, 2);

        var order = await browser.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{placed.GetProperty("id").GetInt64()}");
        var list = await browser.GetFromJsonAsync<JsonElement>("/api/v1/orders?status=awaitingConfirmation");

        Assert.Matches("^DX-25\\d{4}$", order.GetProperty("number").GetString());
        Assert.Equal("awaitingConfirmation", order.GetProperty("status").GetString());
        Assert.Equal("cash", order.GetProperty("paymentMethod").GetString());
        Assert.Equal("delivery", order.GetProperty("fulfilment").GetString());
        Assert.Equal(28_000, order.GetProperty("total").GetInt64());
        Assert.Equal(13_000, order.GetProperty("itemsTotal").GetInt64());
        Assert.Equal(15_000, order.GetProperty("deliveryFee").GetInt64()); // the seeded central Tashkent zone
        Assert.True(order.TryGetProperty("createdAt", out _));
        var line = order.GetProperty("lines")[0];
        Assert.Equal(drotaverin, line.GetProperty("productId").GetInt32());
        Assert.Equal("Drotaverin 40 mg", line.GetProperty("name").GetString());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(6_500, line.GetProperty("unitPrice").GetInt64());
        Assert.Equal(13_000, line.GetProperty("lineTotal").GetInt64());
        Assert.False(line.GetProperty("requiresPrescription").GetBoolean());
        var history = order.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([null, "created"], history.Select(h => h.GetProperty("from").GetString()));
        Assert.Equal(["created", "awaitingConfirmation"], history.Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(["customer", "system"], history.Select(h => h.GetProperty("actor").GetString()));
        Assert.Equal("Chilonzor", order.GetProperty("address").GetProperty("district").GetString());
        Assert.Contains(list.EnumerateArray(), o => o.GetProperty("id").GetInt64() == placed.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_customer_can_neither_see_nor_cancel_another_customers_order()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (other, _) = await _app.SignedInCustomerAsync();
        var id = (await owner.PlaceOrderAsync(await _app.ProductIdAsync("panadol-500-12"), 1)).GetProperty("id").GetInt64();

        using var api = await other.GetAsync($"/api/v1/orders/{id}");
        using var cancel = await other.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "not mine" });
        using var receipt = await other.GetAsync($"/orders/{id}/receipt");
        using var page = await other.GetAsync($"/orders/{id}");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, receipt.StatusCode);
        Assert.Equal("awaitingConfirmation", (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Buying_again_puts_the_lines_on_sale_in_the_cart_at_todays_price_and_says_why_the_others_are_left_out()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var drotaverin = await _app.ProductIdAsync("drotaverin-40-20");
        var paracetamol = await _app.ProductIdAsync("paracetamol-500-10");
        var ibuprofen = await _app.ProductIdAsync("ibuprofen-200-20");
        await browser.AddToCartAsync(drotaverin, 2);
        await browser.AddToCartAsync(paracetamol, 1);
        await browser.AddToCartAsync(ibuprofen, 1);
        using var placed = await browser.CheckoutAsync(Guid.NewGuid().ToString("N"), OrdersWebApp.CashDelivery);
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var priceThen = await _app.QueryAsync(db => db.Products.Where(p => p.Id == drotaverin).Select(p => p.Price).SingleAsync());
        // Since then: Drotaverin costs more, ibuprofen sold out, paracetamol was taken off sale.
        await _app.QueryAsync(db => db.Products.Where(p => p.Id == drotaverin).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, priceThen + 1_000)));
        await _app.QueryAsync(db => db.Products.Where(p => p.Id == paracetamol).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
        await _app.Services.GetRequiredService<CatalogIndex>().RebuildAsync();
        var ibuprofenStock = await _app.StockAsync(ibuprofen);
        await _app.AdjustStockAsync(ibuprofen, -ibuprofenStock);
        try
        {
            using var response = await browser.PostAsync($"/api/v1/orders/{id}/reorder", null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            var added = Assert.Single(answer.GetProperty("added").EnumerateArray());
            Assert.Equal(drotaverin, added.GetProperty("productId").GetInt32());
            Assert.Equal(2, added.GetProperty("added").GetInt32());
            Assert.Equal(priceThen + 1_000, added.GetProperty("price").GetInt64());
            Assert.Equal(priceThen, added.GetProperty("priceThen").GetInt64());
            var left = answer.GetProperty("notAdded").EnumerateArray().ToDictionary(l => l.GetProperty("productId").GetInt32());
            Assert.Equal("notSold", left[paracetamol].GetProperty("reason").GetString());
            Assert.Equal("soldOut", left[ibuprofen].GetProperty("reason").GetString());
            Assert.EndsWith("hozir qolmagan.", left[ibuprofen].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, answer.GetProperty("cartCount").GetInt32());
            var cart = (await browser.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("lines");
            var line = Assert.Single(cart.EnumerateArray());
            Assert.Equal(priceThen + 1_000, line.GetProperty("price").GetInt64());
            Assert.False(line.GetProperty("priceChanged").GetBoolean());
        }
        finally
        {
            await _app.AdjustStockAsync(ibuprofen, ibuprofenStock);
            await _app.QueryAsync(db => db.Products.Where(p => p.Id == paracetamol).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, true)));
            await _app.QueryAsync(db => db.Products.Where(p => p.Id == drotaverin).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, priceThen)));
            await using (var scope = _app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
            await _app.Services.GetRequiredService<CatalogIndex>().RebuildAsync();
        }
    }

    [Fact]
    public async Task Buy_again_from_the_order_list_fills_the_cart_and_the_cart_says_what_is_capped_without_script()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var nurofen = await _app.ProductIdAsync("nurofen-200-10");
        var id = (await browser.PlaceOrderAsync(nurofen, 3)).GetProperty("id").GetInt64();
        var stock = await _app.StockAsync(nurofen);
        // Two left on the shelf: three were ordered, two come back.
        await _app.AdjustStockAsync(nurofen, 2 - stock);
        try
        {
            using var form = await browser.SubmitAsync("/orders", $"/orders/{id}/reorder", new Dictionary<string, string>());

            Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
            var page = await browser.GetPageAsync(form.Headers.Location!.PathAndQuery());
            var notice = page.QuerySelector(".dx-reorder-notice")!.TextContent;
            Assert.Contains("buyurtmasidagi dorilar savatga bugungi narxlarda qo‘shildi", notice, StringComparison.Ordinal);
            Assert.Contains("3 tadan 2 tasi qo‘shildi", notice, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector($"#line-{nurofen}"));
        }
        finally
        {
            await _app.AdjustStockAsync(nurofen, stock - 2);
        }
    }

    [Fact]
    public async Task Nobody_can_buy_again_from_another_customers_order()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (other, _) = await _app.SignedInCustomerAsync();
        var id = (await owner.PlaceOrderAsync(await _app.ProductIdAsync("panadol-500-12"), 1)).GetProperty("id").GetInt64();

        using var api = await other.PostAsync($"/api/v1/orders/{id}/reorder", null);
        using var anonymous = await _app.CreateClient().PostAsync($"/api/v1/orders/{id}/reorder", null);
        var cartPage = await other.GetPageAsync($"/cart?reorder={id}&added=1&left=1.soldOut");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("order.notFound", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("lines").GetArrayLength());
        Assert.Null(cartPage.QuerySelector(".dx-reorder-notice")); // someone else's order number tells nothing
    }

    [Fact]
    public async Task Cancelling_through_the_api_gives_the_stock_back()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        var before = await _app.StockAsync(citramon);
        var id = (await browser.PlaceOrderAsync(citramon, 3)).GetProperty("id").GetInt64();
        var during = await _app.StockAsync(citramon);

        using var cancel = await browser.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "changed my mind" });
        using var again = await browser.PostAsJsonAsync($"/api/v1/orders/{id}/cancel", new { reason = "twice" });

        Assert.Equal(before - 3, during);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var order = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", order.GetProperty("status").GetString());
        Assert.Equal("changed my mind", order.GetProperty("cancelReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(before, await _app.StockAsync(citramon));
    }

    [Fact]
    public async Task The_checkout_forms_deliver_with_cash_and_land_on_the_order_awaiting_confirmation()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        await browser.AddToCartAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 2);
        var details = new Dictionary<string, string>
        {
            ["Input.Fulfilment"] = "delivery", ["Input.Region"] = "Toshkent shahri", ["Input.District"] = "Chilonzor", ["Input.Street"] = "Bunyodkor",
            ["Input.House"] = "7", ["Input.Payment"] = "cash", ["Input.Action"] = "review",
        };

        using var missingHouse = await browser.SubmitAsync("/checkout", "checkout", new Dictionary<string, string>(details) { ["Input.House"] = "" });
        using var review = await browser.SubmitAsync("/checkout", "checkout", details);
        var reviewPage = HtmlForms.Parse(await review.Content.ReadAsStringAsync());
        using var confirm = await browser.SubmitAsync(reviewPage, "/checkout", "checkout", new Dictionary<string, string> { ["Input.Action"] = "confirm" });
        using var twice = await browser.SubmitAsync(reviewPage, "/checkout", "checkout", new Dictionary<string, string> { ["Input.Action"] = "confirm" });

        var invalid = HtmlForms.Parse(await missingHouse.Content.ReadAsStringAsync());
        Assert.Contains("is-invalid", invalid.GetElementById("house")!.ClassName, StringComparison.Ordinal);
        Assert.Equal("Uy raqamini kiriting.", invalid.GetElementById("house-error")!.TextContent.Trim());
        Assert.Equal("15 000 so'm", reviewPage.GetElementById("review-fee")!.TextContent.Trim());
        Assert.Equal("25 000 so'm", reviewPage.GetElementById("review-total")!.TextContent.Trim());
        Assert.Equal("10000", reviewPage.QuerySelector("input[name='Input.ExpectedTotal']")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var location = confirm.Headers.Location!.PathAndQuery();
        Assert.Matches("^/orders/\\d+\\?placed=1$", location);
        Assert.Equal(location, twice.Headers.Location!.PathAndQuery());
        var order = await browser.GetPageAsync(location);
        Assert.Equal("awaitingConfirmation", order.QuerySelector(".dx-order-status")!.GetAttribute("data-status"));
        Assert.Equal("tasdiqlashni kutmoqda", order.QuerySelector(".dx-order-status")!.TextContent.Trim());
        var mine = await browser.GetPageAsync("/orders?status=awaitingConfirmation");
        Assert.Contains(mine.QuerySelectorAll("main a"), a => location.StartsWith(a.GetAttribute("href") + "?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pick_up_offers_only_the_branches_holding_every_line()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var mezim = await _app.ProductIdAsync("mezim-forte-20");
        var nurofen = await _app.ProductIdAsync("nurofen-200-10");
        await AddBranchHoldingAsync("YUN", "Yunusobod", mezim, 5);
        await browser.AddToCartAsync(mezim, 2);

        var both = await BranchChoicesAsync(browser);
        await browser.AddToCartAsync(nurofen, 1);
        var onlyShop = await BranchChoicesAsync(browser);

        Assert.Equal(["Chilonzor", "Yunusobod"], both);
        Assert.Equal(["Chilonzor"], onlyShop);
    }

    [Fact]
    public async Task The_operator_transition_refuses_a_forbidden_move_with_409_and_lets_customers_and_couriers_do_nothing()
    {
        var (customer, _) = await _app.SignedInCustomerAsync();
        var id = (await customer.PlaceOrderAsync(await _app.ProductIdAsync("analgin-500-10"), 1)).GetProperty("id").GetInt64();
        var operatorBrowser = await _app.SignedInAsync("+998900000002");
        var courier = await _app.SignedInAsync("+998900000003");
        var url = $"/api/v1/operator/orders/{id}/transition";

        using var forbidden = await operatorBrowser.PostAsJsonAsync(url, new { to = "delivered" });
        using var byCustomer = await customer.PostAsJsonAsync(url, new { to = "confirmed" });
        using var byCourier = await courier.PostAsJsonAsync(url, new { to = "confirmed" });
        using var confirmed = await operatorBrowser.PostAsJsonAsync(url, new { to = "confirmed", note = "checked" });

        Assert.Equal(HttpStatusCode.Conflict, forbidden.StatusCode);
        Assert.Contains((await forbidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes").EnumerateArray(),
            c => c.GetProperty("code").GetString() == "order.transitionNotAllowed");
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCourier.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var order = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        Assert.Equal("confirmed", order.GetProperty("status").GetString());
        Assert.Equal("operator", order.GetProperty("history").EnumerateArray().Last().GetProperty("actor").GetString());
        // The board's packing column (its grid reads this page of Core's board) holds the confirmed order.
        var board = await _app.QueryAsync(db => new OrderBoard(db).PageAsync(new BoardFilter(BoardTab.Packing, OrderStatus.Confirmed, null, null, null), 0, 100));
        Assert.Contains(board.Cards, c => c.Id == id);
    }

    private static async Task<List<string>> BranchChoicesAsync(HttpClient browser) =>
        (await browser.GetPageAsync("/checkout")).QuerySelectorAll(".dx-branch-choice strong").Select(s => s.TextContent.Trim()).ToList();

    private async Task AddBranchHoldingAsync(string code, string name, int productId, int quantity)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var branch = new Branch { Code = code, Name = name, Address = "Amir Temur 107", OpeningHours = "24/7", Phone = "+998712001030" };
        db.Branches.Add(branch);
        await db.SaveChangesAsync();
        var added = await scope.ServiceProvider.GetRequiredService<StockService>()
            .ApplyAsync(new StockChange(productId, branch.Id, quantity, StockReasons.Adjustment));
        Assert.True(added.Succeeded);
    }
}

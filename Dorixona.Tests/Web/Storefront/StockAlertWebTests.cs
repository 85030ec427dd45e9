using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>"Tell me when it is back" through the real host: the API, the product page's form and the job that tells.</summary>
public abstract class StockAlertWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : StockAlertWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : StockAlertWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_customer_waiting_for_a_sold_out_product_is_told_once_when_a_branch_has_it_again()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var (other, otherUser) = await _app.SignedInCustomerAsync();
        var spazmonet = await _app.ProductIdAsync("spazmonet-40-20");

        using var first = await browser.PostAsync("/api/v1/products/spazmonet-40-20/stock-alerts", null);
        using var again = await browser.PostAsync($"/api/v1/products/{spazmonet}/stock-alerts", null);
        using var byOther = await other.PostAsync("/api/v1/products/spazmonet-40-20/stock-alerts", null);
        await SendDueAsync();
        var toldWhileSoldOut = await NotificationsAsync(user.Id);
        await _app.AdjustStockAsync(spazmonet, 4);
        try
        {
            await SendDueAsync();
            await SendDueAsync();

            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("spazmonet-40-20", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString());
            Assert.Equal(HttpStatusCode.Created, byOther.StatusCode);
            Assert.Empty(toldWhileSoldOut);
            var told = Assert.Single(await NotificationsAsync(user.Id));
            Assert.Equal("«Spazmonet 40 mg» yana sotuvda", told.Title);
            Assert.Equal("/product/spazmonet-40-20", told.Link);
            Assert.Single(await NotificationsAsync(otherUser.Id));
            Assert.Equal(1, await _app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == user.PhoneNumber && m.Body.Contains("Spazmonet"))));
            Assert.Equal(0, await _app.QueryAsync(db => db.StockAlerts.CountAsync(a => a.ProductId == spazmonet)));
            Assert.Empty((await browser.GetFromJsonAsync<JsonElement>("/api/v1/me/stock-alerts")).EnumerateArray());
        }
        finally
        {
            await _app.AdjustStockAsync(spazmonet, -4);
        }
    }

    [Fact]
    public async Task Alerts_are_refused_for_a_product_in_stock_an_unknown_one_and_a_guest()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();

        using var inStock = await browser.PostAsync("/api/v1/products/citramon-p-10/stock-alerts", null);
        using var unknown = await browser.PostAsync("/api/v1/products/no-such-medicine/stock-alerts", null);
        using var guest = await _app.CreateClient().PostAsync("/api/v1/products/paracetamol-syrup-100/stock-alerts", null);
        using var notWaiting = await browser.DeleteAsync("/api/v1/products/paracetamol-syrup-100/stock-alerts");

        Assert.Equal(HttpStatusCode.Conflict, inStock.StatusCode);
        var problem = await inStock.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("stockAlert.inStock", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guest.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notWaiting.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.StockAlerts.CountAsync(a => a.UserId == user.Id)));
    }

    [Fact]
    public async Task The_product_page_asks_cancels_and_offers_sign_in_to_a_guest_without_script()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var syrup = await _app.ProductIdAsync("paracetamol-syrup-100");

        var guestPage = await _app.Browser().GetPageAsync("/product/paracetamol-syrup-100");
        using var ask = await browser.SubmitAsync("/product/paracetamol-syrup-100", "/product/paracetamol-syrup-100/stock-alert", new Dictionary<string, string>());
        var waiting = await browser.GetPageAsync(ask.Headers.Location!.PathAndQuery());
        var waitingAlerts = await _app.QueryAsync(db => db.StockAlerts.CountAsync(a => a.UserId == user.Id && a.ProductId == syrup));
        using var cancel = await browser.SubmitAsync(waiting, "/product/paracetamol-syrup-100", "/product/paracetamol-syrup-100/stock-alert",
            new Dictionary<string, string> { ["cancel"] = "1" });
        var inStockPage = await browser.GetPageAsync("/product/citramon-p-10");

        Assert.Equal("/account/login?returnUrl=%2Fproduct%2Fparacetamol-syrup-100", guestPage.QuerySelector("#stock-alert a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        Assert.Equal(1, waitingAlerts);
        Assert.Contains("SMS orqali xabar beramiz", waiting.QuerySelector("#stock-alert")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.StockAlerts.CountAsync(a => a.UserId == user.Id)));
        Assert.Null(inStockPage.QuerySelector("#stock-alert"));
    }

    private async Task SendDueAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StockAlertService>().SendDueAsync();
    }

    private Task<List<Core.Notifications.Notification>> NotificationsAsync(Guid userId) =>
        _app.QueryAsync(db => db.Notifications.Where(n => n.UserId == userId && n.Link == "/product/spazmonet-40-20").ToListAsync());
}

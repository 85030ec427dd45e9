using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web;

/// <summary>
/// The product page keeps its data and its stock by branch in memory between views (decision 0048); whatever changes
/// stock or the catalog must show on the next view, exactly as the database has it.
/// </summary>
public abstract partial class ProductPageFreshnessTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : ProductPageFreshnessTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : ProductPageFreshnessTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Branch id → units as the page lists them under "where to buy" (sold out reads as 0).</summary>
    private static Dictionary<int, int> ShownStock(IHtmlDocument page) =>
        page.QuerySelectorAll("details li").ToDictionary(
            li => int.Parse(li.QuerySelector("a")!.GetAttribute("href")!.Split("#branch-")[1], CultureInfo.InvariantCulture),
            li => Units(li.QuerySelectorAll("span")[^1].TextContent));

    private static int Units(string text) => Digits().Match(text) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private Task<Dictionary<int, int>> StockInDatabaseAsync(int productId) =>
        _app.QueryAsync(db => (from s in db.BranchStock
                               join b in db.Branches on s.BranchId equals b.Id
                               where s.ProductId == productId && b.IsActive
                               select new { s.BranchId, s.Quantity }).ToDictionaryAsync(x => x.BranchId, x => x.Quantity));

    private async Task AssertPageShowsTheDatabaseAsync(HttpClient browser, string slug, int productId)
    {
        var page = await browser.GetPageAsync("/product/" + slug);
        var expected = await StockInDatabaseAsync(productId);
        Assert.Equal(expected.OrderBy(x => x.Key), ShownStock(page).OrderBy(x => x.Key));
        var total = expected.Values.Sum();
        var availability = page.QuerySelector(".dx-product-summary ~ p.fw-semibold")!.TextContent;
        Assert.Equal(total, Units(availability));
        var json = await browser.GetFromJsonAsync<JsonElement>("/api/v1/products/" + slug);
        Assert.Equal(total, json.GetProperty("stock").GetInt32());
        Assert.Equal(expected.OrderBy(x => x.Key).Select(x => (x.Key, x.Value)),
            json.GetProperty("stockByBranch").EnumerateArray().Select(b => (b.GetProperty("branchId").GetInt32(), b.GetProperty("quantity").GetInt32())).OrderBy(x => x.Item1));
    }

    [Fact]
    public async Task After_an_order_its_cancellation_and_an_admin_adjustment_the_page_shows_the_stock_the_database_holds()
    {
        const string slug = "nurofen-200-10";
        var productId = await _app.ProductIdAsync(slug);
        var browser = _app.Browser();
        await AssertPageShowsTheDatabaseAsync(browser, slug, productId);
        var before = (await StockInDatabaseAsync(productId)).Values.Sum();

        var customer = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        long order;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<CartService>().AddAsync(CartOwner.User(customer.Id), productId, 3)).Succeeded);
            var placed = await scope.ServiceProvider.GetRequiredService<CheckoutService>().CheckoutAsync(customer.Id,
                new CheckoutRequest(Fulfilment.Delivery, null, new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", null, null),
                    PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
            Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
            order = placed.Value!.OrderId;
        }
        Assert.Equal(before - 3, (await StockInDatabaseAsync(productId)).Values.Sum());
        await AssertPageShowsTheDatabaseAsync(browser, slug, productId);

        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrderService>().TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, null, "test")).Succeeded);
        Assert.Equal(before, (await StockInDatabaseAsync(productId)).Values.Sum());
        await AssertPageShowsTheDatabaseAsync(browser, slug, productId);

        await _app.AdjustStockAsync(productId, -before + 1);
        await AssertPageShowsTheDatabaseAsync(browser, slug, productId);
        await _app.AdjustStockAsync(productId, 4);
        await AssertPageShowsTheDatabaseAsync(browser, slug, productId);
    }

    [Fact]
    public async Task Catalog_edits_show_on_the_next_view_the_product_its_branches_and_its_alternatives()
    {
        var browser = _app.Browser();
        var noSpa = await _app.ProductIdAsync("no-spa-40-24");
        var drotaverin = await _app.ProductIdAsync("drotaverin-40-20");
        var first = await browser.GetPageAsync("/product/no-spa-40-24");
        Assert.Equal("drotaverin-40-20", first.QuerySelector(".dx-alternatives li a")!.GetAttribute("href")![9..]);

        // The product itself: its description and price.
        await EditProductAsync(noSpa, p => (p.Description, p.Price) = ("Spazmni yo‘qotadi.", 41_000));
        // An alternative: dearer per tablet than Spazmonet now, so it moves behind it.
        await EditProductAsync(drotaverin, p => p.Price = 30_000);
        // A branch renamed.
        var shop = await _app.QueryAsync(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var branches = scope.ServiceProvider.GetRequiredService<BranchAdmin>();
            var input = (await branches.GetInputAsync(shop))!;
            input.Name = "Chilonzor-1";
            Assert.True((await branches.UpdateAsync(shop, input)).Succeeded);
        }

        var page = await browser.GetPageAsync("/product/no-spa-40-24");
        Assert.Equal("Spazmni yo‘qotadi.", page.QuerySelector("#about + p")!.TextContent.Trim());
        Assert.Equal("41 000 so'm", page.QuerySelector(".dx-price")!.TextContent.Trim());
        Assert.Equal(["Spazmonet 40 mg", "Drotaverin 40 mg"], page.QuerySelectorAll(".dx-alternatives li > div > a").Select(a => a.TextContent.Trim()));
        Assert.Contains("Chilonzor-1", page.QuerySelectorAll("details li a").Select(a => a.TextContent.Trim()));

        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<BranchAdmin>().SetActiveAsync(shop, false)).Succeeded);
        var closed = await browser.GetPageAsync("/product/no-spa-40-24");
        Assert.DoesNotContain(shop, ShownStock(closed).Keys);
        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<BranchAdmin>().SetActiveAsync(shop, true)).Succeeded);

        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ProductAdmin>().SetActiveAsync(noSpa, false)).Succeeded);
        using var hidden = await browser.GetAsync("/product/no-spa-40-24");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
        await using (var scope = _app.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ProductAdmin>().SetActiveAsync(noSpa, true)).Succeeded);
    }

    private async Task EditProductAsync(int id, Action<ProductInput> edit)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var products = scope.ServiceProvider.GetRequiredService<ProductAdmin>();
        var input = (await products.GetInputAsync(id))!;
        edit(input);
        var result = await products.UpdateAsync(id, input);
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
    }

    [Fact]
    public async Task A_product_page_seen_once_runs_no_sql_until_stock_or_the_catalog_changes()
    {
        var browser = _app.Browser();
        var counter = _app.Services.GetRequiredService<SqlCommandCounter>();
        await browser.GetStringAsync("/product/ibuprofen-200-20");

        await Task.Delay(1100); // let the once-a-second check fall due (the catalog revision row, the stock rows and the products changed lately), so the view pays it
        var before = counter.Count;
        await browser.GetStringAsync("/product/ibuprofen-200-20");
        var seen = counter.Count - before;

        await _app.AdjustStockAsync(await _app.ProductIdAsync("ibuprofen-200-20"), 1);
        before = counter.Count;
        await browser.GetStringAsync("/product/ibuprofen-200-20");
        var afterStockChange = counter.Count - before;

        Assert.InRange(seen, 0, 3);
        Assert.InRange(afterStockChange, 2, 6); // the changed product's stock rows, this product's stock by branch, perhaps the check
    }
}

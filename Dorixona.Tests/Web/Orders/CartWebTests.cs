using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Orders;

/// <summary>The cart through the real host: guests by cookie, the merge at sign-in, caps and warnings.</summary>
public abstract class CartWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : CartWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : CartWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_guest_cart_lives_in_a_cookie_and_merges_into_the_account_at_sign_in_capped()
    {
        var paracetamol = await _app.ProductIdAsync("paracetamol-500-10");
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CartService>().AddAsync(CartOwner.User(user.Id), paracetamol, 8);
        var guest = _app.Browser();

        using var added = await guest.SubmitAsync("/product/paracetamol-500-10", "/cart/add", new Dictionary<string, string> { ["quantity"] = "3" });
        await guest.AddToCartAsync(citramon, 2);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.StartsWith("/product/paracetamol-500-10?added=" + paracetamol, added.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        var cookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dx.cart=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=2592000", cookie, StringComparison.OrdinalIgnoreCase);
        var token = cookie.Split(';')[0]["dx.cart=".Length..];
        Assert.Equal(43, token.Length);
        var notice = await guest.GetPageAsync(added.Headers.Location!.PathAndQuery());
        Assert.Contains("«Paracetamol 500 mg» savatga qo‘shildi", notice.QuerySelector("main .alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("5", (await guest.GetPageAsync("/cart")).QuerySelector("#cart-badge .badge")!.FirstChild!.TextContent.Trim());

        using var signIn = await guest.SignInAsync(user.PhoneNumber!, "secret123");

        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dx.cart=;", StringComparison.Ordinal));
        var cart = await guest.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        var lines = cart.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("productId").GetInt32(), l => l.GetProperty("quantity").GetInt32());
        Assert.Equal(10, lines[paracetamol]); // 8 + 3, capped at the per-product limit
        Assert.Equal(2, lines[citramon]);
        Assert.Equal(0, await _app.QueryAsync(db => db.CartItems.CountAsync(i => i.GuestToken == token)));
    }

    [Fact]
    public async Task An_enhanced_add_comes_back_to_the_same_page_with_the_notice_beside_the_product_and_the_badge_counted()
    {
        var paracetamol = await _app.ProductIdAsync("paracetamol-500-10");
        var guest = _app.Browser();
        var page = await guest.GetPageAsync("/product/paracetamol-500-10");
        Assert.NotNull(page.QuerySelector("main form.dx-add-to-cart[data-enhance]"));
        guest.DefaultRequestHeaders.Accept.ParseAdd("text/html; blazor-enhanced-nav=on"); // what blazor.web.js sends

        using var added = await guest.SubmitAsync(page, "/product/paracetamol-500-10", "/cart/add", new Dictionary<string, string> { ["quantity"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"/product/paracetamol-500-10?added={paracetamol}&qty=2", added.Headers.Location!.PathAndQuery());
        using var back = await guest.GetAsync(added.Headers.Location!.PathAndQuery());
        Assert.Equal("allow", back.Headers.GetValues("blazor-enhanced-nav").Single()); // a page blazor.web.js may patch in
        var html = HtmlForms.Parse(await back.Content.ReadAsStringAsync());
        Assert.Contains("«Paracetamol 500 mg» savatga qo‘shildi", html.QuerySelector("main form.dx-add-to-cart .dx-cart-result .alert-success")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(html.QuerySelector("main > .dx-cart-notice-top")); // shown instead where a full load starts at the top
        Assert.Equal("2", html.QuerySelector("#cart-badge .badge")!.FirstChild!.TextContent.Trim());
    }

    [Fact]
    public async Task Adding_more_than_the_stock_is_capped_and_says_so()
    {
        var nurofen = await _app.ProductIdAsync("nurofen-200-10");
        var guest = _app.Browser();

        var change = await guest.AddToCartAsync(nurofen, 25);
        using var form = await guest.SubmitAsync("/product/nurofen-200-10", "/cart/add", new Dictionary<string, string> { ["quantity"] = "1" });

        Assert.Equal(10, change.GetProperty("quantity").GetInt32());
        Assert.True(change.GetProperty("capped").GetBoolean());
        Assert.Contains("capped=1", form.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        var page = await guest.GetPageAsync(form.Headers.Location!.PathAndQuery());
        Assert.Contains("savatga faqat 10 ta sig‘di", page.QuerySelector("main .alert-warning")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cart_warns_when_the_price_or_the_stock_changed_since_the_item_was_added()
    {
        var analgin = await _app.ProductIdAsync("analgin-500-10");
        var guest = _app.Browser();
        await guest.AddToCartAsync(analgin, 3);

        await _app.QueryAsync(db => db.Products.Where(p => p.Id == analgin).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 5_000)));
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
        await _app.Services.GetRequiredService<CatalogIndex>().RebuildAsync();
        await _app.AdjustStockAsync(analgin, -8);

        var page = await guest.GetPageAsync("/cart");
        var line = page.QuerySelector($"#line-{analgin}")!.TextContent;
        Assert.Contains("Narx o‘zgardi: 4 500 so'm → 5 000 so'm", line, StringComparison.Ordinal);
        Assert.Contains("Faqat 2 ta mavjud", line, StringComparison.Ordinal);
        Assert.Contains("15 000 so'm", page.QuerySelector(".dx-cart-total")!.TextContent, StringComparison.Ordinal);
        var json = (await guest.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("lines")[0];
        Assert.True(json.GetProperty("priceChanged").GetBoolean());
        Assert.True(json.GetProperty("stockShort").GetBoolean());
        Assert.Equal(4_500, json.GetProperty("priceWhenAdded").GetInt64());
    }

    [Fact]
    public async Task Quantities_change_lines_go_and_the_cart_clears_through_plain_forms_and_the_api()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var mezim = await _app.ProductIdAsync("mezim-forte-20");
        var ibuprofen = await _app.ProductIdAsync("ibuprofen-200-20");
        await browser.AddToCartAsync(mezim, 1);
        await browser.AddToCartAsync(ibuprofen, 1);

        using var update = await browser.SubmitAsync("/cart", "/cart/update", new Dictionary<string, string> { ["productId"] = mezim.ToString(), ["quantity"] = "4" });
        using var patch = await browser.PatchAsJsonAsync($"/api/v1/cart/items/{ibuprofen}", new { quantity = 2 });
        var afterChanges = await browser.GetFromJsonAsync<JsonElement>("/api/v1/cart");
        using var remove = await browser.DeleteAsync($"/api/v1/cart/items/{mezim}");
        using var removeAgain = await browser.DeleteAsync($"/api/v1/cart/items/{mezim}");
        using var clear = await browser.SubmitAsync("/cart", "/cart/clear", new Dictionary<string, string>());

        Assert.Equal("/cart", update.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(6, afterChanges.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removeAgain.StatusCode);
        Assert.Equal(0, (await browser.GetFromJsonAsync<JsonElement>("/api/v1/cart")).GetProperty("count").GetInt32());
        Assert.Contains("Savat bo‘sh", (await browser.GetPageAsync("/cart")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guest_fills_checkout_and_finds_it_all_again_after_signing_in()
    {
        var guest = _app.Browser();
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        await guest.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 1);

        var cart = await guest.GetPageAsync("/cart");
        var form = await guest.GetPageAsync("/checkout");
        using var placed = await guest.SubmitAsync(form, "/checkout", "checkout", new Dictionary<string, string>
        {
            ["Input.Fulfilment"] = "delivery", ["Input.Region"] = "Toshkent shahri", ["Input.District"] = "Chilonzor",
            ["Input.Street"] = "Bunyodkor", ["Input.House"] = "18", ["Input.Phone"] = user.PhoneNumber!, ["Input.Payment"] = "payme",
            ["Input.Note"] = "Domofon 18", ["Input.Action"] = "review",
        });

        Assert.Equal("/checkout", cart.QuerySelector("a.btn-primary[href*=checkout]")!.GetAttribute("href"));
        Assert.NotNull(form.QuerySelector("main .dx-guest-hint"));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fcheckout", placed.Headers.Location!.PathAndQuery());
        Assert.Contains(placed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dx.checkout=", StringComparison.Ordinal));

        using var signIn = await guest.SignInAsync(user.PhoneNumber!, "secret123", returnUrl: "/checkout");
        Assert.Equal("/checkout", signIn.Headers.Location!.PathAndQuery());
        var back = await guest.GetPageAsync("/checkout");
        Assert.Equal("Bunyodkor", back.QuerySelector("#street")!.GetAttribute("value"));
        Assert.Equal("18", back.QuerySelector("#house")!.GetAttribute("value"));
        Assert.True(back.QuerySelector("#district option[value='Chilonzor']")!.HasAttribute("selected"));
        Assert.True(back.QuerySelector("#pay-payme")!.HasAttribute("checked"));
        Assert.Equal("Domofon 18", back.QuerySelector("#note")!.TextContent);
        Assert.Null(back.QuerySelector("main .dx-guest-hint"));
    }

    [Fact]
    public async Task A_guest_draft_is_not_adopted_by_a_browser_holding_another_cart()
    {
        var guest = _app.Browser();
        await guest.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        using var placed = await guest.SubmitAsync("/checkout", "checkout", new Dictionary<string, string>
        {
            ["Input.Fulfilment"] = "delivery", ["Input.Region"] = "Toshkent shahri", ["Input.District"] = "Chilonzor",
            ["Input.Street"] = "Bunyodkor", ["Input.House"] = "18", ["Input.Phone"] = "+998901234567", ["Input.Action"] = "review",
        });
        var draft = placed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dx.checkout=", StringComparison.Ordinal)).Split(';')[0];

        // The draft cookie carried over to another guest's browser, with its own cart: ignored.
        var other = _app.Browser();
        await other.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        other.DefaultRequestHeaders.Add("Cookie", draft);
        var page = await other.GetPageAsync("/checkout");

        Assert.Null(page.QuerySelector("#street")!.GetAttribute("value") is { Length: > 0 } v ? v : null);
    }
}

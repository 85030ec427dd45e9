using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>Favourites through the real host: the API, the heart's form without script, and hearts that stay one reader's own (decision 0060).</summary>
public abstract class FavouriteWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : FavouriteWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : FavouriteWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_favourite_is_added_once_listed_newest_first_with_the_catalog_summary_and_removed()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        var spazmonet = await _app.ProductIdAsync("spazmonet-40-20");

        using var first = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });
        using var again = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });
        using var second = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = spazmonet });
        var list = (await browser.GetFromJsonAsync<JsonElement>("/api/v1/me/favourites")).EnumerateArray().ToList();
        using var removed = await browser.DeleteAsync($"/api/v1/me/favourites/{citramon}");
        using var removedAgain = await browser.DeleteAsync($"/api/v1/me/favourites/{citramon}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(citramon, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetInt32());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal([spazmonet, citramon], list.Select(f => f.GetProperty("productId").GetInt32()).ToArray());
        var product = list[1].GetProperty("product");
        Assert.Equal("citramon-p-10", product.GetProperty("slug").GetString());
        Assert.Equal("Citramon P", product.GetProperty("name").GetString());
        Assert.Equal(3_500, product.GetProperty("price").GetInt64());
        Assert.True(product.GetProperty("inStock").GetBoolean());
        Assert.True(product.TryGetProperty("image", out _));
        Assert.False(list[0].GetProperty("product").GetProperty("inStock").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Equal([spazmonet], await _app.QueryAsync(db => db.Favourites.Where(f => f.UserId == user.Id).Select(f => f.ProductId).ToListAsync()));
    }

    [Fact]
    public async Task Favourites_refuse_bad_input_an_unknown_product_and_a_guest()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();

        using var text = await browser.PostAsync("/api/v1/me/favourites", new StringContent("{\"productId\":\"abc\"}", System.Text.Encoding.UTF8, "application/json"));
        using var missing = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { });
        using var unknown = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = 987_654_321 });
        using var guest = await _app.CreateClient().PostAsJsonAsync("/api/v1/me/favourites", new { productId = 1 });
        using var guestList = await _app.CreateClient().GetAsync("/api/v1/me/favourites");

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.True((await text.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("productId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Bu maydonni to‘ldiring.", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("productId")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("product.notFound", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, guest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guestList.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Favourites.CountAsync(f => f.UserId == user.Id)));
    }

    [Fact]
    public async Task The_heart_on_a_card_toggles_without_script_and_comes_back_to_the_same_page()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        const string page = "/catalog?q=Citramon";
        var heart = $"/favourites/{citramon}/toggle";

        using var add = await browser.SubmitAsync(page, heart, new Dictionary<string, string>());
        var filled = await browser.GetPageAsync(add.Headers.Location!.PathAndQuery());
        var stored = await _app.QueryAsync(db => db.Favourites.CountAsync(f => f.UserId == user.Id && f.ProductId == citramon));
        using var remove = await browser.SubmitAsync(filled, page, heart, new Dictionary<string, string>());
        var empty = await browser.GetPageAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Equal(page, add.Headers.Location!.PathAndQuery());
        Assert.Equal(1, stored);
        Assert.Equal("true", Button(filled, heart).GetAttribute("aria-pressed"));
        Assert.Contains("bi-heart-fill", Button(filled, heart).InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Sevimlilar: Citramon P", Button(filled, heart).GetAttribute("aria-label"));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal("false", Button(empty, heart).GetAttribute("aria-pressed"));
        Assert.Equal(0, await _app.QueryAsync(db => db.Favourites.CountAsync(f => f.UserId == user.Id)));
    }

    [Fact]
    public async Task A_guest_pressing_the_heart_is_sent_to_sign_in_and_back()
    {
        var guest = _app.Browser();
        var citramon = await _app.ProductIdAsync("citramon-p-10");

        using var pressed = await guest.SubmitAsync("/product/citramon-p-10", $"/favourites/{citramon}/toggle", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fproduct%2Fcitramon-p-10", pressed.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task A_heart_shows_filled_only_for_its_owner_and_the_shared_cached_cards_stay_neutral()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (other, _) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        var heart = $"/favourites/{citramon}/toggle";
        using var added = await owner.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });

        // The owner's request writes the cards into the picture's cache first; everyone after reads those cards.
        var ownersCatalog = await owner.GetPageAsync("/catalog");
        var othersCatalog = await other.GetPageAsync("/catalog");
        var guestCatalog = await _app.Browser().GetPageAsync("/catalog");
        var guestHome = await _app.Browser().GetPageAsync("/");
        var ownersProduct = await owner.GetPageAsync("/product/citramon-p-10");
        var othersProduct = await other.GetPageAsync("/product/citramon-p-10");

        Assert.Equal("true", Button(ownersCatalog, heart).GetAttribute("aria-pressed"));
        Assert.Single(ownersCatalog.QuerySelectorAll(".dx-heart-btn[aria-pressed=true]"));
        Assert.Equal("false", Button(othersCatalog, heart).GetAttribute("aria-pressed"));
        Assert.Empty(othersCatalog.QuerySelectorAll(".dx-heart-btn[aria-pressed=true]"));
        Assert.Equal("false", Button(guestCatalog, heart).GetAttribute("aria-pressed"));
        Assert.Empty(guestCatalog.QuerySelectorAll(".dx-heart-btn[aria-pressed=true]"));
        Assert.Empty(guestHome.QuerySelectorAll(".dx-heart-btn[aria-pressed=true]"));
        Assert.NotEmpty(guestHome.QuerySelectorAll(".dx-product .dx-heart-btn"));
        Assert.Equal(guestCatalog.QuerySelectorAll(".dx-product").Length, guestCatalog.QuerySelectorAll(".dx-product .dx-heart-btn").Length);
        Assert.Equal("true", Button(ownersProduct, heart).GetAttribute("aria-pressed"));
        Assert.Equal("false", Button(othersProduct, heart).GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task The_favourites_page_lists_them_with_add_to_cart_and_says_when_there_are_none()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");

        var none = await browser.GetPageAsync("/favourites");
        using var added = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });
        var page = await browser.GetPageAsync("/favourites");
        using var removed = await browser.SubmitAsync(page, "/favourites", $"/favourites/{citramon}/toggle", new Dictionary<string, string>());
        using var guest = await _app.Browser().GetAsync("/favourites");

        Assert.Contains("Sevimlilar hali yo‘q", none.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var card = Assert.Single(page.QuerySelectorAll(".dx-product"));
        Assert.Equal("Citramon P", card.QuerySelector("h3 a")!.TextContent.Trim());
        Assert.NotNull(card.QuerySelector("form[action='/cart/add']"));
        Assert.Equal("/favourites", removed.Headers.Location!.PathAndQuery());
        Assert.Empty((await browser.GetFromJsonAsync<JsonElement>("/api/v1/me/favourites")).EnumerateArray());
        Assert.Equal(HttpStatusCode.Redirect, guest.StatusCode);
        Assert.StartsWith("/account/login", guest.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Button(AngleSharp.Html.Dom.IHtmlDocument page, string action) =>
        page.QuerySelector($"form[action='{action}'] button")!;
}

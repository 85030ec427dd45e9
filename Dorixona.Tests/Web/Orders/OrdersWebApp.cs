using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Orders;

/// <summary>What the cart and order tests do over and over: a signed-in customer, a product's id, its stock, a cart filled through the API.</summary>
internal static class OrdersWebApp
{
    public static async Task<(HttpClient Browser, AppUser User)> SignedInCustomerAsync(this AppFactory app)
    {
        var user = await TestUsers.CreateVerifiedAsync(app.Services, TimeProvider.System);
        var browser = app.Browser();
        using var signIn = await browser.SignInAsync(user.PhoneNumber!, "secret123");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (browser, user);
    }

    public static async Task<HttpClient> SignedInAsync(this AppFactory app, string phone)
    {
        var browser = app.Browser();
        using var signIn = await browser.SignInAsync(phone, "Demo12345");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    public static async Task<int> ProductIdAsync(this AppFactory app, string slug) =>
        (await app.Services.GetRequiredService<CatalogIndex>().GetAsync()).Find(slug)!.Id;

    public static Task<int> StockAsync(this AppFactory app, int productId) =>
        app.QueryAsync(db => db.BranchStock.Where(s => s.ProductId == productId).SumAsync(s => s.Quantity));

    /// <summary>Moves a product's stock at the test catalog's shop by <paramref name="delta"/>, as an admin adjustment would.</summary>
    public static async Task AdjustStockAsync(this AppFactory app, int productId, int delta)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var shop = await db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync();
        var result = await scope.ServiceProvider.GetRequiredService<StockService>()
            .ApplyAsync(new StockChange(productId, shop, delta, StockReasons.Adjustment));
        Assert.True(result.Succeeded);
    }

    public static async Task<JsonElement> AddToCartAsync(this HttpClient client, int productId, int quantity)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/cart/items", new { productId, quantity });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> CheckoutAsync(this HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static readonly object CashDelivery = new
    {
        fulfilment = "delivery", paymentMethod = "cash", note = "Domofon 12",
        address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = "12", landmark = "Metro", phone = (string?)null },
    };

    public static async Task<JsonElement> PlaceOrderAsync(this HttpClient client, int productId, int quantity)
    {
        await client.AddToCartAsync(productId, quantity);
        using var response = await client.CheckoutAsync(Guid.NewGuid().ToString("N"), CashDelivery);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

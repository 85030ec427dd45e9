using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Dorixona.E2E.Cluster;

/// <summary>What the shop's apps and the payment provider say to the JSON API, for the cluster tests.</summary>
internal static class ShopApi
{
    public const string Customer = "+998900000004";
    public const string Operator = "+998900000002";
    public const string Admin = "+998900000001";
    public const string Password = "Demo12345";
    public const string ProductSlug = "citramon-p-10-tab";
    // appsettings.Development.json's Payme cashbox key, which the cluster's instances run with.
    private const string PaymeKey = "demo-payme-key-000000000000000000000";

    public static async Task<string> SignInAsync(this HttpClient client, string phone)
    {
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    public static async Task<int> ProductIdAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/products/{ProductSlug}")).GetProperty("id").GetInt32();

    /// <summary>
    /// Puts one unit in the signed-in customer's cart and places a delivery order; null when the shop refused (sold out,
    /// an empty cart, too many requests). A server's failure (5xx, or no answer) throws.
    /// </summary>
    public static async Task<JsonElement?> PlaceOrderAsync(this HttpClient client, int productId, string paymentMethod = "cash") =>
        (await TryPlaceOrderAsync(client, productId, paymentMethod)).Order;

    /// <summary>As <see cref="PlaceOrderAsync"/>, with the refusal's status and text when there is no order.</summary>
    public static async Task<(JsonElement? Order, string Refusal)> TryPlaceOrderAsync(this HttpClient client, int productId, string paymentMethod = "cash")
    {
        using var added = await client.PostAsJsonAsync("/api/v1/cart/items", new { productId, quantity = 1 });
        ThrowIfServerFailed(added);
        if (!added.IsSuccessStatusCode) return (null, $"cart {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders/checkout")
        {
            Content = JsonContent.Create(new
            {
                fulfilment = "delivery", paymentMethod,
                address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = "12", landmark = (string?)null, phone = (string?)null },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var placed = await client.SendAsync(request);
        ThrowIfServerFailed(placed);
        return placed.StatusCode == HttpStatusCode.Created ? (await placed.Content.ReadFromJsonAsync<JsonElement>(), "")
            : (null, $"checkout {(int)placed.StatusCode} {await placed.Content.ReadAsStringAsync()}");
    }

    private static void ThrowIfServerFailed(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500)
            throw new HttpRequestException($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}", null, response.StatusCode);
    }

    /// <summary>Products anyone may buy that are in stock now, to spread many orders over many shelves.</summary>
    public static async Task<List<int>> ProductsOnSaleAsync(this HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/products?pageSize=50");
        return page.GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("inStock").GetBoolean() && !p.GetProperty("requiresPrescription").GetBoolean())
            .Select(p => p.GetProperty("id").GetInt32()).ToList();
    }

    public static async Task<JsonElement> OrderAsync(this HttpClient client, long id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");

    /// <summary>One Payme JSON-RPC call, as Payme's servers make it.</summary>
    public static async Task<JsonElement> PaymeAsync(this HttpClient client, string method, object parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/payme")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { method, @params = parameters, id = Random.Shared.Next(1, 1_000_000) }), Encoding.UTF8, "text/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("Paycom:" + PaymeKey)));
        using var response = await client.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

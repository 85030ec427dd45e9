using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dorixona.Tests.Web.Admin;

/// <summary>The demo accounts as API callers (bearer token from <c>/api/v1/auth/login</c>) and as signed-in browsers.</summary>
public static class AdminClients
{
    public const string AdminPhone = "+998900000001";
    public const string CustomerPhone = "+998900000004";
    public const string DemoPassword = "Demo12345";

    public static Task<HttpClient> AdminApiAsync(this AppFactory app) => app.BearerAsync(AdminPhone);

    public static async Task<HttpClient> BearerAsync(this AppFactory app, string phone)
    {
        var client = app.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = DemoPassword });
        Assert.True(login.IsSuccessStatusCode, $"login of {phone} answered {(int)login.StatusCode}");
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpClient> SignedInBrowserAsync(this AppFactory app, string phone = AdminPhone)
    {
        var browser = app.Browser();
        using var signIn = await browser.SignInAsync(phone, DemoPassword);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}

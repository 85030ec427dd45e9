using System.Net;
using System.Net.Http.Json;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Orders;

namespace Dorixona.Tests.Web;

/// <summary>
/// Missing pages and refused posts for a signed-in person re-execute /not-found behind the full layout (cart, bell,
/// menu). Under parallel load every such answer must complete with its status: none may hang or be cut off.
/// </summary>
public abstract class ErrorPagesUnderLoadTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : ErrorPagesUnderLoadTests(web), IClassFixture<SqliteWebApp>
    {
        [Fact]
        public Task Missing_pages_and_forbidden_posts_of_signed_in_people_all_complete_fifty_times_in_parallel() => RunAsync();
    }

    public sealed class OnPostgres(PostgresWebApp web) : ErrorPagesUnderLoadTests(web), IClassFixture<PostgresWebApp>
    {
        [Fact]
        public Task Missing_pages_and_forbidden_posts_of_signed_in_people_all_complete_fifty_times_in_parallel() => RunAsync();
    }

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task RunAsync()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (other, _) = await _app.SignedInCustomerAsync();
        var staff = await _app.SignedInAsync("+998900000002");
        var order = (await owner.PlaceOrderAsync(await _app.ProductIdAsync("panadol-500-12"), 1)).GetProperty("id").GetInt64();
        var token = (await other.GetPageAsync("/account/profile")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        // Someone else's cart notice shows beside the page too: the layout's cart badge queries on every request.
        await other.AddToCartAsync(await _app.ProductIdAsync("citramon-p-10"), 1);

        var requests = new List<(HttpClient Client, HttpMethod Method, string Url)>
        {
            (other, HttpMethod.Get, "/no-such-page"),
            (other, HttpMethod.Get, "/product/no-such-slug"),
            (other, HttpMethod.Post, $"/orders/{order}/cancel"),
            (other, HttpMethod.Post, $"/orders/{order}/pay"),
            (staff, HttpMethod.Get, "/no-such-page"),
            (staff, HttpMethod.Get, $"/operator/deliveries/{long.MaxValue - 7}/photo"),
        };

        // Each kind of request fifty times at once: before the fix a single one could hang, so this is plenty, and it keeps
        // a loaded two-core test machine from turning queueing into false timeouts.
        var answers = new List<(string Url, HttpStatusCode Status, bool Completed, string Body)>();
        foreach (var r in requests)
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => SendAsync(r.Client, r.Method, r.Url, token)))));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.NotFound && a.Completed, $"{a.Url}: {(int)a.Status}, completed {a.Completed}"));
        Assert.All(answers.Where(a => !a.Url.EndsWith("/photo", StringComparison.Ordinal)), a => Assert.Contains("</html>", a.Body, StringComparison.Ordinal));
        Assert.Equal("awaitingConfirmation", (await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/orders/{order}")).GetProperty("status").GetString());
    }

    private static async Task<(string Url, HttpStatusCode Status, bool Completed, string Body)> SendAsync(HttpClient client, HttpMethod method, string url, string token)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["reason"] = "not mine", ["provider"] = "payme",
            });
        }
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return (url, response.StatusCode, true, body);
        }
        catch (OperationCanceledException)
        {
            return (url, default, false, "");
        }
    }
}

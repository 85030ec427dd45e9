using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dorixona.Core.Data;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Web.Admin;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Security;

/// <summary>
/// Walks every route the app maps for POST, PUT, PATCH or DELETE — pages included, so every <c>@formname</c> form —
/// and sends it as a page on another site would make a signed-in browser send it: the session cookie, no antiforgery
/// token. Each is refused with 400 (or stopped earlier by authorization) and the database is the same afterwards.
/// </summary>
public abstract class ForgedPostsTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : ForgedPostsTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : ForgedPostsTests(web), IClassFixture<PostgresWebApp>;

    private static readonly string[] StateChanging = ["POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] DemoPhones = ["+998900000001", "+998900000002", "+998900000003", "+998900000004"];

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_state_changing_route_refuses_a_cookie_without_a_token_and_changes_nothing()
    {
        var routes = StateChangingRoutes();
        Assert.Contains(routes, r => r.Pattern == "/cart/clear"); // a page form route, beside the JSON API
        Assert.Contains(routes, r => r.Pattern == "/api/v1/orders/{id:long}/cancel");
        var ids = await IdsAsync();
        var browsers = new List<(string Who, HttpClient Client)> { ("anonymous", _app.Browser()) };
        foreach (var phone in DemoPhones)
        {
            var browser = await _app.SignedInBrowserAsync(phone);
            browser.DefaultRequestHeaders.Remove(HtmlForms.AntiforgeryHeader); // what a forged request lacks
            browsers.Add((phone, browser));
        }
        var before = await SnapshotAsync();

        var reachedTheGate = new HashSet<string>();
        var wrong = new List<string>();
        foreach (var (who, client) in browsers)
        {
            foreach (var (method, pattern, url) in routes.Select(r => (r.Method, r.Pattern, Fill(r.Pattern, ids))))
            {
                // Without a session the JSON API is the public one (sign-in, the anonymous cart, webhooks): nothing to forge.
                if (who == "anonymous" && url.StartsWith("/api/", StringComparison.Ordinal)) continue;
                using var request = new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = url.StartsWith("/api/", StringComparison.Ordinal)
                        ? new StringContent("{}", Encoding.UTF8, "application/json")
                        : new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "x", ["returnUrl"] = "/" }),
                };
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? "";
                if (status == 400) reachedTheGate.Add(method + " " + pattern);
                else if (status is 401 or 403 || (status == 302 && (location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/account/access-denied", StringComparison.Ordinal))))
                    continue;
                else
                    wrong.Add($"{who}: {method} {url} answered {status} {location}");
            }
        }

        Assert.Empty(wrong);
        // Each route was refused for lack of a token by at least one person allowed to use it, not only by authorization.
        var unguarded = routes.Select(r => r.Method + " " + r.Pattern).Where(r => !reachedTheGate.Contains(r)).ToList();
        Assert.Empty(unguarded);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_api_takes_a_bearer_token_without_antiforgery_and_a_cookie_only_with_its_header()
    {
        var bearer = await _app.BearerAsync(AdminClients.CustomerPhone);
        using (var patched = await bearer.PatchAsJsonAsync("/api/v1/me", new { fullName = "Bearer Name" }))
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var browser = await _app.SignedInBrowserAsync(AdminClients.CustomerPhone);
        var token = browser.DefaultRequestHeaders.GetValues(HtmlForms.AntiforgeryHeader).Single();
        browser.DefaultRequestHeaders.Remove(HtmlForms.AntiforgeryHeader);
        using (var forged = await browser.PatchAsJsonAsync("/api/v1/me", new { fullName = "Forged Name" }))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        browser.DefaultRequestHeaders.Add(HtmlForms.AntiforgeryHeader, "not-a-token");
        using (var wrongToken = await browser.PatchAsJsonAsync("/api/v1/me", new { fullName = "Forged Name" }))
            Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal("Bearer Name", await FullNameAsync(AdminClients.CustomerPhone));

        browser.DefaultRequestHeaders.Remove(HtmlForms.AntiforgeryHeader);
        browser.DefaultRequestHeaders.Add(HtmlForms.AntiforgeryHeader, token);
        using (var own = await browser.PatchAsJsonAsync("/api/v1/me", new { fullName = "Page Name" }))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("Page Name", await FullNameAsync(AdminClients.CustomerPhone));
    }

    private Task<string> FullNameAsync(string phone) =>
        _app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == phone).Select(u => u.FullName).SingleAsync());

    private sealed record Route(string Method, string Pattern);

    private List<Route> StateChangingRoutes()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Intersect(StateChanging)
                .Select(m => new Route(m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            // SignalR's and Blazor's connection endpoints (negotiate, disconnect) speak their own protocol and change no data.
            .Where(r => !r.Pattern.StartsWith("/hubs/", StringComparison.Ordinal) && !r.Pattern.StartsWith("/_blazor", StringComparison.Ordinal))
            .Distinct().ToList();
    }

    private sealed record Ids(long Order, long Delivery, long Notification, long Prescription, long Payment, int Product, Guid User, Guid Courier);

    /// <summary>Real rows, so a route that slipped through would have something to change.</summary>
    private Task<Ids> IdsAsync() => _app.QueryAsync(async db => new Ids(
        await db.Orders.Select(o => (long?)o.Id).MinAsync() ?? 1,
        await db.Deliveries.Select(o => (long?)o.Id).MinAsync() ?? 1,
        await db.Notifications.Select(o => (long?)o.Id).MinAsync() ?? 1,
        await db.Prescriptions.Select(o => (long?)o.Id).MinAsync() ?? 1,
        await db.Payments.Select(o => (long?)o.Id).MinAsync() ?? 1,
        await db.Products.Select(o => (int?)o.Id).MinAsync() ?? 1,
        await db.Users.Where(u => u.PhoneNumber == AdminClients.CustomerPhone).Select(u => u.Id).SingleAsync(),
        await db.Users.Where(u => u.PhoneNumber == "+998900000003").Select(u => u.Id).SingleAsync()));

    private static string Fill(string pattern, Ids ids)
    {
        var route = RoutePatternFactory.Parse(pattern);
        var path = new StringBuilder();
        foreach (var segment in route.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Value(pattern, parameter, ids),
                    _ => "",
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string Value(string pattern, RoutePatternParameterPart parameter, Ids ids)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Any(c => c.StartsWith("regex", StringComparison.Ordinal))) return "accept";
        if (constraints.Contains("guid")) return (parameter.Name == "courierId" ? ids.Courier : ids.User).ToString();
        if (constraints.Contains("int")) return ids.Product.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (constraints.Contains("long"))
        {
            var id = pattern.Contains("deliveries", StringComparison.Ordinal) ? ids.Delivery
                : pattern.Contains("notifications", StringComparison.Ordinal) ? ids.Notification
                : pattern.Contains("prescriptions", StringComparison.Ordinal) ? ids.Prescription
                : pattern.Contains("payments/{", StringComparison.Ordinal) ? ids.Payment
                : ids.Order;
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return "x";
    }

    /// <summary>Every row of every table the model maps, as text: equal snapshots mean nothing was written.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>()
            // Data Protection may add a key at any time; it is no one's data.
            .Where(t => !t.Contains("DataProtection", StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join("|", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
            rows.Sort(StringComparer.Ordinal);
            text.Append(table).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return text.ToString();
    }
}

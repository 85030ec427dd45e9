using System.Collections;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Security;

/// <summary>
/// Every mapped JSON route gets malformed bodies and every page hostile query strings, as a role allowed to call it:
/// no answer may be a 5xx, none may take longer than 10 s, and no body may name an exception type.
/// </summary>
public abstract class HostileInputTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : HostileInputTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : HostileInputTests(web), IClassFixture<PostgresWebApp>;

    private static readonly string[] DemoPhones = ["+998900000001", "+998900000002", "+998900000003", "+998900000004"];
    private static readonly string[] RoleOfPhone = ["admin", "operator", "courier", "customer"];
    private static readonly string[] RouteValues = ["1", "987654321"];

    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task Malformed_bodies_to_every_json_route_never_answer_5xx_or_hang()
    {
        var tokens = await TokensAsync();
        var routes = Endpoints().Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} JSON routes found");
        var failures = new List<string>();
        // Deletes last, so a route that removes something does not take the others' data away first.
        foreach (var (endpoint, method) in routes.SelectMany(e => Methods(e).Select(m => (e, m))).OrderBy(x => x.m == "DELETE"))
        {
            var token = TokenFor(endpoint, tokens);
            foreach (var path in Paths(endpoint.RoutePattern))
            {
                if (method is "GET" or "DELETE")
                {
                    foreach (var query in HostileQueries(ApiQueryNames))
                        await SendAsync(method, path + query, null, token, failures);
                    continue;
                }
                foreach (var body in Bodies(endpoint))
                    await SendAsync(method, path, body, token, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task Hostile_query_strings_to_every_page_never_answer_5xx_or_hang()
    {
        var tokens = await TokensAsync();
        // /dev/ is the Development-only payment simulator and SMS inbox; their input is another change's work.
        var pages = Endpoints().Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && Methods(e).Contains("GET")
            && !e.RoutePattern.RawText!.StartsWith("/dev/", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count > 30, $"only {pages.Count} pages found");
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var roles = Roles(page);
            var callers = roles.Count > 0 ? [tokens[roles[0]]] : new[] { null, tokens["customer"] };
            foreach (var path in Paths(page.RoutePattern))
                foreach (var query in HostileQueries(PageQueryNames))
                    foreach (var token in callers)
                        await SendAsync("GET", path + query, null, token, failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task A_wrong_typed_field_is_a_400_problem_naming_that_field()
    {
        var tokens = await TokensAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/me")
        {
            Content = new StringContent("""{"fullName": 12}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["customer"]);
        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("fullName", out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task A_name_with_a_nul_character_is_a_field_error_and_changes_nothing()
    {
        var tokens = await TokensAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/me")
        {
            Content = new StringContent("""{"fullName": "Dilnoza\u0000Yusupova"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["customer"]);
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The text must not contain control characters.", problem.GetProperty("errors").GetProperty("fullName")[0].GetString());
        Assert.DoesNotContain("\0", await _app.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.PhoneNumber == "+998900000004").FullName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flag_that_is_not_a_number_is_ignored_on_the_home_page()
    {
        using var response = await _app.CreateClient().GetAsync("/?welcome=x");
        Assert.Equal(200, (int)response.StatusCode);
    }

    private async Task SendAsync(string method, string url, string? body, string? token, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} {method} {url} {Short(body)}: {Short(text)}");
            else if (text.Contains("Exception", StringComparison.Ordinal) && !text.Contains("<html", StringComparison.OrdinalIgnoreCase))
                failures.Add($"exception named: {method} {url} {Short(body)}: {Short(text)}");
        }
        catch (OperationCanceledException)
        {
            failures.Add($"hang: {method} {url} {Short(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or OverflowException)
        {
            // The test server hands the app's unhandled exception to the client: a real client would have seen a 500.
            failures.Add($"threw {e.GetType().Name}: {method} {Short(url)} {Short(body)}");
        }
    }

    private static string Short(string? s) => s is null ? "" : s.Length > 300 ? s[..300] : s;

    private async Task<Dictionary<string, string?>> TokensAsync()
    {
        var client = _app.CreateClient();
        var tokens = new Dictionary<string, string?>();
        for (var i = 0; i < DemoPhones.Length; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone = DemoPhones[i], password = "Demo12345" });
            response.EnsureSuccessStatusCode();
            tokens[RoleOfPhone[i]] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        }
        return tokens;
    }

    private List<RouteEndpoint> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static IReadOnlyList<string> Methods(Endpoint e) => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static List<string> Roles(Endpoint e) =>
        e.Metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Concat(e.Metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(p => p.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>())
                .SelectMany(r => r.AllowedRoles))
            .Distinct().ToList();

    private static string? TokenFor(Endpoint e, Dictionary<string, string?> tokens)
    {
        // The account routes are for callers without a session; logging out there would end the token the rest use.
        if (e.Metadata.GetMetadata<IAllowAnonymous>() is not null || ((RouteEndpoint)e).RoutePattern.RawText!.StartsWith("/api/v1/auth", StringComparison.Ordinal)) return null;
        var roles = Roles(e);
        return roles.Count > 0 ? tokens[roles[0]] : tokens["customer"];
    }

    private static IEnumerable<string> Paths(RoutePattern pattern)
    {
        foreach (var value in RouteValues)
        {
            var path = new StringBuilder();
            foreach (var segment in pattern.PathSegments)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                    path.Append(part switch
                    {
                        RoutePatternLiteralPart l => l.Content,
                        RoutePatternSeparatorPart s => s.Content,
                        RoutePatternParameterPart p when p.IsCatchAll => "x",
                        RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content is "guid") => value == "1" ? Guid.Empty.ToString() : Guid.NewGuid().ToString(),
                        RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content is "int" or "long") => value,
                        _ => value == "1" ? "x" : "no-such-thing",
                    });
            }
            yield return path.Length == 0 ? "/" : path.ToString();
        }
    }

    private static readonly string[] ApiQueryNames =
        ["q", "page", "pageSize", "status", "from", "to", "category", "minPrice", "maxPrice", "inStock", "sort", "rx", "tab", "limit", "days", "id"];

    private static readonly string[] PageQueryNames = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } a ? a.Name ?? p.Name : null)
        .OfType<string>().Distinct().ToArray();

    private static readonly string[] HostileValues =
    [
        "x", "-1", "0", "1.5", "99999999999999999999", "-99999999999999999999", "%00", "a%00b", "%01%1F", "%ED%A0%80", "",
        "true", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "2026-13-45", "1e400", "NaN", new string('9', 2000),
    ];

    private static IEnumerable<string> HostileQueries(string[] names)
    {
        foreach (var value in HostileValues)
            yield return "?" + string.Join('&', names.Select(n => n + "=" + value));
        yield return "?" + string.Join('&', names.Select(n => n + "=1&" + n + "=2"));
        yield return "?%00=1&&&=&page[]=1&=x";
    }

    private static IEnumerable<string> Bodies(Endpoint endpoint)
    {
        yield return "{\"a";
        yield return "{";
        yield return "[1,2]";
        yield return "\"text\"";
        yield return "42";
        yield return "null";
        yield return "";
        var type = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var properties = type is null || type == typeof(object) ? Generic : Describe(type);
        foreach (var mode in Enum.GetValues<Mode>())
            yield return JsonSerializer.Serialize(Build(properties, mode, 0));
    }

    private enum Mode { WrongType, Huge, MaxLong, Negative, MinInt, Nul, Control }

    private sealed record Field(string Name, Type Type);

    private static readonly Field[] Generic =
    [
        new("code", typeof(string)), new("cashCollected", typeof(long)), new("note", typeof(string)), new("name", typeof(string)),
        new("fullName", typeof(string)), new("quantity", typeof(int)), new("price", typeof(long)), new("id", typeof(long)),
        new("items", typeof(List<Dictionary<string, int>>)), new("reason", typeof(string)), new("lat", typeof(double)), new("lon", typeof(double)),
    ];

    private static Field[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.CanRead)
            .Select(p => new Field(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType)).ToArray();

    private static Dictionary<string, object?> Build(Field[] fields, Mode mode, int depth) =>
        fields.ToDictionary(f => f.Name, f => Value(f.Type, mode, depth));

    private static object? Value(Type type, Mode mode, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var numeric = type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) || type == typeof(short);
        if (type == typeof(string))
            return mode switch { Mode.WrongType => 12345, Mode.Nul => "a\0b", Mode.Control => "a\u0007\u001bb", Mode.Huge => new string('x', 100_000), _ => "x" };
        if (numeric)
            return mode switch
            {
                Mode.WrongType => "abc", Mode.Huge => 1e40, Mode.MaxLong => long.MaxValue, Mode.Negative => -1, Mode.MinInt => (long)int.MinValue - 1, _ => 1,
            };
        if (type == typeof(bool)) return mode == Mode.WrongType ? "maybe" : true;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly))
            return mode switch { Mode.WrongType => 5, Mode.Huge => "9999-12-31T23:59:59", Mode.Negative => "0001-01-01T00:00:00", _ => "2026-01-01" };
        if (type == typeof(Guid)) return mode == Mode.WrongType ? 7 : Guid.Empty;
        if (type.IsEnum) return mode == Mode.WrongType ? 99 : "nonsense";
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            if (mode == Mode.WrongType) return new { x = 1 };
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? typeof(object);
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
                return new Dictionary<string, object?> { ["quantity"] = Value(typeof(int), mode, depth + 1), ["productId"] = Value(typeof(int), mode, depth + 1) };
            return mode == Mode.Huge ? Enumerable.Repeat(Value(element, Mode.MaxLong, depth + 1), 5000).ToArray() : new[] { Value(element, mode, depth + 1) };
        }
        if (type.IsClass && depth < 2) return mode == Mode.WrongType ? "not an object" : Build(Describe(type), mode, depth + 1);
        return mode == Mode.WrongType ? "x" : null;
    }
}

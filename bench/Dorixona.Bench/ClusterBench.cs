using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// What bench/cluster.sh needs beside wrk, against a running cluster (deploy/cluster.sh):
/// <c>cluster-prepare</c> makes customers who can check out in parallel (each their own cart) and stock that will not run
/// out, and writes their bearer tokens and the product ids for wrk's script; <c>live-latency</c> times a live event from
/// the instance where an order is placed to a <c>/hubs/live</c> client on another instance.
/// </summary>
internal static class ClusterBench
{
    private const string Admin = "+998900000001";
    private const string Operator = "+998900000002";
    private const string DemoCustomer = "+998900000004";
    private const string DemoPassword = "Demo12345";

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        string Need(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        switch (mode)
        {
            case "cluster-prepare":
                await PrepareAsync(Need("connection"), Need("proxy"), Number("customers", 8), Number("products", 20), Need("tokens"), Need("product-ids"));
                return 0;
            case "live-latency":
                await LatencyAsync(Need("a"), Need("b"), Number("events", 200));
                return 0;
            default:
                return 2;
        }
    }

    private static async Task PrepareAsync(string connection, string proxy, int customers, int products, string tokensFile, string productsFile)
    {
        using var http = new HttpClient { BaseAddress = new Uri(proxy), Timeout = TimeSpan.FromSeconds(60) };
        var admin = await SignInAsync(http, Admin, DemoPassword);
        var page = await Get(http, admin, $"/api/v1/products?pageSize={products * 2}");
        var ids = page.GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("inStock").GetBoolean() && !p.GetProperty("requiresPrescription").GetBoolean())
            .Select(p => p.GetProperty("id").GetInt32()).Take(products).ToList();
        var branch = (await Get(http, admin, "/api/v1/admin/branches")).EnumerateArray().First().GetProperty("id").GetInt32();
        foreach (var id in ids)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/stock-adjustments")
            {
                Content = JsonContent.Create(new { productId = id, branchId = branch, delta = 1_000_000, reason = "bench stock" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
        await File.WriteAllTextAsync(productsFile, string.Join(' ', ids) + "\n");

        // Customers straight into the database (registering needs an SMS code), signed in through the proxy.
        var password = "Bench" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var phones = await CustomersAsync(connection, customers, password);
        var tokens = new List<string>();
        foreach (var phone in phones) tokens.Add(await SignInAsync(http, phone, password));
        await File.WriteAllLinesAsync(tokensFile, tokens);
        Console.WriteLine($"{ids.Count} products with stock at branch {branch}; {tokens.Count} customers signed in");
    }

    private static async Task<List<string>> CustomersAsync(string connection, int count, string password)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:" + DependencyInjection.ConnectionStringName] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDorixonaCore(config, Directory.GetCurrentDirectory());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var role = await db.Roles.SingleAsync(r => r.Name == Roles.Customer);
        var hasher = new PasswordHasher<AppUser>();
        var first = Random.Shared.Next(0, 9_000_000);
        var phones = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var phone = "+99877" + (first + i).ToString("D7", CultureInfo.InvariantCulture);
            var now = DateTime.UtcNow;
            var user = new AppUser
            {
                Id = Guid.NewGuid(), UserName = phone, NormalizedUserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true,
                FullName = "Bench customer", CreatedAt = now, VerifiedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = role.Id });
            phones.Add(phone);
        }
        await db.SaveChangesAsync();
        return phones;
    }

    /// <summary>
    /// Orders placed one at a time through A; one operator's <c>/hubs/live</c> client on A and one on B. Printed, p50 and
    /// p95 in ms: whole = from sending the checkout to B's client hearing of it; after_response = when B heard of it
    /// counted from the checkout's answer reaching this client (the event is published once the order commits, just
    /// before the answer, so this is the crossing net of the checkout's own time; negative when the event won); b_minus_a =
    /// B's client after A's (both hear through SignalR's Redis backplane, so about zero: being on another instance costs
    /// nothing more).
    /// </summary>
    private static async Task LatencyAsync(string a, string b, int events)
    {
        using var httpA = new HttpClient { BaseAddress = new Uri(a), Timeout = TimeSpan.FromSeconds(60) };
        var staff = await SignInAsync(httpA, Operator, DemoPassword);
        var customer = await SignInAsync(httpA, DemoCustomer, DemoPassword);
        var heardOnA = new ConcurrentDictionary<long, long>();
        var heardOnB = new ConcurrentDictionary<long, long>();
        await using var hubA = await ListenAsync(a, staff, heardOnA);
        await using var hubB = await ListenAsync(b, staff, heardOnB);
        var product = (await Get(httpA, customer, "/api/v1/products?pageSize=50")).GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("inStock").GetBoolean() && !p.GetProperty("requiresPrescription").GetBoolean()).GetProperty("id").GetInt32();

        var crossing = new List<double>();
        var whole = new List<double>();
        var afterResponse = new List<double>();
        var missed = 0;
        for (var i = 0; i < events; i++)
        {
            using (var add = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cart/items") { Content = JsonContent.Create(new { productId = product, quantity = 1 }) })
            {
                add.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
                using var added = await httpA.SendAsync(add);
                added.EnsureSuccessStatusCode();
            }
            using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders/checkout")
            {
                Content = JsonContent.Create(new
                {
                    fulfilment = "delivery", paymentMethod = "cash",
                    address = new { region = "Toshkent shahri", district = "Chilonzor", street = "Bunyodkor", house = "1", apartment = "12" },
                }),
            };
            checkout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
            checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var sent = Stopwatch.GetTimestamp();
            using var placed = await httpA.SendAsync(checkout);
            var answered = Stopwatch.GetTimestamp();
            placed.EnsureSuccessStatusCode();
            var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
            while ((!heardOnA.ContainsKey(id) || !heardOnB.ContainsKey(id)) && Stopwatch.GetTimestamp() < until) await Task.Delay(1);
            if (heardOnA.TryGetValue(id, out var onA) && heardOnB.TryGetValue(id, out var onB))
            {
                crossing.Add(Stopwatch.GetElapsedTime(onA, onB).TotalMilliseconds);
                whole.Add(Stopwatch.GetElapsedTime(sent, onB).TotalMilliseconds);
                afterResponse.Add((onB - answered) * 1000.0 / Stopwatch.Frequency);
            }
            else missed++;
        }
        crossing.Sort();
        whole.Sort();
        afterResponse.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events={events} heard={crossing.Count} missed={missed} whole_p50_ms={Percentile(whole, 0.50):0.0} whole_p95_ms={Percentile(whole, 0.95):0.0} " +
            $"after_response_p50_ms={Percentile(afterResponse, 0.50):0.0} after_response_p95_ms={Percentile(afterResponse, 0.95):0.0} " +
            $"b_minus_a_p50_ms={Percentile(crossing, 0.50):0.00} b_minus_a_p95_ms={Percentile(crossing, 0.95):0.00}"));
    }

    private static async Task<HubConnection> ListenAsync(string instance, string token, ConcurrentDictionary<long, long> heard)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(instance + "/hubs/live", o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<string, JsonElement>("live", (_, payload) =>
        {
            var at = Stopwatch.GetTimestamp();
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("orderId", out var id)) heard.TryAdd(id.GetInt64(), at);
        });
        await connection.StartAsync();
        return connection;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task<string> SignInAsync(HttpClient http, string phone, string password)
    {
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { phone, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> Get(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

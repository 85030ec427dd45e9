using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Live;

/// <summary>
/// The one live bus: circuits subscribe to it by user, order, delivery or role, and it feeds <c>/hubs/live</c> for API
/// clients and the pages' script with the same group names, method name and payloads as before.
/// </summary>
public abstract class LiveBusTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : LiveBusTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : LiveBusTests(web), IClassFixture<PostgresWebApp>;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly AppFactory _app = web.App;

    private LiveBus Bus => _app.Services.GetRequiredService<LiveBus>();

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_order_subscription_gets_that_orders_event_after_commit_and_not_another_orders()
    {
        var customer = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var watched = await PlaceOrderAsync(customer.Id);
        var other = await PlaceOrderAsync(customer.Id);
        var orders = _app.Services.GetRequiredService<Operation<OrderService>>();
        var received = new List<(LiveMessage Message, OrderStatus StatusInDatabase)>();
        var got = new TaskCompletionSource();
        using var subscription = Bus.SubscribeToOrder(watched, async m =>
        {
            // What a component does with it: re-read through a fresh operation, then re-render.
            var status = (await orders.RunAsync(s => s.GetAsync(watched, null)))!.Status;
            lock (received) received.Add((m, status));
            got.TrySetResult();
        });

        await MoveAsync(other, OrderStatus.Confirmed);
        await MoveAsync(watched, OrderStatus.Confirmed);
        await got.Task.WaitAsync(Patience);

        var (message, seen) = Assert.Single(received);
        Assert.Equal((LiveGroups.Order(watched), "order"), (message.Group, message.Event));
        Assert.Equal(JsonSerializer.Serialize(new { orderId = watched, status = "Confirmed" }), JsonSerializer.Serialize(message.Payload));
        Assert.Equal(OrderStatus.Confirmed, seen);
    }

    [Fact]
    public async Task A_user_subscription_gets_only_that_users_events()
    {
        var watched = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var other = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var product = await _app.ProductIdAsync("ibuprofen-200-20");
        var received = new List<LiveMessage>();
        var got = new TaskCompletionSource();
        using var subscription = Bus.SubscribeToUser(watched.Id, m =>
        {
            lock (received) received.Add(m);
            got.TrySetResult();
            return Task.CompletedTask;
        });

        await AddToCartAsync(other.Id, product);
        await AddToCartAsync(watched.Id, product);
        await got.Task.WaitAsync(Patience);

        var message = Assert.Single(received);
        Assert.Equal((LiveGroups.User(watched.Id), "cart"), (message.Group, message.Event));
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_its_delivery()
    {
        var group = LiveGroups.Delivery(Random.Shared.NextInt64(1_000_000, 2_000_000));
        var disposedGot = 0;
        var controlGot = new TaskCompletionSource();
        var disposed = Bus.Subscribe(group, _ =>
        {
            Interlocked.Increment(ref disposedGot);
            return Task.CompletedTask;
        });
        using var control = Bus.Subscribe(group, _ =>
        {
            controlGot.TrySetResult();
            return Task.CompletedTask;
        });

        disposed.Dispose();
        await Bus.PublishAsync(group, "delivery", new { deliveryId = 1 });
        await controlGot.Task.WaitAsync(Patience);

        Assert.Equal(0, Volatile.Read(ref disposedGot));
    }

    [Fact]
    public async Task A_handler_runs_off_the_publishing_thread_so_a_slow_one_does_not_hold_up_the_publisher()
    {
        var release = new TaskCompletionSource();
        var handled = new TaskCompletionSource<string>();
        using var subscription = Bus.SubscribeToRole(Roles.Operator, async m =>
        {
            await release.Task;
            handled.TrySetResult(m.Event);
        });

        await Bus.PublishAsync(LiveGroups.Operators, "prescription", new { prescriptionId = 1 }).WaitAsync(Patience);

        Assert.False(handled.Task.IsCompleted);
        release.SetResult();
        Assert.Equal("prescription", await handled.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_signalr_client_of_the_hub_still_receives_its_orders_events_with_the_same_names_and_payload()
    {
        var customer = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var order = await PlaceOrderAsync(customer.Id);
        var stranger = await PlaceOrderAsync((await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System)).Id);
        var token = await TokenAsync(customer.PhoneNumber!);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var received = new List<(string Event, string Payload)>();
        var bothArrived = new TaskCompletionSource();
        connection.On<string, JsonElement>("live", (name, payload) =>
        {
            lock (received)
            {
                received.Add((name, payload.GetRawText()));
                if (received.Count(r => r.Event == "order") == 2) bothArrived.TrySetResult();
            }
        });
        await connection.StartAsync();

        Assert.True(await connection.InvokeAsync<bool>("JoinOrder", order));
        Assert.False(await connection.InvokeAsync<bool>("JoinOrder", stranger));
        await MoveAsync(stranger, OrderStatus.Confirmed);
        await MoveAsync(order, OrderStatus.Confirmed);
        await bothArrived.Task.WaitAsync(Patience);

        // Once through the order's group (joined) and once through the customer's own group; never the stranger's order.
        var expected = JsonSerializer.Serialize(new { orderId = order, status = "Confirmed" });
        Assert.Equal([("order", expected), ("order", expected)], received.Where(r => r.Event == "order"));
    }

    private async Task<long> PlaceOrderAsync(Guid customer)
    {
        await AddToCartAsync(customer, await _app.ProductIdAsync("ibuprofen-200-20"));
        await using var scope = _app.Services.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<CheckoutService>().CheckoutAsync(customer,
            new CheckoutRequest(Fulfilment.Delivery, null, new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", null, null),
                PaymentMethod.Cash, null, Guid.NewGuid().ToString("N")));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        return placed.Value!.OrderId;
    }

    private async Task AddToCartAsync(Guid customer, int product)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<CartService>().AddAsync(CartOwner.User(customer), product, 1)).Succeeded);
    }

    private async Task MoveAsync(long order, OrderStatus to)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<OrderService>().TransitionAsync(order, to, OrderActor.Operator, null, null)).Succeeded);
    }

    private async Task<string> TokenAsync(string phone)
    {
        using var api = _app.CreateClient();
        using var login = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "secret123" });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}

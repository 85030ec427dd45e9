using System.Collections.Immutable;
using System.Threading.Channels;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Dorixona.Web.Live;

/// <summary>
/// The in-process live-update bus. Core's <see cref="AfterCommitPublisher"/> publishes committed changes here; the bus
/// hands each message to the circuits that subscribed to its group and sends it to the same group of
/// <see cref="LiveHub"/>, for API clients and the pages' script. A component subscribes in <c>OnInitialized</c>, calls
/// <c>InvokeAsync(StateHasChanged)</c> (after re-reading through an <see cref="Operation{TService}"/>) in its handler, and
/// disposes the subscription in <c>Dispose</c>. With several instances a <see cref="ILiveForwarder"/> carries each message to
/// the others, whose circuits get it through <see cref="DeliverHere"/> (their hub clients get it from the hub's backplane).
/// </summary>
public sealed class LiveBus(IHubContext<LiveHub> hub, ILogger<LiveBus> logger, PushTimings? timings = null, ILiveForwarder? forwarder = null) : ILiveUpdates
{
    /// <summary>The bench's measure of the server's side of a push; null or disabled outside bench/portal-live.sh.</summary>
    public PushTimings? Timings { get; } = timings is { Enabled: true } ? timings : null;

    public const string HubMethod = "live";

    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ImmutableList<Subscription>> _groups = ImmutableDictionary<string, ImmutableList<Subscription>>.Empty;

    public IDisposable SubscribeToUser(Guid userId, Func<LiveMessage, Task> handler) => Subscribe(LiveGroups.User(userId), handler);

    public IDisposable SubscribeToOrder(long orderId, Func<LiveMessage, Task> handler) => Subscribe(LiveGroups.Order(orderId), handler);

    public IDisposable SubscribeToDelivery(long deliveryId, Func<LiveMessage, Task> handler) => Subscribe(LiveGroups.Delivery(deliveryId), handler);

    /// <summary>A staff role's board: <see cref="Roles.Operator"/>, <see cref="Roles.Courier"/> or <see cref="Roles.Admin"/>.</summary>
    public IDisposable SubscribeToRole(string role, Func<LiveMessage, Task> handler) => Subscribe(RoleGroup(role), handler);

    public static string RoleGroup(string role) => role switch
    {
        Roles.Operator => LiveGroups.Operators,
        Roles.Courier => LiveGroups.Couriers,
        Roles.Admin => LiveGroups.Admins,
        _ => throw new ArgumentException($"No live group for role '{role}'.", nameof(role)),
    };

    /// <summary>
    /// Messages of <paramref name="group"/> from now on, one at a time and in order, on a thread of their own (never the
    /// publisher's). A handler that throws is logged and keeps its subscription.
    /// </summary>
    public IDisposable Subscribe(string group, Func<LiveMessage, Task> handler)
    {
        var subscription = new Subscription(this, group, handler, logger);
        lock (_gate)
            _groups = _groups.SetItem(group, _groups.GetValueOrDefault(group, []).Add(subscription));
        subscription.Start();
        return subscription;
    }

    public async Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default)
    {
        var message = new LiveMessage(group, eventName, payload);
        Timings?.Published(message);
        DeliverHere(message);
        forwarder?.Forward(message);
        await hub.Clients.Group(group).SendAsync(HubMethod, eventName, payload, cancellationToken);
    }

    /// <summary>Hands a message to this instance's subscribers only: one published here, or one another instance forwarded.</summary>
    public void DeliverHere(LiveMessage message)
    {
        if (_groups.TryGetValue(message.Group, out var subscriptions))
            foreach (var subscription in subscriptions) subscription.Post(message);
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(subscription.Group, out var list)) return;
            list = list.Remove(subscription);
            _groups = list.IsEmpty ? _groups.Remove(subscription.Group) : _groups.SetItem(subscription.Group, list);
        }
    }

    private sealed class Subscription(LiveBus bus, string group, Func<LiveMessage, Task> handler, ILogger logger) : IDisposable
    {
        private readonly Channel<LiveMessage> _queue = Channel.CreateUnbounded<LiveMessage>(new UnboundedChannelOptions { SingleReader = true });
        private volatile bool _disposed;

        public string Group { get; } = group;

        public void Start() => _ = Task.Run(DeliverAsync);

        public void Post(LiveMessage message)
        {
            if (!_disposed) _queue.Writer.TryWrite(message);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _queue.Writer.TryComplete();
            bus.Remove(this);
        }

        private async Task DeliverAsync()
        {
            await foreach (var message in _queue.Reader.ReadAllAsync())
            {
                if (_disposed) return;
                try
                {
                    await handler(message);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A live subscriber of {Group} failed on {Event}", Group, message.Event);
                }
            }
        }
    }
}

/// <summary>Carries what this instance published to the other instances' circuits.</summary>
public interface ILiveForwarder
{
    void Forward(LiveMessage message);
}

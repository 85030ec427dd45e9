using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Settings;
using Dorixona.Web.Infrastructure;
using Dorixona.Web.Live;
using StackExchange.Redis;

namespace Dorixona.Web.Cluster;

/// <summary>
/// The instances' one link through Redis pub/sub: live messages for the circuits on other instances, and notices that a
/// cache is stale. Each instance tags what it sends and ignores its own echo. Publishing never waits and never fails the
/// caller (the change is committed by then): if Redis is away, other instances fall back on what each cache re-reads by
/// itself (the catalog revision every second, settings within 30 s, session stamps within 10 s) and the circuits catch up
/// at their next re-read.
/// </summary>
public sealed class RedisLink(IConnectionMultiplexer redis, IServiceProvider services, ILogger<RedisLink> logger)
    : ILiveForwarder, ICacheBroadcast, IHostedService
{
    public static readonly RedisChannel LiveChannel = RedisChannel.Literal("dorixona:live");
    public static readonly RedisChannel CacheChannel = RedisChannel.Literal("dorixona:cache");

    private readonly string _origin = Guid.NewGuid().ToString("N");
    private ChannelMessageQueue? _live;
    private ChannelMessageQueue? _cache;

    private sealed record LiveEnvelope(string Origin, string Group, string Event, JsonElement? Payload);

    private sealed record CacheEnvelope(string Origin, CachedKind Kind, string? Key);

    public void Forward(LiveMessage message)
    {
        var payload = message.Payload is null ? (JsonElement?)null
            : JsonSerializer.SerializeToElement(message.Payload, message.Payload.GetType(), JsonSerializerOptions.Web);
        Publish(LiveChannel, JsonSerializer.SerializeToUtf8Bytes(new LiveEnvelope(_origin, message.Group, message.Event, payload), JsonSerializerOptions.Web));
    }

    public void Stale(CachedKind kind, string? key = null) =>
        Publish(CacheChannel, JsonSerializer.SerializeToUtf8Bytes(new CacheEnvelope(_origin, kind, key), JsonSerializerOptions.Web));

    private void Publish(RedisChannel channel, byte[] body)
    {
        try
        {
            redis.GetSubscriber().Publish(channel, body, CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not tell the other instances on {Channel}", channel.ToString());
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        // A queue per channel hands messages over one at a time, in the order they were published.
        _live = await subscriber.SubscribeAsync(LiveChannel);
        _live.OnMessage(m => Receive(m, OnLive));
        _cache = await subscriber.SubscribeAsync(CacheChannel);
        _cache.OnMessage(m => Receive(m, OnCache));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_live is not null) await _live.UnsubscribeAsync();
        if (_cache is not null) await _cache.UnsubscribeAsync();
    }

    private void Receive(ChannelMessage message, Action<byte[]> handle)
    {
        try
        {
            handle((byte[])message.Message!);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning(e, "Ignored a message on {Channel} that could not be read", message.Channel.ToString());
        }
    }

    private void OnLive(byte[] body)
    {
        var envelope = JsonSerializer.Deserialize<LiveEnvelope>(body, JsonSerializerOptions.Web)!;
        if (envelope.Origin == _origin) return;
        services.GetRequiredService<LiveBus>().DeliverHere(new LiveMessage(envelope.Group, envelope.Event, envelope.Payload));
    }

    private void OnCache(byte[] body)
    {
        var envelope = JsonSerializer.Deserialize<CacheEnvelope>(body, JsonSerializerOptions.Web)!;
        if (envelope.Origin == _origin) return;
        switch (envelope.Kind)
        {
            case CachedKind.Catalog or CachedKind.Stock:
                services.GetRequiredService<CatalogChangeSignal>().Received(envelope.Kind, envelope.Key);
                break;
            case CachedKind.Settings:
                services.GetRequiredService<ShopSettingsCache>().Received();
                break;
            case CachedKind.SessionStamp when Guid.TryParse(envelope.Key, out var userId):
                services.GetRequiredService<SessionStamps>().Received(userId);
                break;
        }
    }
}

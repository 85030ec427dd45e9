using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dorixona.Core.Common;

namespace Dorixona.Web.Live;

/// <summary>
/// The server's side of a live update, for bench/portal-live.sh: from the moment <see cref="LiveBus"/> publishes a
/// committed change to the moment a circuit's component has rendered it (its render batch handed to the circuit's
/// connection), per circuit. Off unless <c>Bench:PushTimings</c> is true; off, it costs one field read per message and
/// render, and no endpoint exists. On, <c>GET /bench/push-timings</c> returns and forgets the samples.
/// </summary>
public sealed class PushTimings(IConfiguration configuration)
{
    public const string ConfigurationKey = "Bench:PushTimings";
    public const string Route = "/bench/push-timings";

    private readonly ConditionalWeakTable<LiveMessage, Publication> _published = [];
    private ConcurrentQueue<Sample> _samples = new();

    public bool Enabled { get; } = configuration.GetValue<bool>(ConfigurationKey);

    /// <summary>
    /// A component's reaction to one message: when its handler started and when its render was sent, in ms after publishing;
    /// and when the message was published (Unix ms, this machine's clock), so the bench can measure from the commit to a page.
    /// </summary>
    public sealed record Sample(string Event, double StartedMs, double SentMs, long PublishedAtMs);

    private sealed record Publication(long Timestamp, long UnixMs);

    public void Published(LiveMessage message)
    {
        if (Enabled) _published.AddOrUpdate(message, new Publication(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    /// <summary>Call with the timestamp the handler started at, after the component rendered.</summary>
    public void Rendered(LiveMessage message, long startedAt)
    {
        if (!Enabled || !_published.TryGetValue(message, out var at)) return;
        var ticks = Stopwatch.Frequency / 1000.0;
        _samples.Enqueue(new Sample(message.Event, (startedAt - at.Timestamp) / ticks, (Stopwatch.GetTimestamp() - at.Timestamp) / ticks, at.UnixMs));
    }

    public IReadOnlyList<Sample> Take() => [.. Interlocked.Exchange(ref _samples, new ConcurrentQueue<Sample>())];
}

public static class PushTimingsEndpoints
{
    public static void MapPushTimings(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<PushTimings>().Enabled) return;
        app.MapGet(PushTimings.Route, (PushTimings timings) => Results.Ok(timings.Take())).AllowAnonymous();
    }
}

using System.Collections.Concurrent;
using Dorixona.Core.Common;

namespace Dorixona.Tests.Common;

/// <summary>
/// Stands in for the web host's live bus: records every message Core publishes, and runs <see cref="OnPublish"/> at that
/// moment, so a test can look at the database exactly when the message goes out.
/// </summary>
public sealed class LiveRecorder : ILiveUpdates
{
    private readonly ConcurrentQueue<LiveMessage> _published = new();

    public Func<LiveMessage, Task>? OnPublish { get; set; }

    public IReadOnlyList<LiveMessage> Published => [.. _published];

    public IReadOnlyList<(string Group, string Event)> Sent => [.. _published.Select(m => (m.Group, m.Event))];

    public void Clear() => _published.Clear();

    public async Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default)
    {
        var message = new LiveMessage(group, eventName, payload);
        _published.Enqueue(message);
        if (OnPublish is { } check) await check(message);
    }
}

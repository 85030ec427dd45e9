namespace Dorixona.Core.Common;

/// <summary>
/// Pushes a small event to connected browsers (SignalR in the web host). Groups: <c>user:{id}</c>,
/// <c>order:{id}</c>, <c>delivery:{id}</c>, <c>operators</c>, <c>couriers</c>, <c>admins</c>.
/// Browsers react by re-fetching the fragment that changed, so payloads stay small.
/// </summary>
public interface ILiveUpdates
{
    Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default);
}

public static class LiveGroups
{
    public static string User(Guid userId) => $"user:{userId}";
    public const string Operators = "operators";
    public const string Couriers = "couriers";
    public const string Admins = "admins";
}

/// <summary>Used where no browser can listen (tests of Core alone, background tools).</summary>
public sealed class NoLiveUpdates : ILiveUpdates
{
    public Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

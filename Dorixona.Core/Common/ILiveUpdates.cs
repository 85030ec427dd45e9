namespace Dorixona.Core.Common;

/// <summary>
/// Where committed changes are told to screens: the web host's live bus (its circuits and the SignalR hub). Groups:
/// <c>user:{id}</c>, <c>order:{id}</c>, <c>delivery:{id}</c>, <c>operators</c>, <c>couriers</c>, <c>admins</c>.
/// Receivers re-read what changed, so payloads stay small. Only <see cref="AfterCommitPublisher"/> calls it:
/// services raise <see cref="IDomainEvent"/>s instead.
/// </summary>
public interface ILiveUpdates
{
    Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default);
}

/// <summary>One message of the live bus: who hears it, what it is called, and its small payload.</summary>
public sealed record LiveMessage(string Group, string Event, object? Payload);

public static class LiveGroups
{
    public static string User(Guid userId) => $"user:{userId}";
    public static string Order(long orderId) => $"order:{orderId}";
    public static string Delivery(long deliveryId) => $"delivery:{deliveryId}";
    public const string Operators = "operators";
    public const string Couriers = "couriers";
    public const string Admins = "admins";
}

/// <summary>Used where no browser can listen (tests of Core alone, background tools).</summary>
public sealed class NoLiveUpdates : ILiveUpdates
{
    public Task PublishAsync(string group, string eventName, object? payload = null, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

namespace Dorixona.Core.Notifications;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    public int MaxAttempts { get; set; } = 3;
    /// <summary>Wait before the 2nd attempt; each later wait doubles.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public int BatchSize { get; set; } = 50;
    /// <summary>How long a dispatcher may hold a message before another instance may take it over.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(2);
}

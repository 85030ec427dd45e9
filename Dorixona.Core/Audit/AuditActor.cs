namespace Dorixona.Core.Audit;

/// <summary>Who an audit entry names: a person (id, and "Full Name, +998 90 123 45 67") or the system (no id).</summary>
public sealed record AuditActor(Guid? UserId, string Display, string? IpAddress = null)
{
    public static readonly AuditActor System = new(null, "system");

    private static readonly AsyncLocal<AuditActor?> Ambient = new();

    /// <summary>The person behind the current flow of work (the web request's signed-in user), or null.</summary>
    public static AuditActor? Current => Ambient.Value;

    /// <summary>
    /// Names the person behind everything this async flow does until the returned handle is disposed. The web host
    /// sets it once per request for the signed-in user; jobs and webhooks leave it empty, so their entries say "system".
    /// </summary>
    public static IDisposable Use(AuditActor? actor)
    {
        var previous = Ambient.Value;
        Ambient.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

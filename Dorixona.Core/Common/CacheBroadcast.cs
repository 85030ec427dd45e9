namespace Dorixona.Core.Common;

/// <summary>What an instance caches and another instance's change makes stale.</summary>
public enum CachedKind
{
    Catalog = 1,
    Stock = 2,
    Settings = 3,
    /// <summary>One user's security stamp and disabled flag; the key is the user's id.</summary>
    SessionStamp = 4,
}

/// <summary>
/// Tells the other instances of the app that something this one changed is stale in their caches. On one machine there
/// is nobody to tell (<see cref="LocalOnly"/>); with several instances the web host sends it through Redis, and each
/// receiver drops its copy without telling anyone again.
/// </summary>
public interface ICacheBroadcast
{
    void Stale(CachedKind kind, string? key = null);
}

public sealed class LocalOnly : ICacheBroadcast
{
    public static readonly LocalOnly Instance = new();

    public void Stale(CachedKind kind, string? key = null) { }
}

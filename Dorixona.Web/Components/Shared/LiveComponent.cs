using Dorixona.Core.Common;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// A portal component that re-renders from the live bus: <see cref="Watch"/> a group in <c>OnInitialized</c> with a handler
/// that re-reads what the component shows (through an <c>Operation&lt;T&gt;</c>); the component then renders again with
/// <c>InvokeAsync(StateHasChanged)</c>. Subscriptions open only in a circuit (never while prerendering, which has nobody to
/// tell) and close with the component.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _disposed;

    [Inject] private LiveBus Bus { get; set; } = default!;

    /// <summary>Runs <paramref name="changed"/> on the renderer's thread whenever <paramref name="group"/> publishes, then renders.</summary>
    protected void Watch(string group, Func<LiveMessage, Task> changed)
    {
        if (!RendererInfo.IsInteractive || _disposed) return;
        _subscriptions.Add(Bus.Subscribe(group, message => _disposed ? Task.CompletedTask : InvokeAsync(async () =>
        {
            if (_disposed) return;
            var started = Bus.Timings is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            await changed(message);
            StateHasChanged();
            // The render batch has been handed to the circuit's connection by now (bench/portal-live.sh only).
            Bus.Timings?.Rendered(message, started);
        })));
    }

    /// <summary>A staff role's group: <c>Roles.Operator</c>, <c>Roles.Courier</c> or <c>Roles.Admin</c>.</summary>
    protected void WatchRole(string role, Func<LiveMessage, Task> changed) => Watch(LiveBus.RoleGroup(role), changed);

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}

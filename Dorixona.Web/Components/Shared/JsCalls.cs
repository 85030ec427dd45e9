using Microsoft.JSInterop;

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// How long a circuit waits for the browser. A call sent just before a connection drops may never be answered, and the
/// framework only gives up on it at the timeout, so the default is short: every call we and MudBlazor make returns at
/// once. Loading a script module is the exception (a slow phone network), so it gets longer.
/// </summary>
public static class JsCalls
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(45);

    public static ValueTask<IJSObjectReference> ImportAsync(this IJSRuntime js, string path) =>
        js.InvokeAsync<IJSObjectReference>("import", ImportTimeout, path);
}

using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dorixona.Web.Infrastructure;

/// <summary>Whether the circuit's browser is connected, and a word when it came back after a drop.</summary>
public sealed class CircuitConnection
{
    public bool IsDown { get; private set; }

    /// <summary>Raised (off the circuit's dispatcher) when the browser is connected again after a drop.</summary>
    public event Action? Restored;

    internal void Down() => IsDown = true;

    internal void Up()
    {
        if (!IsDown) return;
        IsDown = false;
        Restored?.Invoke();
    }
}

internal sealed class CircuitConnectionWatch(CircuitConnection connection) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.Down();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.Up();
        return Task.CompletedTask;
    }
}

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// A static storefront page that holds one interactive-server island (decision 0041): <c>App.razor</c> starts Blazor
/// with the reconnection notice and without enhanced navigation for it, and an enhanced navigation into it becomes a full
/// load (decision 0052). No other storefront page opens a circuit.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InteractiveIslandAttribute : Attribute;

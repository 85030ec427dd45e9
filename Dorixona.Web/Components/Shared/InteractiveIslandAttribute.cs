namespace Dorixona.Web.Components.Shared;

/// <summary>
/// A static storefront page that holds one interactive-server island (decision 0041): <c>App.razor</c> loads
/// <c>blazor.web.js</c> and the reconnection notice for it, and for no other storefront page.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class InteractiveIslandAttribute : Attribute;

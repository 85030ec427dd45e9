using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Web.Components.Layout;

/// <summary>
/// A MudBlazor icon (its SVG path) as the markup <c>MudIcon</c> would render, without a component: the portal's frame is
/// in every circuit all day, and each component a circuit keeps costs it ~5 KB (decisions 0034, 0035). The strings are
/// made once per icon and class and shared by every circuit.
/// </summary>
public static class PortalIcons
{
    private static readonly ConcurrentDictionary<(string Icon, string? Class), MarkupString> Made = new();

    /// <summary>Nothing, where an icon is only sometimes shown.</summary>
    public static readonly MarkupString None = new("");

    public static MarkupString Svg(string icon, string? extraClass = null) => Made.GetOrAdd((icon, extraClass), key => new MarkupString(
        $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-medium{(key.Class is null ? "" : " " + key.Class)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>"));
}

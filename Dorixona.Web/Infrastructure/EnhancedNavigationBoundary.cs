using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// The shop's static pages navigate by <c>blazor.web.js</c>'s enhanced navigation: it fetches the next page and patches
/// the document. A page that needs a circuit (the staff portals, the order page's island) wants its own document, scripts
/// and Blazor start options, so an enhanced request for one is answered with Blazor's own "load this URL yourself" header
/// (the one <c>NavigationManager.NavigateTo(forceLoad: true)</c> sends during an enhanced navigation) and the browser
/// loads it whole (decision 0052).
/// </summary>
public static class EnhancedNavigationBoundary
{
    public const string RedirectHeader = "blazor-enhanced-nav-redirect-location";

    public static IApplicationBuilder UseEnhancedNavigationBoundary(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!IsEnhancedNavigation(context.Request) || !NeedsCircuit(context)) return next(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers["blazor-enhanced-nav"] = "allow";
        response.Headers[RedirectHeader] = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    });

    /// <summary>What <c>blazor.web.js</c> asks for when it navigates (or follows a form post's redirect) without a full load.</summary>
    public static bool IsEnhancedNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(a => a?.Contains("blazor-enhanced-nav=on", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>A page rendered in a circuit (no <c>[ExcludeFromInteractiveRouting]</c>) or a static page with an island.</summary>
    public static bool NeedsCircuit(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && (metadata.GetMetadata<ExcludeFromInteractiveRoutingAttribute>() is null || metadata.GetMetadata<InteractiveIslandAttribute>() is not null);
}

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Headers every response carries. The CSP allows only our own scripts and styles: the shop's pages keep to it
/// by having no inline script or style (blazor.web.js adds none on a static page). The staff portals' pages
/// (interactive components, MudBlazor) also allow inline styles: MudBlazor writes its theme as a &lt;style&gt; element and
/// positions drawers, popovers and charts with style attributes. Scripts stay our own everywhere.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const string ContentSecurityPolicyFormat =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{0}; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>The portal's policy: the shop's, with inline styles (never inline scripts).</summary>
    private string PortalPolicy => ContentSecurityPolicy.Replace("style-src 'self';", "style-src 'self' 'unsafe-inline';", StringComparison.Ordinal);

    /// <summary>The delivery map's tile server (<c>Delivery:TileUrl</c>) is the one outside origin pictures may come from.</summary>
    private readonly string ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicyFormat,
        Uri.TryCreate((configuration["Delivery:TileUrl"] ?? "").Replace("{s}", "a", StringComparison.Ordinal), UriKind.Absolute, out var tiles)
            && tiles.Scheme is "https" or "http"
            ? " " + tiles.GetLeftPart(UriPartial.Authority).Replace("://a.", "://*.", StringComparison.Ordinal) : "");

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h.ContentSecurityPolicy = IsPortalPage(context) ? PortalPolicy : ContentSecurityPolicy;
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>A page that renders in a circuit: a component endpoint without <c>[ExcludeFromInteractiveRouting]</c>.</summary>
    private static bool IsPortalPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
        && metadata.GetMetadata<Microsoft.AspNetCore.Components.ExcludeFromInteractiveRoutingAttribute>() is null;
}

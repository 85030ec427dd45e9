namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Headers every response carries. The CSP allows only our own scripts and styles: pages keep to it
/// by having no inline script or style (htmx's own indicator style is turned off in App.razor).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const string ContentSecurityPolicyFormat =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{0}; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

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
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

using Microsoft.Net.Http.Headers;

namespace Dorixona.Web.Infrastructure;

/// <summary>Marks an endpoint or page whose answer is personal even to an anonymous caller (an SMS inbox, a health report).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PersonalAttribute : Attribute;

/// <summary>
/// <c>Cache-Control: no-store</c> on every answer that depends on who asks, decided once here rather than per route:
/// a signed-in user, a caller presenting credentials (Authorization header, the session or guest-cart cookie), an answer
/// that sets a cookie, anything but GET/HEAD, or an endpoint marked <see cref="PersonalAttribute"/>. An answer that
/// declared itself <c>public</c> (product images) keeps its caching unless its endpoint is marked personal.
/// </summary>
public sealed class PersonalAnswersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            if (IsPersonal(context)) SetNoStore(context.Response);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsPersonal(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<PersonalAttribute>() is not null) return true;
        if (context.Response.Headers.CacheControl.ToString().Contains("public", StringComparison.OrdinalIgnoreCase)) return false;
        var request = context.Request;
        return context.User.Identity?.IsAuthenticated == true
            || request.Headers.ContainsKey(HeaderNames.Authorization)
            || request.Cookies.ContainsKey("dx.auth")
            || request.Cookies.ContainsKey(CartOwners.CookieName)
            || context.Response.Headers.ContainsKey(HeaderNames.SetCookie)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
    }

    private static void SetNoStore(HttpResponse response)
    {
        var current = response.Headers.CacheControl.ToString();
        if (current.Contains("no-store", StringComparison.OrdinalIgnoreCase)) return;
        response.Headers.CacheControl = "no-store";
        response.Headers.Remove(HeaderNames.Expires);
    }
}

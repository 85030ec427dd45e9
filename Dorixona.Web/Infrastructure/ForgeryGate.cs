using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Refuses a forged state change before any handler runs, by one rule instead of per-route metadata (the framework's own
/// check only rejects when a handler binds a form, so a form post without fields ran unchecked):
/// <list type="bullet">
/// <item>every POST/PUT/PATCH/DELETE outside <c>/api</c> needs a valid antiforgery token (form field or header);</item>
/// <item>under <c>/api</c> a bearer token is enough; a request signed in by the session cookie needs the token in the
/// <see cref="HeaderName"/> header (a page on another site can make the browser send the cookie, never the header);</item>
/// <item>SignalR and Blazor's connection endpoints are left to their own protocol, and an endpoint marked
/// <see cref="ChecksAntiforgeryInHandler"/> reads the token itself (the streamed prescription upload).</item>
/// </list>
/// Payment providers call their webhooks without our cookie, so the API rule leaves them token-free.
/// </summary>
public sealed class ForgeryGate(RequestDelegate next, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options)
{
    public const string HeaderName = "RequestVerificationToken";

    public async Task InvokeAsync(HttpContext http)
    {
        var need = Needs(http);
        if (need == Requirement.None
            || http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
            || (http.Features.Get<IAntiforgeryValidationFeature>() is null && await IsValidAsync(http, need)))
        {
            await next(http);
            return;
        }
        await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "antiforgery.invalid",
            detail: "The request carries no valid antiforgery token. Reload the page and try again.").ExecuteAsync(http);
    }

    private async Task<bool> IsValidAsync(HttpContext http, Requirement need)
    {
        // The API's token travels in the header only: without it nothing of the body is read.
        if (need == Requirement.Header && !http.Request.Headers.ContainsKey(options.Value.HeaderName ?? HeaderName)) return false;
        return await antiforgery.IsRequestValidAsync(http);
    }

    private enum Requirement { None, FormOrHeader, Header }

    private static Requirement Needs(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || HttpMethods.IsOptions(http.Request.Method) || HttpMethods.IsTrace(http.Request.Method)) return Requirement.None;
        if (http.GetEndpoint() is not { } endpoint) return Requirement.None;
        if (endpoint.Metadata.GetMetadata<HubMetadata>() is not null || http.Request.Path.StartsWithSegments("/_blazor")) return Requirement.None;
        if (endpoint.Metadata.GetMetadata<ChecksAntiforgeryInHandler>() is not null) return Requirement.None;
        if (!http.Request.Path.StartsWithSegments("/api")) return Requirement.FormOrHeader;
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Requirement.None;
        return http.User.Identity?.IsAuthenticated == true ? Requirement.Header : Requirement.None;
    }
}

/// <summary>Marks an endpoint that validates the antiforgery token in its handler (see <see cref="ForgeryGate"/>).</summary>
public sealed class ChecksAntiforgeryInHandler;

public static class ForgeryGateSetup
{
    /// <summary>After <c>UseAntiforgery</c>, whose verdict it reuses where the endpoint asked for one.</summary>
    public static IApplicationBuilder UseForgeryGate(this IApplicationBuilder app) => app.UseMiddleware<ForgeryGate>();
}

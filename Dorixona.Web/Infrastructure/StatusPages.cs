using Microsoft.AspNetCore.Diagnostics;

namespace Dorixona.Web.Infrastructure;

/// <summary>The status an error page stands for, while that page renders (decision 0030).</summary>
public sealed record StatusPageFeature(int StatusCode, string OriginalPath);

/// <summary>
/// People get the friendly page for 404 and the other error statuses, rendered by running the pipeline again for
/// <see cref="Path"/> in a fresh service scope, as <c>UseStatusCodePagesWithReExecute</c> does, with two differences
/// (decision 0030). The re-run is not marked as a re-execution: ASP.NET Core 10 stops tracking the async work of
/// components in a re-executed render, so the layout's badges kept querying after the scope (and their DbContext)
/// was disposed, which cut responses off and left PostgreSQL connections mid-protocol. And the page renders as a GET
/// with status 200, the real status going out with the first byte: a component endpoint drops the body of a 404 it
/// did not mark as re-executed.
/// </summary>
public static class StatusPages
{
    public const string Path = "/not-found";

    /// <summary>The status the page stands for: the real one while an error page renders, else the response's.</summary>
    public static int StatusCode(HttpContext context) =>
        context.Features.Get<StatusPageFeature>()?.StatusCode ?? context.Response.StatusCode;

    public static IApplicationBuilder UseDorixonaStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = RenderAsync });

    private static async Task RenderAsync(StatusCodeContext status)
    {
        var http = status.HttpContext;
        var request = http.Request;
        var statusCode = http.Response.StatusCode;
        var (path, query, method, services) = (request.Path, request.QueryString, request.Method, http.RequestServices);
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.Features.Set(new StatusPageFeature(statusCode, path.Value ?? "/"));
        http.RequestServices = scope.ServiceProvider;
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        request.Path = Path;
        request.QueryString = QueryString.Empty;
        // A page is a GET: a POST would be taken for a form post to the error page.
        request.Method = HttpMethods.Get;
        http.Response.StatusCode = StatusCodes.Status200OK;
        // A page that answered 404 itself marked the answer for enhanced navigation already; the error page marks it again.
        http.Response.Headers.Remove("blazor-enhanced-nav");
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status200OK) http.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        });
        try
        {
            await status.Next(http);
        }
        finally
        {
            (request.Path, request.QueryString, request.Method, http.RequestServices) = (path, query, method, services);
            http.Features.Set<StatusPageFeature>(null);
        }
        // A body short enough to stay in the buffer has not started the response yet.
        if (!http.Response.HasStarted && http.Response.StatusCode == StatusCodes.Status200OK) http.Response.StatusCode = statusCode;
    }
}

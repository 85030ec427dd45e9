using Dorixona.Core.Data;
using Dorixona.Web.Api;
using Dorixona.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// A write the database refused (<see cref="DatabaseReadOnlyException"/>, decision 0018) answers 503 with <c>Retry-After</c>,
/// once for every route: problem JSON for machines, and for people an empty 503 that the status-code pages turn into the
/// page saying the pharmacy cannot take changes right now. Nothing is half-sent: headers such as a sign-in cookie are dropped.
/// </summary>
public sealed class DatabaseReadOnlyMiddleware(RequestDelegate next, ILogger<DatabaseReadOnlyMiddleware> logger)
{
    public const string Code = "database.readOnly";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (WritableDatabase.IsReadOnly(e) && !context.Response.HasStarted)
        {
            logger.LogWarning("The database refused a write for {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, e.GetBaseException().Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            context.Response.Headers.CacheControl = "no-store";
            if (WebServices.IsMachineEndpoint(context.Request.Path))
            {
                var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedStrings>>();
                await ApiProblems.Problem(text, Code, StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            }
            else
            {
                // The status-code pages re-execute with this method: a page is a GET (a re-executed POST would be taken for a form post).
                context.Request.Method = HttpMethods.Get;
            }
        }
    }
}

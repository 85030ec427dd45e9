using Dorixona.Core.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Query values with control characters (a NUL that PostgreSQL refuses, a broken surrogate) are nothing a person
/// typed: they are dropped before anything reads the query, so every page and endpoint sees them as absent.
/// </summary>
public static class CleanQueryString
{
    public static IApplicationBuilder UseCleanQueryString(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.QueryString.HasValue && request.Query.Any(p => !InputText.IsClean(p.Key) || p.Value.Any(v => !InputText.IsClean(v))))
        {
            var kept = request.Query
                .Where(p => InputText.IsClean(p.Key))
                .Select(p => new KeyValuePair<string, StringValues>(p.Key, new StringValues(p.Value.Where(InputText.IsClean).ToArray())))
                .Where(p => p.Value.Count > 0);
            request.QueryString = QueryString.Create(kept);
        }
        return next(context);
    });
}

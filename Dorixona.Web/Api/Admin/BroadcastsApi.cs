using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api.Admin;

/// <summary>
/// <c>/api/v1/admin/broadcasts</c>: news to a segment of customers (admins only). <c>POST</c> creates one (title and body
/// per language, <c>segment</c>: <c>allCustomers</c>, <c>boughtFromCategory</c> with <c>categoryId</c>, or <c>withReminder</c>) and answers 202:
/// the job sends it in batches. <c>GET</c> lists the latest with their counts.
/// </summary>
public static class BroadcastsApi
{
    public static void MapBroadcastsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/broadcasts").WithTags("Admin broadcasts")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin })
            .DisableAntiforgery();

        api.MapGet("/", async (Broadcasts broadcasts, CancellationToken ct) => TypedResults.Ok(await broadcasts.ListAsync(ct)));

        api.MapPost("/", async Task<Results<Accepted<BroadcastView>, ProblemHttpResult>> (
            BroadcastInput body, HttpContext http, Broadcasts broadcasts, IStringLocalizer<SharedStrings> L, CancellationToken ct) =>
        {
            var result = await broadcasts.CreateAsync(body, http.User.UserId(), ct);
            return result.Succeeded
                ? TypedResults.Accepted($"/api/v1/admin/broadcasts/{result.Value!.Id}", result.Value)
                : ApiProblems.Validation(L, result.Errors);
        });
    }
}

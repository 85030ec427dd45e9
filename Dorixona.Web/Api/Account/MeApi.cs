using Dorixona.Web;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Api.Account;

public sealed record MeResponse(Guid Id, string Phone, string PhoneFormatted, string FullName, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? VerifiedAt, string? PreferredCulture);
public sealed record MePatch(string? FullName, string? PreferredCulture);

public static class MeApi
{
    /// <summary><c>GET|PATCH /api/v1/me</c>: the signed-in person's profile.</summary>
    public static void MapMeApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization().DisableAntiforgery();

        me.MapGet("/", async Task<Results<Ok<MeResponse>, NotFound>> (HttpContext http, AccountService accounts) =>
            await accounts.GetProfileAsync(http.User.UserId()) is { } p ? TypedResults.Ok(ToResponse(p)) : TypedResults.NotFound());

        me.MapPatch("/", async Task<Results<Ok<MeResponse>, ProblemHttpResult, NotFound>> (
            MePatch body, HttpContext http, AccountService accounts, IStringLocalizer<SharedStrings> L) =>
        {
            var userId = http.User.UserId();
            var current = await accounts.GetProfileAsync(userId);
            if (current is null) return TypedResults.NotFound();
            var result = await accounts.UpdateProfileAsync(userId, body.FullName ?? current.FullName, body.PreferredCulture);
            if (!result.Succeeded) return ApiProblems.Validation(L, result.Errors);
            return TypedResults.Ok(ToResponse((await accounts.GetProfileAsync(userId))!));
        });
    }

    private static MeResponse ToResponse(ProfileView p) =>
        new(p.Id, p.Phone, PhoneNumber.Format(p.Phone), p.FullName, p.Roles, p.CreatedAt, p.VerifiedAt, p.PreferredCulture);
}

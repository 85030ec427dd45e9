using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Admin;

/// <summary>
/// The users admin's form posts (change role, disable, enable: Post/Redirect/Get back to the user's page with
/// <c>?done=</c> or <c>?error=</c>).
/// </summary>
public static class UsersAdminForms
{
    public static void MapUsersAdminForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/admin/users/{id:guid}")
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin })
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        forms.MapPost("/role", async (Guid id, [FromForm] string? role, HttpContext http, UserAdmin users) =>
            Back(id, "role", await users.ChangeRoleAsync(http.User.UserId(), id, role)));
        forms.MapPost("/disable", async (Guid id, HttpContext http, UserAdmin users) =>
            Back(id, "disabled", await users.SetDisabledAsync(http.User.UserId(), id, disabled: true)));
        forms.MapPost("/enable", async (Guid id, HttpContext http, UserAdmin users) =>
            Back(id, "enabled", await users.SetDisabledAsync(http.User.UserId(), id, disabled: false)));
    }

    private static RedirectHttpResult Back(Guid id, string done, Core.Common.Result result)
    {
        if (result.Succeeded) return TypedResults.LocalRedirect($"/admin/users/{id}?done={done}");
        var error = result.Errors[0];
        return TypedResults.LocalRedirect($"/admin/users/{id}?error={Uri.EscapeDataString(error.Code)}"
            + (error.Field is null ? "" : "&field=" + Uri.EscapeDataString(error.Field)));
    }
}

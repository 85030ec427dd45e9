using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Account;

public static class AccountForms
{
    /// <summary><c>POST /account/logout</c>: a form button in the header (a GET would let any page sign you out).</summary>
    public static void MapAccountForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, HttpContext http, SignInManager<AppUser> signIn) =>
        {
            // A new stamp ends the session on the server too: the old cookie (or a bearer token) replayed is refused (SessionGate).
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(AuthSetup.SafeReturnUrl(returnUrl) ?? "/");
        }).RequireAuthorization();
    }
}

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
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(AuthSetup.SafeReturnUrl(returnUrl) ?? "/");
        }).RequireAuthorization();
    }
}

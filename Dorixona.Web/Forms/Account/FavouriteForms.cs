using Dorixona.Core.Favourites;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Account;

/// <summary>
/// The heart on product cards, the product page and /favourites (Post/Redirect/Get, decision 0060). Open to guests so the
/// heart can send them to sign in and back to the page they were on, instead of a challenge that would return to a POST address.
/// </summary>
public static class FavouriteForms
{
    public static void MapFavouriteForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/favourites").AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());

        forms.MapPost("/{productId:int}/toggle", async (int productId, [FromForm] string? returnUrl, HttpContext http, FavouriteService favourites) =>
        {
            var back = AuthSetup.SafeReturnUrl(returnUrl) ?? "/favourites";
            if (http.User.Identity?.IsAuthenticated != true)
                return TypedResults.LocalRedirect("/account/login?returnUrl=" + Uri.EscapeDataString(back));
            await favourites.ToggleAsync(http.User.UserId(), productId);
            return TypedResults.LocalRedirect(back);
        });
    }
}

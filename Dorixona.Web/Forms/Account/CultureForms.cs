using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Account;

public static class CultureForms
{
    /// <summary><c>POST /culture</c> (the header's language buttons): stores the choice in a cookie for a year, then goes back.</summary>
    public static void MapCultureForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/culture", ([FromForm] string? culture, [FromForm] string? returnUrl, HttpContext http) =>
        {
            Cultures.WriteCookie(http, culture);
            return TypedResults.LocalRedirect(AuthSetup.SafeReturnUrl(returnUrl) ?? "/");
        }).AllowAnonymous().DisableRateLimiting();
    }
}

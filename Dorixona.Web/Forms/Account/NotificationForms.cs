using Dorixona.Core.Notifications;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Account;

/// <summary>The notifications page's plain forms (Post/Redirect/Get).</summary>
public static class NotificationForms
{
    public static void MapNotificationForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/account/notifications").RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
        forms.MapPost("/{id:long}/read", async (long id, HttpContext http, INotificationService notifications) =>
        {
            await notifications.MarkReadAsync(http.User.UserId(), id);
            return TypedResults.LocalRedirect("/account/notifications");
        });
        forms.MapPost("/read-all", async ([FromForm] string? returnUrl, HttpContext http, INotificationService notifications) =>
        {
            await notifications.MarkAllReadAsync(http.User.UserId());
            return TypedResults.LocalRedirect(AuthSetup.SafeReturnUrl(returnUrl) ?? "/account/notifications");
        });
    }
}

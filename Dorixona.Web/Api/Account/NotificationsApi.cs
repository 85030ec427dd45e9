using Dorixona.Core.Notifications;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Api.Account;

public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        // The bell's badge, re-fetched by htmx when the hub says something changed.
        app.MapGet("/fragments/notifications/badge", async (HttpContext http, INotificationService notifications) =>
            new RazorComponentResult<NotificationBadge>(new { Count = await notifications.UnreadCountAsync(http.User.UserId()) }))
            .RequireAuthorization();

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

        var api = app.MapGroup("/api/v1/notifications").RequireAuthorization().WithTags("Notifications");
        api.MapGet("/", async (HttpContext http, INotificationService notifications) =>
        {
            var userId = http.User.UserId();
            return TypedResults.Ok(new { unread = await notifications.UnreadCountAsync(userId), items = await notifications.ListAsync(userId) });
        });
        api.MapPost("/{id:long}/read", async Task<Results<NoContent, NotFound>> (long id, HttpContext http, INotificationService notifications) =>
            await notifications.MarkReadAsync(http.User.UserId(), id) ? TypedResults.NoContent() : TypedResults.NotFound());
        api.MapPost("/read-all", async (HttpContext http, INotificationService notifications) =>
            TypedResults.Ok(new { marked = await notifications.MarkAllReadAsync(http.User.UserId()) }));
    }
}

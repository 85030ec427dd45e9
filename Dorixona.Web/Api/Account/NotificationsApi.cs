using Dorixona.Core.Notifications;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dorixona.Web.Api.Account;

/// <summary><c>/api/v1/notifications</c>: the signed-in person's notifications for the apps.</summary>
public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
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

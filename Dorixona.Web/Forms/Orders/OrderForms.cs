using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Orders;

/// <summary>The order pages' plain forms (Post/Redirect/Get).</summary>
public static class OrderForms
{
    public static void MapOrderForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("").RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());

        forms.MapPost("/orders/{id:long}/cancel", async (long id, [FromForm] string? reason, HttpContext http, OrderService orders) =>
        {
            var result = await orders.CancelByCustomerAsync(http.User.UserId(), id, reason);
            if (!result.Succeeded && result.Errors[0].Code == "order.notFound") return Results.NotFound();
            return TypedResults.LocalRedirect(result.Succeeded ? $"/orders/{id}?cancelled=1" : $"/orders/{id}?error={result.Errors[0].Code}");
        });

        forms.MapPost("/operator/orders/{id:long}/transition", async (long id, [FromForm] string? to, [FromForm] string? note, [FromForm] string? returnUrl,
            HttpContext http, OrderService orders) =>
        {
            var back = AuthSetup.SafeReturnUrl(returnUrl) is { } url && url.StartsWith("/operator/orders", StringComparison.Ordinal) ? url : "/operator/orders";
            if (!WireName.TryParse<OrderStatus>(to, out var status)) return TypedResults.LocalRedirect(Append(back, "error=order.transitionNotAllowed"));
            var result = await orders.TransitionAsync(id, status, OrderText.StaffActor(http.User), http.User.UserId(), string.IsNullOrWhiteSpace(note) ? null : note.Trim());
            return TypedResults.LocalRedirect(result.Succeeded ? back : Append(back, "error=" + result.Errors[0].Code));
        }).RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
    }

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}

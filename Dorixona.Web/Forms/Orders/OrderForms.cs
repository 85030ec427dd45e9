using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Orders;

/// <summary>The customer's order page forms (Post/Redirect/Get); operators move orders in their interactive portal.</summary>
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

        // "Buy again" from the order list or an order's page: the cart says what came back and what did not (ReorderNotice).
        forms.MapPost("/orders/{id:long}/reorder", async (long id, HttpContext http, CartService carts) =>
        {
            var result = await carts.ReorderAsync(http.User.UserId(), id);
            if (!result.Succeeded) return Results.NotFound();
            return TypedResults.LocalRedirect(ReorderNotice.Url(id, result.Value!));
        });
    }
}

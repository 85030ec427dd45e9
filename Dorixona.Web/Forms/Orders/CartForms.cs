using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Orders;

/// <summary>The cart's plain forms (Post/Redirect/Get) for guests and signed-in people alike.</summary>
public static class CartForms
{
    /// <summary>
    /// The forms on product cards, the product page and /cart. blazor.web.js posts them in place (data-enhance) and patches
    /// in the page the redirect names, so the badge and the notice change without a reload; without script they are plain posts.
    /// </summary>
    public static void MapCartForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/cart").AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());

        forms.MapPost("/add", async Task<IResult> ([FromForm] int productId, [FromForm] int? quantity, [FromForm] string? returnUrl,
            HttpContext http, CartOwners owners, CartService carts) =>
        {
            var notice = Notice(productId, await carts.AddAsync(owners.CurrentOrNew(http), productId, Math.Max(1, quantity ?? 1)));
            return TypedResults.LocalRedirect(notice.AppendTo(AuthSetup.SafeReturnUrl(returnUrl) ?? "/cart"));
        });

        forms.MapPost("/update", async ([FromForm] int productId, [FromForm] int? quantity, [FromForm] string? remove,
            HttpContext http, CartOwners owners, CartService carts) =>
        {
            var owner = owners.Current(http);
            if (owner.IsEmpty) return TypedResults.LocalRedirect("/cart");
            if (remove is not null || quantity is null or <= 0)
            {
                await carts.RemoveAsync(owner, productId);
                return TypedResults.LocalRedirect("/cart");
            }
            var notice = Notice(productId, await carts.SetQuantityAsync(owner, productId, quantity.Value));
            return TypedResults.LocalRedirect(notice.Capped || notice.Error is not null ? notice.AppendTo("/cart") : "/cart");
        });

        forms.MapPost("/clear", async (HttpContext http, CartOwners owners, CartService carts) =>
        {
            if (owners.Current(http) is { IsEmpty: false } owner) await carts.ClearAsync(owner);
            return TypedResults.LocalRedirect("/cart");
        });
    }

    private static CartNoticeModel Notice(int productId, Result<CartChange> result) => result.Succeeded
        ? new CartNoticeModel(productId, result.Value!.Quantity, result.Value.Capped, null)
        : new CartNoticeModel(productId, 0, false, result.Errors[0].Code);
}

using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Api.Orders;

public sealed record CartItemBody(int ProductId, int Quantity = 1);
public sealed record CartQuantityBody(int Quantity);

public sealed record CartLineJson(
    int ProductId, string Slug, string Name, string Details, int Quantity, long Price, long PriceWhenAdded, long LineTotal, int Available,
    int MaxQuantity, bool RequiresPrescription, bool PriceChanged, bool StockShort, string? Image);

public sealed record CartJson(IReadOnlyList<CartLineJson> Lines, int Count, long Total, bool HasPrescriptionItems, bool HasWarnings);

public sealed record CartChangeJson(int ProductId, int Quantity, bool Capped, CartJson Cart);

/// <summary>
/// The cart for the apps (<c>/api/v1/cart</c>) and for the pages' plain forms (<c>/cart/...</c>, then
/// Post/Redirect/Get). Signed-in people use their account's cart; guests the one named by <c>dx.cart</c>.
/// </summary>
public static class CartApi
{
    public static void MapCartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/cart").WithTags("Cart").AllowAnonymous().DisableAntiforgery();

        api.MapGet("/", async (HttpContext http, CartOwners owners, CartService carts) =>
            TypedResults.Ok(ToJson(await carts.GetAsync(owners.Current(http)))));

        api.MapDelete("/", async (HttpContext http, CartOwners owners, CartService carts) =>
        {
            if (owners.Current(http) is { IsEmpty: false } owner) await carts.ClearAsync(owner);
            return TypedResults.NoContent();
        });

        api.MapPost("/items", async Task<Results<Ok<CartChangeJson>, ProblemHttpResult>> (
            CartItemBody body, HttpContext http, CartOwners owners, CartService carts, OrdersText T) =>
        {
            if (body.Quantity < 1) return ApiProblems.Validation(T, [new FieldError("quantity", "cart.quantity")]);
            var owner = owners.CurrentOrNew(http);
            var result = await carts.AddAsync(owner, body.ProductId, body.Quantity);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new CartChangeJson(body.ProductId, result.Value!.Quantity, result.Value.Capped, ToJson(await carts.GetAsync(owner))));
        });

        api.MapPatch("/items/{productId:int}", async Task<Results<Ok<CartChangeJson>, ProblemHttpResult>> (
            int productId, CartQuantityBody body, HttpContext http, CartOwners owners, CartService carts, OrdersText T) =>
        {
            var owner = owners.Current(http);
            if (owner.IsEmpty) return ApiProblems.Problem(T, "cart.lineNotFound", StatusCodes.Status404NotFound);
            var result = await carts.SetQuantityAsync(owner, productId, body.Quantity);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new CartChangeJson(productId, result.Value!.Quantity, result.Value.Capped, ToJson(await carts.GetAsync(owner))));
        });

        api.MapDelete("/items/{productId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int productId, HttpContext http, CartOwners owners, CartService carts, OrdersText T) =>
            owners.Current(http) is { IsEmpty: false } owner && await carts.RemoveAsync(owner, productId)
                ? TypedResults.NoContent()
                : ApiProblems.Problem(T, "cart.lineNotFound", StatusCodes.Status404NotFound));
    }

    /// <summary>The forms on product cards, the product page and /cart; with htmx the add answers a fragment and tells the badge.</summary>
    public static void MapCartForms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fragments/cart/badge", async (HttpContext http, CartOwners owners, CartService carts) =>
            new RazorComponentResult<CartBadge>(new { Count = await carts.CountAsync(owners.Current(http)) })).AllowAnonymous();

        var forms = app.MapGroup("/cart").AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());

        forms.MapPost("/add", async Task<IResult> ([FromForm] int productId, [FromForm] int? quantity, [FromForm] string? returnUrl,
            HttpContext http, CartOwners owners, CartService carts) =>
        {
            var notice = Notice(productId, await carts.AddAsync(owners.CurrentOrNew(http), productId, Math.Max(1, quantity ?? 1)));
            if (http.Request.Headers.ContainsKey("HX-Request"))
            {
                http.Response.Headers["HX-Trigger"] = "dx-cart";
                return new RazorComponentResult<CartNotice>(new { Notice = notice });
            }
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

    private static ProblemHttpResult Refused(OrdersText T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "product.notFound" => ApiProblems.Validation(T, errors, StatusCodes.Status404NotFound),
        "cart.outOfStock" or "cart.concurrent" => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    public static CartJson ToJson(CartView cart) => new(
        cart.Lines.Select(l => new CartLineJson(l.ProductId, l.Slug, l.Name, l.Details, l.Quantity, l.Price, l.PriceWhenAdded, l.LineTotal,
            l.Available, l.MaxQuantity, l.RequiresPrescription, l.PriceChanged, l.StockShort, l.Image is null ? null : "/media/products/" + l.Image)).ToList(),
        cart.Count, cart.Total, cart.HasPrescriptionItems, cart.HasWarnings);
}

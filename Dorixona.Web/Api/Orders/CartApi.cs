using Dorixona.Core.Common;
using Dorixona.Core.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Api.Orders;

public sealed record CartItemBody(int ProductId, int Quantity = 1);
public sealed record CartQuantityBody(int Quantity);

public sealed record CartLineJson(
    int ProductId, string Slug, string Name, string Details, int Quantity, long Price, long PriceWhenAdded, long LineTotal, int Available,
    int MaxQuantity, bool RequiresPrescription, bool PriceChanged, bool StockShort, string? Image);

public sealed record CartJson(IReadOnlyList<CartLineJson> Lines, int Count, long Total, bool HasPrescriptionItems, bool HasWarnings);

public sealed record CartChangeJson(int ProductId, int Quantity, bool Capped, CartJson Cart);

/// <summary>
/// The cart for the apps (<c>/api/v1/cart</c>). Signed-in people use their account's cart; guests the one named by
/// <c>dx.cart</c> (the pages' forms are in Forms/Orders/CartForms).
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
            CartItemBody body, HttpContext http, CartOwners owners, CartService carts, IStringLocalizer<SharedStrings> T) =>
        {
            if (body.Quantity < 1) return ApiProblems.Validation(T, [new FieldError("quantity", "cart.quantity")]);
            var owner = owners.CurrentOrNew(http);
            var result = await carts.AddAsync(owner, body.ProductId, body.Quantity);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new CartChangeJson(body.ProductId, result.Value!.Quantity, result.Value.Capped, ToJson(await carts.GetAsync(owner))));
        });

        api.MapPatch("/items/{productId:int}", async Task<Results<Ok<CartChangeJson>, ProblemHttpResult>> (
            int productId, CartQuantityBody body, HttpContext http, CartOwners owners, CartService carts, IStringLocalizer<SharedStrings> T) =>
        {
            var owner = owners.Current(http);
            if (owner.IsEmpty) return ApiProblems.Problem(T, "cart.lineNotFound", StatusCodes.Status404NotFound);
            var result = await carts.SetQuantityAsync(owner, productId, body.Quantity);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new CartChangeJson(productId, result.Value!.Quantity, result.Value.Capped, ToJson(await carts.GetAsync(owner))));
        });

        api.MapDelete("/items/{productId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int productId, HttpContext http, CartOwners owners, CartService carts, IStringLocalizer<SharedStrings> T) =>
            owners.Current(http) is { IsEmpty: false } owner && await carts.RemoveAsync(owner, productId)
                ? TypedResults.NoContent()
                : ApiProblems.Problem(T, "cart.lineNotFound", StatusCodes.Status404NotFound));
    }

    private static ProblemHttpResult Refused(IStringLocalizer<SharedStrings> T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "product.notFound" => ApiProblems.Validation(T, errors, StatusCodes.Status404NotFound),
        "cart.outOfStock" or "cart.concurrent" => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    public static CartJson ToJson(CartView cart) => new(
        cart.Lines.Select(l => new CartLineJson(l.ProductId, l.Slug, l.Name, l.Details, l.Quantity, l.Price, l.PriceWhenAdded, l.LineTotal,
            l.Available, l.MaxQuantity, l.RequiresPrescription, l.PriceChanged, l.StockShort, l.Image is null ? null : FileUrls.ProductImage(l.Image))).ToList(),
        cart.Count, cart.Total, cart.HasPrescriptionItems, cart.HasWarnings);
}

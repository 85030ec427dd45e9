using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Favourites;
using Dorixona.Web.Api.Catalog;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api.Account;

/// <summary>A favourite: the product as the catalog lists it (<c>null</c> once the product is no longer sold), and when it was added.</summary>
public sealed record FavouriteJson(int ProductId, DateTime AddedAt, ProductListItem? Product);

public sealed record FavouriteBody(int? ProductId);

/// <summary><c>/api/v1/me/favourites</c>: the signed-in person's favourites, newest first.</summary>
public static class FavouritesApi
{
    public static void MapFavouritesApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/favourites").WithTags("Favourites").RequireAuthorization().DisableAntiforgery();

        me.MapGet("/", async (HttpContext http, FavouriteService favourites, CatalogIndex index) =>
        {
            var view = await index.GetAsync();
            return TypedResults.Ok((await favourites.ListAsync(http.User.UserId())).Select(f => ToJson(f, view)).ToList());
        });

        me.MapPost("/", async Task<Results<Created<FavouriteJson>, Ok<FavouriteJson>, ProblemHttpResult>> (
            FavouriteBody body, HttpContext http, FavouriteService favourites, CatalogIndex index, IStringLocalizer<SharedStrings> T) =>
        {
            if (body.ProductId is not { } productId) return ApiProblems.Validation(T, [new FieldError("productId", "value.required")]);
            var userId = http.User.UserId();
            var result = await favourites.AddAsync(userId, productId);
            if (!result.Succeeded) return ApiProblems.Problem(T, "product.notFound", StatusCodes.Status404NotFound);
            var json = ToJson((await favourites.ListAsync(userId)).First(f => f.ProductId == productId), await index.GetAsync());
            return result.Value ? TypedResults.Created("/api/v1/me/favourites", json) : TypedResults.Ok(json);
        });

        me.MapDelete("/{productId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int productId, HttpContext http, FavouriteService favourites, IStringLocalizer<SharedStrings> T) =>
            await favourites.RemoveAsync(http.User.UserId(), productId)
                ? TypedResults.NoContent()
                : ApiProblems.Problem(T, "favourite.notFound", StatusCodes.Status404NotFound));
    }

    private static FavouriteJson ToJson(FavouriteView f, CatalogView view) =>
        new(f.ProductId, f.CreatedAt, view.Find(f.ProductId) is { } card ? CatalogApi.ToItem(card) : null);
}

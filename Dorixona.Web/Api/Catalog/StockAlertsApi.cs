using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Web.Infrastructure;
using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api.Catalog;

public sealed record StockAlertJson(int ProductId, string Slug, string Name, DateTime CreatedAt);

/// <summary>
/// Back-in-stock alerts for signed-in customers: ask while a product is sold out (409 while any branch has it), be told
/// once when it returns (in the app and by SMS, StockAlertJob), or change one's mind.
/// </summary>
public static class StockAlertsApi
{
    public static void MapStockAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Stock alerts").RequireAuthorization().DisableAntiforgery();

        api.MapPost("/products/{idOrSlug}/stock-alerts", async Task<Results<Created<StockAlertJson>, Ok<StockAlertJson>, ProblemHttpResult>> (
            string idOrSlug, HttpContext http, CatalogIndex index, StockAlertService alerts, IStringLocalizer<SharedStrings> T) =>
        {
            if (await FindAsync(index, idOrSlug) is not { } product) return ApiProblems.Problem(T, "product.notFound", StatusCodes.Status404NotFound);
            var userId = http.User.UserId();
            var result = await alerts.SubscribeAsync(userId, product.Id);
            if (!result.Succeeded)
            {
                var code = result.Errors[0].Code;
                return ApiProblems.Problem(T, code, code == "stockAlert.inStock" ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound);
            }
            var json = (await alerts.ListAsync(userId)).Where(a => a.ProductId == product.Id).Select(ToJson).Single();
            return result.Value ? TypedResults.Created($"/api/v1/me/stock-alerts", json) : TypedResults.Ok(json);
        });

        api.MapDelete("/products/{idOrSlug}/stock-alerts", async Task<Results<NoContent, ProblemHttpResult>> (
            string idOrSlug, HttpContext http, CatalogIndex index, StockAlertService alerts, IStringLocalizer<SharedStrings> T) =>
            await FindAsync(index, idOrSlug) is { } product && await alerts.UnsubscribeAsync(http.User.UserId(), product.Id)
                ? TypedResults.NoContent()
                : ApiProblems.Problem(T, "stockAlert.notFound", StatusCodes.Status404NotFound));

        api.MapGet("/me/stock-alerts", async (HttpContext http, StockAlertService alerts) =>
            TypedResults.Ok((await alerts.ListAsync(http.User.UserId())).Select(ToJson).ToList()));
    }

    private static async Task<ProductCard?> FindAsync(CatalogIndex index, string idOrSlug)
    {
        var view = await index.GetAsync();
        return int.TryParse(idOrSlug, out var id) ? view.Find(id) : view.Find(idOrSlug);
    }

    private static StockAlertJson ToJson(StockAlertView a) => new(a.ProductId, a.Slug, a.Name, a.CreatedAt);
}

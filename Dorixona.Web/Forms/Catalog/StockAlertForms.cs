using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Catalog;

/// <summary>The product page's "tell me when it is back" form (Post/Redirect/Get), for signed-in customers.</summary>
public static class StockAlertForms
{
    public static void MapStockAlertForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("").RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());

        forms.MapPost("/product/{slug}/stock-alert", async (string slug, [FromForm] string? cancel, HttpContext http, CatalogIndex index, StockAlertService alerts) =>
        {
            if ((await index.GetAsync()).Find(slug) is not { } product) return Results.NotFound();
            var userId = http.User.UserId();
            string outcome;
            if (cancel is not null)
            {
                await alerts.UnsubscribeAsync(userId, product.Id);
                outcome = "off";
            }
            else
            {
                var result = await alerts.SubscribeAsync(userId, product.Id);
                outcome = result.Succeeded ? "on" : result.Errors[0].Code == "stockAlert.inStock" ? "inStock" : "off";
            }
            return TypedResults.LocalRedirect($"/product/{Uri.EscapeDataString(product.Slug)}?alert={outcome}#stock-alert");
        });
    }
}

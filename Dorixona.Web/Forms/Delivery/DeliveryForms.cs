using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Web.Api.Delivery;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Delivery;

/// <summary>The courier and operator pages' plain forms (Post/Redirect/Get, antiforgery).</summary>
public static class DeliveryForms
{
    public static void MapDeliveryForms(this IEndpointRouteBuilder app)
    {
        MapCourierForms(app);
        MapOperatorForms(app);
    }

    private static void MapCourierForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/courier/deliveries").WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(p => p.RequireRole(Roles.Courier));

        forms.MapPost("/{id:long}/{step:regex(^(accept|decline|pickup|start|return)$)}", async (long id, string step, [FromForm] string? note,
            HttpContext http, DeliveryService s) =>
        {
            var me = DeliveryApi.Me(http);
            var result = step switch
            {
                "accept" => await s.AcceptAsync(id, me),
                "decline" => await s.DeclineAsync(id, me, note),
                "pickup" => await s.PickUpAsync(id, me),
                "start" => await s.StartAsync(id, me),
                _ => await s.ReturnAsync(id, me),
            };
            return Back(id, result);
        });
        forms.MapPost("/{id:long}/deliver", async (long id, [FromForm] string? code, [FromForm] string? cashCollected, HttpContext http, DeliveryService s) =>
            Back(id, await s.DeliverWithCodeAsync(id, DeliveryApi.Me(http), code, DeliveryApi.ParseCash(cashCollected))));
        forms.MapPost("/{id:long}/deliver-photo", async (long id, IFormFile? photo, [FromForm] string? note, [FromForm] string? cashCollected,
            HttpContext http, DeliveryService s) =>
            Back(id, await s.DeliverWithPhotoAsync(id, DeliveryApi.Me(http), await DeliveryApi.ReadPhotoAsync(photo), note, DeliveryApi.ParseCash(cashCollected))));
        forms.MapPost("/{id:long}/fail", async (long id, [FromForm] string? reason, [FromForm] string? note, HttpContext http, DeliveryService s) =>
            Back(id, await s.FailAsync(id, DeliveryApi.Me(http), WireName.TryParse<FailReason>(reason, out var r) ? r : null, note)));
    }

    private static void MapOperatorForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/operator/deliveries").WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        forms.MapPost("/{id:long}/assign", async (long id, [FromForm] Guid? courierId, HttpContext http, DeliveryService s) =>
            Board(courierId is { } c ? await s.AssignAsync(id, c, DeliveryApi.Staff(http)) : Result.Fail("courierId", "delivery.courierUnknown")));
        forms.MapPost("/{id:long}/requeue", async (long id, HttpContext http, DeliveryService s) => Board(await s.RequeueAsync(id, DeliveryApi.Staff(http))));
        forms.MapPost("/{id:long}/cancel", async (long id, [FromForm] string? note, HttpContext http, DeliveryService s) =>
            Board(await s.CancelAsync(id, DeliveryApi.Staff(http), note)));
        forms.MapPost("/{id:long}/fail", async (long id, [FromForm] string? reason, HttpContext http, DeliveryService s) =>
            Board(await s.FailAsync(id, DeliveryApi.Staff(http), WireName.TryParse<FailReason>(reason, out var r) ? r : null, null)));
        forms.MapPost("/{id:long}/returned", async (long id, HttpContext http, DeliveryService s) => Board(await s.ReturnAsync(id, DeliveryApi.Staff(http))));
        forms.MapPost("/{id:long}/reviewed", async (long id, DeliveryService s) =>
            Board(await s.MarkReviewedAsync(id) ? Result.Ok() : Result.Fail(null, "delivery.notFound")));
        forms.MapPost("/cash/{courierId:guid}/settle", async (Guid courierId, HttpContext http, DeliveryService s) =>
        {
            var sum = await s.SettleCashAsync(courierId, DeliveryApi.Staff(http));
            return TypedResults.LocalRedirect($"/operator/deliveries?settled={sum}");
        });
    }

    private static RedirectHttpResult Back(long id, Result result) =>
        TypedResults.LocalRedirect(result.Succeeded ? $"/courier#delivery-{id}"
            : $"/courier?error={Uri.EscapeDataString(result.Errors[0].Code)}&d={id}{Args(result)}#delivery-{id}");

    private static string Args(Result result) =>
        result.Errors[0].Args is { Length: > 0 } a && a[0] is int n ? "&n=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static RedirectHttpResult Board(Result result) =>
        TypedResults.LocalRedirect(result.Succeeded ? "/operator/deliveries" : "/operator/deliveries?error=" + Uri.EscapeDataString(result.Errors[0].Code));
}

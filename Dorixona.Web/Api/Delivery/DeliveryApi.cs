using System.Text.RegularExpressions;
using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Delivery;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Api.Delivery;

public sealed record DeliveryAddressJson(string Region, string District, string Street, string House, string? Apartment, string? Landmark);

public sealed record CourierDeliveryJson(
    long Id, long OrderId, string OrderNumber, string State, DeliveryAddressJson? Address, string Phone, string CustomerName, int Items,
    long AmountToCollect, string PaymentMethod, bool CodeLocked, DateTime PromisedBy, IReadOnlyList<string> Next);

public sealed record PositionJson(double Lat, double Lon, DateTime At);

public sealed record DeliveryTrackingJson(long Id, string State, string? Courier, PositionJson? LastPosition, int? EtaMinutes, string? HandoverCode, DateTime? DeliveredAt);

public sealed record NoteBody(string? Note);

public sealed record DeliverBody(string? Code, long? CashCollected);

public sealed record FailBody(string? Reason, string? Note);

public sealed record LocationBody(double? Lat, double? Lon, double? Accuracy);

public sealed record AssignBody(Guid? CourierId);

/// <summary>
/// The courier's JSON API, the operator's assign call and the customer's tracking call; the courier and operator
/// pages' plain forms (Post/Redirect/Get, antiforgery); the tracking fragment and the proof photos.
/// The JSON API takes the cookie (same-site, like the other /api/v1 groups) or a bearer token.
/// </summary>
public static partial class DeliveryApi
{
    public static IServiceCollection AddDeliveryWeb(this IServiceCollection services) => services.AddScoped<DeliveryText>();

    public static void MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var courier = app.MapGroup("/api/v1/courier/deliveries").WithTags("Courier").DisableAntiforgery()
            .RequireAuthorization(p => p.RequireRole(Roles.Courier));

        courier.MapGet("/", async (HttpContext http, DeliveryQueries queries) =>
            TypedResults.Ok((await queries.ForCourierAsync(http.User.UserId())).Select(ToJson).ToList()));

        courier.MapPost("/{id:long}/accept", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
            Answer(http, id, s.AcceptAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/decline", (long id, [FromBody] NoteBody? body, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
            Answer(http, id, s.DeclineAsync(id, Me(http), body?.Note), q, T, gone: true));
        courier.MapPost("/{id:long}/pickup", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
            Answer(http, id, s.PickUpAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/start", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
            Answer(http, id, s.StartAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/deliver", async (long id, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
        {
            // JSON {code, cashCollected}; or multipart with photo + note (+ cashCollected) when the customer cannot give the code.
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync();
                var photo = await ReadPhotoAsync(form.Files["photo"]);
                return await Answer(http, id, s.DeliverWithPhotoAsync(id, Me(http), photo, form["note"], ParseCash(form["cashCollected"])), q, T);
            }
            var body = await http.Request.ReadFromJsonAsync<DeliverBody>();
            return await Answer(http, id, s.DeliverWithCodeAsync(id, Me(http), body?.Code, body?.CashCollected), q, T);
        });
        courier.MapPost("/{id:long}/fail", (long id, FailBody body, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
            Answer(http, id, s.FailAsync(id, Me(http), DeliveryText.ParseEnum<FailReason>(body.Reason, out var r) ? r : null, body.Note), q, T));
        courier.MapPost("/{id:long}/location", async Task<IResult> (long id, LocationBody body, HttpContext http, DeliveryService s, DeliveryText T) =>
        {
            var result = await s.RecordPositionAsync(id, Me(http), body.Lat, body.Lon, body.Accuracy);
            return result.Succeeded ? TypedResults.NoContent() : Refused(T, result.Errors);
        });

        app.MapPost("/api/v1/operator/deliveries/{id:long}/assign", async Task<IResult> (
            long id, AssignBody? body, HttpContext http, DeliveryService s, DeliveryQueries q, DeliveryText T) =>
        {
            var courierId = body?.CourierId ?? (await q.SuggestAsync(id))?.Id;
            if (courierId is null) return ApiProblems.Validation(T, [new FieldError("courierId", "delivery.courierUnknown")]);
            var result = await s.AssignAsync(id, courierId.Value, Staff(http));
            return result.Succeeded ? TypedResults.Ok(new { id, state = "assigned", courierId }) : Refused(T, result.Errors);
        }).WithTags("Operator").DisableAntiforgery().RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        app.MapGet("/api/v1/orders/{id:long}/delivery", async Task<IResult> (long id, HttpContext http, DeliveryQueries q, DeliveryText T) =>
            await q.TrackingAsync(id, http.User.UserId()) is { } t
                ? TypedResults.Ok(new DeliveryTrackingJson(t.Id, DeliveryText.Camel(t.State), t.CourierName,
                    t.Last is { } p ? new PositionJson(p.Lat, p.Lon, p.At) : null, t.EtaMinutes, t.HandoverCode, t.DeliveredAt))
                : ApiProblems.Problem(T, "delivery.notFound", StatusCodes.Status404NotFound))
            .WithTags("Orders").RequireAuthorization();

        app.MapGet("/fragments/orders/{id:long}/delivery", async Task<IResult> (long id, HttpContext http, DeliveryQueries q) =>
            await q.TrackingAsync(id, http.User.UserId()) is { } t
                ? new RazorComponentResult<DeliveryLive>(new { Tracking = t })
                : TypedResults.NotFound()).RequireAuthorization();

        // Proof photos are evidence about a customer's door: operators and admins only, never cached by proxies.
        app.MapGet("/operator/deliveries/{id:long}/photo", async Task<IResult> (long id, DeliveryQueries q, IFileStore files, HttpContext http, CancellationToken ct) =>
        {
            if (await q.PhotoPathAsync(id, ct) is not { } path || PhotoName().Match(path) is not { Success: true } m
                || Core.Catalog.Admin.ImageFormats.ByExtension(m.Groups["ext"].Value) is not { } format) return TypedResults.NotFound();
            var file = await files.OpenReadAsync(path, ct);
            if (file is null) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.Stream(file.Content, format.ContentType);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Operator + "," + Roles.Admin });

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
            var me = Me(http);
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
            Back(id, await s.DeliverWithCodeAsync(id, Me(http), code, ParseCash(cashCollected))));
        forms.MapPost("/{id:long}/deliver-photo", async (long id, IFormFile? photo, [FromForm] string? note, [FromForm] string? cashCollected,
            HttpContext http, DeliveryService s) =>
            Back(id, await s.DeliverWithPhotoAsync(id, Me(http), await ReadPhotoAsync(photo), note, ParseCash(cashCollected))));
        forms.MapPost("/{id:long}/fail", async (long id, [FromForm] string? reason, [FromForm] string? note, HttpContext http, DeliveryService s) =>
            Back(id, await s.FailAsync(id, Me(http), DeliveryText.ParseEnum<FailReason>(reason, out var r) ? r : null, note)));
    }

    private static void MapOperatorForms(IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/operator/deliveries").WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        forms.MapPost("/{id:long}/assign", async (long id, [FromForm] Guid? courierId, HttpContext http, DeliveryService s) =>
            Board(courierId is { } c ? await s.AssignAsync(id, c, Staff(http)) : Result.Fail("courierId", "delivery.courierUnknown")));
        forms.MapPost("/{id:long}/requeue", async (long id, HttpContext http, DeliveryService s) => Board(await s.RequeueAsync(id, Staff(http))));
        forms.MapPost("/{id:long}/cancel", async (long id, [FromForm] string? note, HttpContext http, DeliveryService s) =>
            Board(await s.CancelAsync(id, Staff(http), note)));
        forms.MapPost("/{id:long}/fail", async (long id, [FromForm] string? reason, HttpContext http, DeliveryService s) =>
            Board(await s.FailAsync(id, Staff(http), DeliveryText.ParseEnum<FailReason>(reason, out var r) ? r : null, null)));
        forms.MapPost("/{id:long}/returned", async (long id, HttpContext http, DeliveryService s) => Board(await s.ReturnAsync(id, Staff(http))));
        forms.MapPost("/{id:long}/reviewed", async (long id, DeliveryService s) =>
            Board(await s.MarkReviewedAsync(id) ? Result.Ok() : Result.Fail(null, "delivery.notFound")));
        forms.MapPost("/cash/{courierId:guid}/settle", async (Guid courierId, HttpContext http, DeliveryService s) =>
        {
            var sum = await s.SettleCashAsync(courierId, Staff(http));
            return TypedResults.LocalRedirect($"/operator/deliveries?settled={sum}");
        });
    }

    private static DeliveryActor Me(HttpContext http) => DeliveryActor.Courier(http.User.UserId());

    private static DeliveryActor Staff(HttpContext http) => new(Components.Orders.OrderText.StaffActor(http.User), http.User.UserId());

    private static long? ParseCash(string? value)
    {
        var digits = new string((value ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length is > 0 and <= 12 ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<ProofPhoto?> ReadPhotoAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) return null;
        // Read one byte past the limit at most: the service refuses anything larger without the rest being buffered.
        var limit = (int)Math.Min(file.Length, 20L * 1024 * 1024 + 1);
        var buffer = new byte[limit];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(buffer, limit, throwOnEndOfStream: false);
        return new ProofPhoto(buffer.AsMemory(0, read));
    }

    private static RedirectHttpResult Back(long id, Result result) =>
        TypedResults.LocalRedirect(result.Succeeded ? $"/courier#delivery-{id}"
            : $"/courier?error={Uri.EscapeDataString(result.Errors[0].Code)}&d={id}{Args(result)}#delivery-{id}");

    private static string Args(Result result) =>
        result.Errors[0].Args is { Length: > 0 } a && a[0] is int n ? "&n=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static RedirectHttpResult Board(Result result) =>
        TypedResults.LocalRedirect(result.Succeeded ? "/operator/deliveries" : "/operator/deliveries?error=" + Uri.EscapeDataString(result.Errors[0].Code));

    private static async Task<IResult> Answer(HttpContext http, long id, Task<Result> action, DeliveryQueries q, DeliveryText T, bool gone = false)
    {
        var result = await action;
        if (!result.Succeeded) return Refused(T, result.Errors);
        if (gone) return TypedResults.NoContent();
        return await q.ForCourierAsync(http.User.UserId(), id) is { } d ? TypedResults.Ok(ToJson(d)) : TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused(DeliveryText T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "delivery.notFound" => ApiProblems.Problem(T, "delivery.notFound", StatusCodes.Status404NotFound),
        "delivery.transitionNotAllowed" or "delivery.changedMeanwhile" or "delivery.notOnTheWay" or "delivery.codeLocked"
            => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        "delivery.positionTooFrequent" => ApiProblems.Validation(T, errors, StatusCodes.Status429TooManyRequests),
        _ => ApiProblems.Validation(T, errors),
    };

    public static CourierDeliveryJson ToJson(CourierDeliveryView d) => new(
        d.Id, d.OrderId, d.OrderNumber, DeliveryText.Camel(d.State),
        d.Address is { } a ? new DeliveryAddressJson(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark) : null,
        d.Phone, d.CustomerName, d.Items, d.AmountToCollect, DeliveryText.Camel(d.PaymentMethod), d.CodeLocked, d.PromisedBy,
        CourierSteps.For(d.State).Select(s => s.Step).ToList());

    [GeneratedRegex("^delivery-proofs/[0-9a-f]{32}\\.(?<ext>jpg|png|webp)$")]
    private static partial Regex PhotoName();
}

/// <summary>The courier's next steps from a state, as the buttons and the API name them.</summary>
public static class CourierSteps
{
    public static IReadOnlyList<(string Step, DeliveryState To)> For(DeliveryState state) =>
        // Forward steps first: the big button is the way ahead; declining or failing comes after.
        DeliveryStateMachine.Next(state, OrderActor.Courier).OrderBy(to => to is DeliveryState.Ready or DeliveryState.Failed ? 1 : 0).Select(to => (to switch
        {
            DeliveryState.Accepted => "accept",
            DeliveryState.Ready => "decline",
            DeliveryState.PickedUp => "pickup",
            DeliveryState.OnTheWay => "start",
            DeliveryState.Delivered => "deliver",
            DeliveryState.Failed => "fail",
            DeliveryState.Returned => "return",
            _ => to.ToString(),
        }, to)).ToList();
}

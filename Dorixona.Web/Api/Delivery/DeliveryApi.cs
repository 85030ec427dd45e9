using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Delivery;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

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
/// The courier's JSON API, the operator's assign call and the customer's tracking call, for clients other than the portals
/// (which call Core from their circuits); the proof photos are in Files.
/// The JSON API takes the cookie (same-site, like the other /api/v1 groups) or a bearer token.
/// </summary>
public static class DeliveryApi
{
    public static void MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var courier = app.MapGroup("/api/v1/courier/deliveries").WithTags("Courier").DisableAntiforgery()
            .RequireAuthorization(p => p.RequireRole(Roles.Courier));

        courier.MapGet("/", async (HttpContext http, DeliveryQueries queries) =>
            TypedResults.Ok((await queries.ForCourierAsync(http.User.UserId())).Select(ToJson).ToList()));

        courier.MapPost("/{id:long}/accept", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            Answer(http, id, s.AcceptAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/decline", (long id, [FromBody] NoteBody? body, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            Answer(http, id, s.DeclineAsync(id, Me(http), body?.Note), q, T, gone: true));
        courier.MapPost("/{id:long}/pickup", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            Answer(http, id, s.PickUpAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/start", (long id, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            Answer(http, id, s.StartAsync(id, Me(http)), q, T));
        courier.MapPost("/{id:long}/deliver", async (long id, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
        {
            // JSON {code, cashCollected}; or multipart with photo + note (+ cashCollected) when the customer cannot give the code.
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync();
                var photo = await ReadPhotoAsync(form.Files["photo"]);
                return await Answer(http, id, s.DeliverWithPhotoAsync(id, Me(http), photo, form["note"], ParseCash(form["cashCollected"])), q, T);
            }
            var body = await http.Request.ReadJsonAsync<DeliverBody>();
            return await Answer(http, id, s.DeliverWithCodeAsync(id, Me(http), body?.Code, body?.CashCollected), q, T);
        });
        courier.MapPost("/{id:long}/fail", (long id, FailBody body, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            Answer(http, id, s.FailAsync(id, Me(http), WireName.TryParse<FailReason>(body.Reason, out var r) ? r : null, body.Note), q, T));
        courier.MapPost("/{id:long}/location", async Task<IResult> (long id, LocationBody body, HttpContext http, DeliveryService s, IStringLocalizer<SharedStrings> T) =>
        {
            var result = await s.RecordPositionAsync(id, Me(http), body.Lat, body.Lon, body.Accuracy);
            return result.Succeeded ? TypedResults.NoContent() : Refused(T, result.Errors);
        });

        app.MapPost("/api/v1/operator/deliveries/{id:long}/assign", async Task<IResult> (
            long id, AssignBody? body, HttpContext http, DeliveryService s, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
        {
            var courierId = body?.CourierId ?? (await q.SuggestAsync(id))?.Id;
            if (courierId is null) return ApiProblems.Validation(T, [new FieldError("courierId", "delivery.courierUnknown")]);
            var result = await s.AssignAsync(id, courierId.Value, Staff(http));
            return result.Succeeded ? TypedResults.Ok(new { id, state = "assigned", courierId }) : Refused(T, result.Errors);
        }).WithTags("Operator").DisableAntiforgery().RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        app.MapGet("/api/v1/orders/{id:long}/delivery", async Task<IResult> (long id, HttpContext http, DeliveryQueries q, IStringLocalizer<SharedStrings> T) =>
            await q.TrackingAsync(id, http.User.UserId()) is { } t
                ? TypedResults.Ok(new DeliveryTrackingJson(t.Id, WireName.Of(t.State), t.CourierName,
                    t.Last is { } p ? new PositionJson(p.Lat, p.Lon, p.At) : null, t.EtaMinutes, t.HandoverCode, t.DeliveredAt))
                : ApiProblems.Problem(T, "delivery.notFound", StatusCodes.Status404NotFound))
            .WithTags("Orders").RequireAuthorization();

    }

    internal static DeliveryActor Me(HttpContext http) => DeliveryActor.Courier(http.User.UserId());

    internal static DeliveryActor Staff(HttpContext http) => new(Components.Orders.OrderText.StaffActor(http.User), http.User.UserId());

    internal static long? ParseCash(string? value)
    {
        var digits = new string((value ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length is > 0 and <= 12 ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    internal static async Task<ProofPhoto?> ReadPhotoAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) return null;
        // Read one byte past the limit at most: the service refuses anything larger without the rest being buffered.
        var limit = (int)Math.Min(file.Length, 20L * 1024 * 1024 + 1);
        var buffer = new byte[limit];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(buffer, limit, throwOnEndOfStream: false);
        return new ProofPhoto(buffer.AsMemory(0, read));
    }

    private static async Task<IResult> Answer(HttpContext http, long id, Task<Result> action, DeliveryQueries q, IStringLocalizer<SharedStrings> T, bool gone = false)
    {
        var result = await action;
        if (!result.Succeeded) return Refused(T, result.Errors);
        if (gone) return TypedResults.NoContent();
        return await q.ForCourierAsync(http.User.UserId(), id) is { } d ? TypedResults.Ok(ToJson(d)) : TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused(IStringLocalizer<SharedStrings> T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "delivery.notFound" => ApiProblems.Problem(T, "delivery.notFound", StatusCodes.Status404NotFound),
        "delivery.transitionNotAllowed" or "delivery.changedMeanwhile" or "delivery.notOnTheWay" or "delivery.codeLocked"
            => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        "delivery.positionTooFrequent" => ApiProblems.Validation(T, errors, StatusCodes.Status429TooManyRequests),
        _ => ApiProblems.Validation(T, errors),
    };

    public static CourierDeliveryJson ToJson(CourierDeliveryView d) => new(
        d.Id, d.OrderId, d.OrderNumber, WireName.Of(d.State),
        d.Address is { } a ? new DeliveryAddressJson(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark) : null,
        d.Phone, d.CustomerName, d.Items, d.AmountToCollect, WireName.Of(d.PaymentMethod), d.CodeLocked, d.PromisedBy,
        CourierSteps.For(d.State).Select(s => s.Step).ToList());

}

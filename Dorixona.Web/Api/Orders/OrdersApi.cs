using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Api.Orders;

public sealed record CheckoutAddressBody(string? Region, string? District, string? Street, string? House, string? Apartment, string? Landmark, string? Phone);

public sealed record CheckoutBody(string? Fulfilment, int? BranchId, CheckoutAddressBody? Address, string? PaymentMethod, string? Note, long? ExpectedTotal);

public sealed record CancelBody(string? Reason);

public sealed record TransitionBody(string? To, string? Note);

public sealed record OrderLineJson(int ProductId, string Name, string Details, int Quantity, long UnitPrice, long LineTotal, bool RequiresPrescription);

public sealed record OrderHistoryJson(string? From, string To, string Actor, DateTime At, string? Note);

public sealed record OrderAddressJson(string Region, string District, string Street, string House, string? Apartment, string? Landmark);

public sealed record OrderBranchJson(int Id, string Name, string Address);

public sealed record OrderJson(
    long Id, string Number, string Status, long Total, long ItemsTotal, long DeliveryFee, IReadOnlyList<OrderLineJson> Lines, string PaymentMethod,
    string Fulfilment, OrderBranchJson Branch, OrderAddressJson? Address, string ContactPhone, string? Note, bool RequiresPrescription,
    bool CanCancel, DateTime CreatedAt, DateTime? PaymentDueAt, DateTime? CancelledAt, string? CancelReason, IReadOnlyList<OrderHistoryJson> History);

/// <summary>A line "buy again" put in the cart; <c>message</c> says so when fewer than ordered fit.</summary>
public sealed record ReorderedLineJson(int ProductId, string Name, int Ordered, int Added, long Price, long PriceThen, string? Message);

/// <summary>A line "buy again" left out: <c>reason</c> is notSold, soldOut or atLimit (the cart holds the most allowed).</summary>
public sealed record ReorderSkipJson(int ProductId, string Name, int Ordered, string Reason, string Message);

public sealed record ReorderJson(IReadOnlyList<ReorderedLineJson> Added, IReadOnlyList<ReorderSkipJson> NotAdded, int CartCount);

/// <summary><c>/api/v1/orders</c> for the customer's apps, and the operators' transition call.</summary>
public static class OrdersApi
{
    public static void MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/orders").WithTags("Orders").RequireAuthorization().DisableAntiforgery();

        api.MapPost("/checkout", async Task<Results<Created<OrderJson>, Ok<OrderJson>, ProblemHttpResult>> (
            CheckoutBody body, [FromHeader(Name = "Idempotency-Key")] string? key, HttpContext http, CheckoutService checkout, OrderService orders, IStringLocalizer<SharedStrings> T) =>
        {
            if (string.IsNullOrWhiteSpace(key)) return ApiProblems.Problem(T, "checkout.idempotencyKeyRequired", StatusCodes.Status400BadRequest);
            var errors = new List<FieldError>();
            if (!WireName.TryParse<Fulfilment>(body.Fulfilment, out var fulfilment)) errors.Add(new("fulfilment", "checkout.fulfilment"));
            if (!WireName.TryParse<PaymentMethod>(body.PaymentMethod, out var payment)) errors.Add(new("paymentMethod", "checkout.paymentMethod"));
            if (errors.Count > 0) return ApiProblems.Validation(T, errors);
            var a = body.Address;
            var request = new CheckoutRequest(fulfilment, body.BranchId,
                a is null ? null : new CheckoutAddress(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark, a.Phone),
                payment, body.Note, key.Trim(), body.ExpectedTotal);
            var userId = http.User.UserId();
            var result = await checkout.CheckoutAsync(userId, request);
            if (!result.Succeeded) return ApiProblems.Validation(T, result.Errors, IsConflict(result.Errors) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
            var order = ToJson((await orders.GetAsync(result.Value!.OrderId, userId))!);
            return result.Value.AlreadyPlaced ? TypedResults.Ok(order) : TypedResults.Created($"/api/v1/orders/{order.Id}", order);
        });

        api.MapGet("/", async ([FromQuery] string? status, HttpContext http, OrderService orders) =>
        {
            var filter = WireName.TryParse<OrderStatus>(status, out var s) ? s : (OrderStatus?)null;
            // Each order carries its lines and history, as a single order does (four queries in all).
            var list = await orders.ListDetailsForUserAsync(http.User.UserId(), filter);
            return TypedResults.Ok(list.Select(ToJson).ToList());
        });

        api.MapGet("/{id:long}", async Task<Results<Ok<OrderJson>, ProblemHttpResult>> (long id, HttpContext http, OrderService orders, IStringLocalizer<SharedStrings> T) =>
            await orders.GetAsync(id, http.User.UserId()) is { } order
                ? TypedResults.Ok(ToJson(order))
                : ApiProblems.Problem(T, "order.notFound", StatusCodes.Status404NotFound));

        // "Buy again": today's prices, what is on sale; the answer lists what was left out and why.
        api.MapPost("/{id:long}/reorder", async Task<Results<Ok<ReorderJson>, ProblemHttpResult>> (
            long id, HttpContext http, CartService carts, IStringLocalizer<SharedStrings> T) =>
        {
            var userId = http.User.UserId();
            var result = await carts.ReorderAsync(userId, id);
            if (!result.Succeeded) return ApiProblems.Problem(T, "order.notFound", StatusCodes.Status404NotFound);
            var r = result.Value!;
            return TypedResults.Ok(new ReorderJson(
                r.Added.Select(a => new ReorderedLineJson(a.ProductId, a.Name, a.Ordered, a.Added, a.Price, a.PriceThen,
                    a.Capped ? T["reorder.capped", a.Name, a.Ordered, a.Added].Value : null)).ToList(),
                r.Left.Select(l => new ReorderSkipJson(l.ProductId, l.Name, l.Ordered, l.Reason, T["reorder." + l.Reason, l.Name].Value)).ToList(),
                await carts.CountAsync(CartOwner.User(userId))));
        });

        api.MapPost("/{id:long}/cancel", async Task<Results<Ok<OrderJson>, ProblemHttpResult>> (
            long id, [FromBody] CancelBody? body, HttpContext http, OrderService orders, IStringLocalizer<SharedStrings> T) =>
        {
            var userId = http.User.UserId();
            var result = await orders.CancelByCustomerAsync(userId, id, body?.Reason);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(ToJson((await orders.GetAsync(id, userId))!));
        });

        app.MapPost("/api/v1/operator/orders/{id:long}/transition", async Task<Results<Ok<OrderJson>, ProblemHttpResult>> (
            long id, TransitionBody body, HttpContext http, OrderService orders, IStringLocalizer<SharedStrings> T) =>
        {
            if (!WireName.TryParse<OrderStatus>(body.To, out var to)) return ApiProblems.Validation(T, [new FieldError("to", "order.unknownStatus")]);
            var result = await orders.TransitionAsync(id, to, OrderText.StaffActor(http.User), http.User.UserId(), string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim());
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(ToJson((await orders.GetAsync(id, null))!));
        }).WithTags("Operator").DisableAntiforgery().RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
    }

    private static bool IsConflict(IReadOnlyList<FieldError> errors) =>
        errors.Any(e => e.Field?.StartsWith("lines[", StringComparison.Ordinal) == true || e.Code is "checkout.pricesChanged" or "checkout.emptyCart");

    private static ProblemHttpResult Refused(IStringLocalizer<SharedStrings> T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "order.notFound" => ApiProblems.Problem(T, "order.notFound", StatusCodes.Status404NotFound),
        "order.transitionNotAllowed" or "order.changedMeanwhile" => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    public static OrderJson ToJson(OrderDetail o) => new(
        o.Id, o.Number, WireName.Of(o.Status), o.Total, o.ItemsTotal, o.DeliveryFee,
        o.Lines.Select(l => new OrderLineJson(l.ProductId, l.ProductName, l.Details, l.Quantity, l.UnitPrice, l.LineTotal, l.RequiresPrescription)).ToList(),
        WireName.Of(o.PaymentMethod), WireName.Of(o.Fulfilment), new OrderBranchJson(o.BranchId, o.BranchName, o.BranchAddress),
        o.Address is { } a ? new OrderAddressJson(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark) : null,
        o.ContactPhone, o.Note, o.HasPrescriptionItems, o.CanCustomerCancel, o.CreatedAt, o.PaymentDueAt, o.CancelledAt, o.CancelReason,
        o.History.Select(h => new OrderHistoryJson(h.From is { } f ? WireName.Of(f) : null, WireName.Of(h.To), WireName.Of(h.Actor), h.At, h.Note)).ToList());
}

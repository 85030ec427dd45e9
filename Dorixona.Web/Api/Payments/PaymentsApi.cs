using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Components.Payments;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Api.Payments;

public sealed record StartPaymentBody(string? Provider);

public sealed record StartPaymentJson(long PaymentId, string? CheckoutUrl, string State);

public sealed record PaymentJson(long PaymentId, string Provider, long Amount, string State, bool RefundPending, DateTime CreatedAt,
    DateTime? PerformedAt, DateTime? CancelledAt, DateTime? RefundedAt);

public sealed record CashBody(long? Amount);

public sealed record RefundBody(string? Note);

/// <summary>
/// Payments: the providers' webhooks, the customer's <c>/api/v1/orders/{id}/payments</c>, the operators' cash and
/// refund calls, the order page's pay form and payment fragment, and (Development/Demo) the simulator.
/// </summary>
public static class PaymentsApi
{
    public static void MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapPaymeEndpoint();
        app.MapClickEndpoints();
        app.MapPaymentSimulator();

        var api = app.MapGroup("/api/v1/orders/{id:long}/payments").WithTags("Payments").RequireAuthorization().DisableAntiforgery();
        api.MapPost("/", async Task<Results<Created<StartPaymentJson>, ProblemHttpResult>> (
            long id, StartPaymentBody body, HttpContext http, PaymentService payments, IOptions<PaymentsOptions> options, PaymentsText T) =>
        {
            if (!OrderText.TryParse<PaymentProvider>(body.Provider, out var provider))
                return ApiProblems.Validation(T, [new FieldError("provider", "payment.provider")]);
            var result = await payments.StartAsync(http.User.UserId(), id, provider, SiteBase(http, options.Value));
            if (!result.Succeeded) return Refused(T, result.Errors);
            var start = result.Value!;
            return TypedResults.Created($"/api/v1/orders/{id}/payments", new StartPaymentJson(start.PaymentId, start.CheckoutUrl, OrderText.Camel(start.State)));
        });
        api.MapGet("/", async Task<Results<Ok<List<PaymentJson>>, ProblemHttpResult>> (long id, HttpContext http, OrderService orders, PaymentService payments, PaymentsText T) =>
        {
            if (await orders.GetAsync(id, http.User.UserId()) is null) return ApiProblems.Problem(T, "order.notFound", StatusCodes.Status404NotFound);
            return TypedResults.Ok((await payments.ListForOrderAsync(id)).Select(ToJson).ToList());
        });

        var staff = app.MapGroup("/api/v1/operator").WithTags("Operator").DisableAntiforgery().RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
        staff.MapPost("/orders/{id:long}/cash", async Task<Results<Ok<PaymentJson>, ProblemHttpResult>> (
            long id, CashBody body, HttpContext http, PaymentService payments, PaymentsText T) =>
        {
            if (body.Amount is not { } amount) return ApiProblems.Validation(T, [new FieldError("amount", "payment.cashAmountRequired")]);
            var result = await payments.RecordCashAsync(id, amount, http.User.UserId(), OrderText.StaffActor(http.User));
            return result.Succeeded ? TypedResults.Ok(ToJson(result.Value!)) : Refused(T, result.Errors);
        });
        staff.MapPost("/payments/{id:long}/refund", async Task<Results<Ok<PaymentJson>, ProblemHttpResult>> (
            long id, [FromBody] RefundBody? body, HttpContext http, PaymentService payments, PaymentsText T) =>
        {
            var result = await payments.SettleRefundAsync(id, http.User.UserId(), OrderText.StaffActor(http.User), Note(body?.Note));
            return result.Succeeded ? TypedResults.Ok(ToJson((await payments.GetAsync(id))!)) : Refused(T, result.Errors);
        });

        app.MapGet("/fragments/orders/{id:long}/payments", async Task<IResult> (long id, HttpContext http, OrderService orders) =>
            await orders.GetAsync(id, http.User.UserId()) is { } order
                ? new RazorComponentResult<OrderPayments>(new { Order = order })
                : TypedResults.NotFound()).RequireAuthorization();

        var forms = app.MapGroup("").RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());
        forms.MapPost("/orders/{id:long}/pay", async (long id, [FromForm] string? provider, HttpContext http, PaymentService payments, IOptions<PaymentsOptions> options) =>
        {
            if (!OrderText.TryParse<PaymentProvider>(provider, out var p) || p == PaymentProvider.Cash)
                return Results.LocalRedirect($"/orders/{id}?payError=payment.provider");
            var result = await payments.StartAsync(http.User.UserId(), id, p, SiteBase(http, options.Value));
            if (!result.Succeeded && result.Errors[0].Code == "order.notFound") return Results.NotFound();
            return result.Succeeded && result.Value!.CheckoutUrl is { } url
                ? Results.Redirect(url)
                : Results.LocalRedirect($"/orders/{id}?payError={(result.Succeeded ? "payment.provider" : result.Errors[0].Code)}");
        });
        forms.MapPost("/operator/orders/{id:long}/cash", async (long id, [FromForm] long? amount, [FromForm] string? returnUrl, HttpContext http, PaymentService payments) =>
        {
            var back = Back(returnUrl);
            if (amount is null) return Results.LocalRedirect(Append(back, "error=payment.cashAmountRequired"));
            var result = await payments.RecordCashAsync(id, amount.Value, http.User.UserId(), OrderText.StaffActor(http.User));
            return Results.LocalRedirect(result.Succeeded ? back : Append(back, "error=" + result.Errors[0].Code));
        }).RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
        forms.MapPost("/operator/payments/{id:long}/refund", async (long id, [FromForm] string? note, [FromForm] string? returnUrl, HttpContext http, PaymentService payments) =>
        {
            var back = AuthSetup.SafeReturnUrl(returnUrl) is { } url && (url.StartsWith("/operator", StringComparison.Ordinal) || url.StartsWith("/admin", StringComparison.Ordinal))
                ? url : "/operator/refunds";
            var result = await payments.SettleRefundAsync(id, http.User.UserId(), OrderText.StaffActor(http.User), Note(note));
            return Results.LocalRedirect(result.Succeeded ? back : Append(back, "error=" + result.Errors[0].Code));
        }).RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
    }

    /// <summary>The site as the browser sees it, for return URLs: <c>Payments:PublicBaseUrl</c> when set (behind a proxy), else this request's.</summary>
    public static string SiteBase(HttpContext http, PaymentsOptions options) =>
        !string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? options.PublicBaseUrl.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";

    public static PaymentJson ToJson(PaymentView p) => new(p.Id, OrderText.Camel(p.Provider), p.Amount, OrderText.Camel(p.State), p.RefundPending,
        p.CreatedAt, p.PerformedAt, p.CancelledAt, p.RefundedAt);

    private static ProblemHttpResult Refused(PaymentsText T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "order.notFound" or "payment.notFound" => ApiProblems.Problem(T, errors[0].Code, StatusCodes.Status404NotFound),
        "payment.orderNotPayable" or "payment.inProgress" or "payment.cashAlreadyTaken" or "payment.noRefundPending"
            => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    private static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim() is { Length: > 500 } n ? n[..500] : note.Trim();

    private static string Back(string? returnUrl) =>
        AuthSetup.SafeReturnUrl(returnUrl) is { } url && url.StartsWith("/operator/orders", StringComparison.Ordinal) ? url : "/operator/orders";

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}

using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Web.Api.Providers;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
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
/// Payments: the providers' webhooks (Api/Providers), the customer's <c>/api/v1/orders/{id}/payments</c>, the operators' cash and
/// refund calls, and (Development/Demo) the simulator. The pages' forms are in Forms/Payments.
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
            long id, StartPaymentBody body, HttpContext http, PaymentService payments, IOptions<PaymentsOptions> options, IStringLocalizer<SharedStrings> T) =>
        {
            if (!WireName.TryParse<PaymentProvider>(body.Provider, out var provider))
                return ApiProblems.Validation(T, [new FieldError("provider", "payment.provider")]);
            var result = await payments.StartAsync(http.User.UserId(), id, provider, PaymentsSetup.SiteBase(http, options.Value));
            if (!result.Succeeded) return Refused(T, result.Errors);
            var start = result.Value!;
            return TypedResults.Created($"/api/v1/orders/{id}/payments", new StartPaymentJson(start.PaymentId, start.CheckoutUrl, WireName.Of(start.State)));
        });
        api.MapGet("/", async Task<Results<Ok<List<PaymentJson>>, ProblemHttpResult>> (long id, HttpContext http, OrderService orders, PaymentService payments, IStringLocalizer<SharedStrings> T) =>
        {
            if (await orders.GetAsync(id, http.User.UserId()) is null) return ApiProblems.Problem(T, "order.notFound", StatusCodes.Status404NotFound);
            return TypedResults.Ok((await payments.ListForOrderAsync(id)).Select(ToJson).ToList());
        });

        var staff = app.MapGroup("/api/v1/operator").WithTags("Operator").DisableAntiforgery().RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
        staff.MapPost("/orders/{id:long}/cash", async Task<Results<Ok<PaymentJson>, ProblemHttpResult>> (
            long id, CashBody body, HttpContext http, PaymentService payments, IStringLocalizer<SharedStrings> T) =>
        {
            if (body.Amount is not { } amount) return ApiProblems.Validation(T, [new FieldError("amount", "payment.cashAmountRequired")]);
            var result = await payments.RecordCashAsync(id, amount, http.User.UserId(), OrderText.StaffActor(http.User));
            return result.Succeeded ? TypedResults.Ok(ToJson(result.Value!)) : Refused(T, result.Errors);
        });
        staff.MapPost("/payments/{id:long}/refund", async Task<Results<Ok<PaymentJson>, ProblemHttpResult>> (
            long id, [FromBody] RefundBody? body, HttpContext http, PaymentService payments, IStringLocalizer<SharedStrings> T) =>
        {
            var result = await payments.SettleRefundAsync(id, http.User.UserId(), OrderText.StaffActor(http.User), Note(body?.Note));
            return result.Succeeded ? TypedResults.Ok(ToJson((await payments.GetAsync(id))!)) : Refused(T, result.Errors);
        });
    }

    public static PaymentJson ToJson(PaymentView p) => new(p.Id, WireName.Of(p.Provider), p.Amount, WireName.Of(p.State), p.RefundPending,
        p.CreatedAt, p.PerformedAt, p.CancelledAt, p.RefundedAt);

    private static ProblemHttpResult Refused(IStringLocalizer<SharedStrings> T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "order.notFound" or "payment.notFound" => ApiProblems.Problem(T, errors[0].Code, StatusCodes.Status404NotFound),
        "payment.orderNotPayable" or "payment.inProgress" or "payment.cashAlreadyTaken" or "payment.noRefundPending"
            => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    internal static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim() is { Length: > 500 } n ? n[..500] : note.Trim();
}

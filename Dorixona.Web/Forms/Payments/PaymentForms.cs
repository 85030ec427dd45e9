using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Payments;
using Dorixona.Web.Api.Payments;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Forms.Payments;

/// <summary>The order page's pay form and the refund form the admin's payment page posts (Post/Redirect/Get).</summary>
public static class PaymentForms
{
    public static void MapPaymentForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("").RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());
        forms.MapPost("/orders/{id:long}/pay", async (long id, [FromForm] string? provider, HttpContext http, PaymentService payments, IOptions<PaymentsOptions> options) =>
        {
            if (!WireName.TryParse<PaymentProvider>(provider, out var p) || p == PaymentProvider.Cash)
                return Results.LocalRedirect($"/orders/{id}?payError=payment.provider");
            var result = await payments.StartAsync(http.User.UserId(), id, p, PaymentsSetup.SiteBase(http, options.Value));
            if (!result.Succeeded && result.Errors[0].Code == "order.notFound") return Results.NotFound();
            return result.Succeeded && result.Value!.CheckoutUrl is { } url
                ? Results.Redirect(url)
                : Results.LocalRedirect($"/orders/{id}?payError={(result.Succeeded ? "payment.provider" : result.Errors[0].Code)}");
        });
        forms.MapPost("/operator/payments/{id:long}/refund", async (long id, [FromForm] string? note, [FromForm] string? returnUrl, HttpContext http, PaymentService payments) =>
        {
            var back = AuthSetup.SafeReturnUrl(returnUrl) is { } url && (url.StartsWith("/operator", StringComparison.Ordinal) || url.StartsWith("/admin", StringComparison.Ordinal))
                ? url : "/operator/refunds";
            var result = await payments.SettleRefundAsync(id, http.User.UserId(), OrderText.StaffActor(http.User), PaymentsApi.Note(note));
            return Results.LocalRedirect(result.Succeeded ? back : Append(back, "error=" + result.Errors[0].Code));
        }).RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));
    }

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}

using Dorixona.Core.Common;
using Dorixona.Core.Payments.Payme;

namespace Dorixona.Web.Api.Providers;

/// <summary>
/// <c>/api/payments/payme</c>: any HTTP method, any body, always HTTP 200 with a JSON-RPC answer (payments.md §1.1).
/// The body is read up to 64 KB and no further; <see cref="PaymeMerchant"/> checks Basic auth before it acts on anything.
/// </summary>
public static class PaymeEndpoint
{
    public static void MapPaymeEndpoint(this IEndpointRouteBuilder app) =>
        app.Map("/api/payments/payme", async (HttpContext http, PaymeMerchant payme) =>
        {
            var ct = http.RequestAborted;
            var body = await BoundedRead.ReadAtMostAsync(http.Request.Body, PaymeMerchant.MaxBody, ct);
            var json = await payme.HandleAsync(http.Request.Method, http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body, ct);
            return Results.Content(json, "application/json; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status200OK);
        }).AllowAnonymous().DisableAntiforgery().DisableRateLimiting().WithTags("Providers").ExcludeFromDescription();
}

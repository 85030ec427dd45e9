using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Prescriptions;
using Dorixona.Web.Api.Prescriptions;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Prescriptions;

/// <summary>The browser's prescription upload and the operators' approve and reject forms (Post/Redirect/Get).</summary>
public static class PrescriptionForms
{
    public static void MapPrescriptionForms(this IEndpointRouteBuilder app)
    {
        // The browser's upload: streamed like the API's, its antiforgery token checked from the first field (PrescriptionUploadReader).
        app.MapPost("/prescriptions/upload", async Task<IResult> (
            HttpContext http, IAntiforgery antiforgery, PrescriptionUploads uploads, CancellationToken ct) =>
        {
            var parsed = await PrescriptionUploadReader.ReadAsync(http, antiforgery, ct);
            // A body of its own: the status-code page would re-run the request with the form already read.
            if (parsed is null) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "antiforgery.invalid");
            var back = ReturnUrl(parsed.Field("returnUrl"));
            if (parsed.Errors.Count > 0) return TypedResults.LocalRedirect(Append(back, "rxError=" + Error(parsed.Errors[0])));
            var result = await uploads.CreateAsync(http.User.UserId(), PrescriptionsApi.Upload(parsed), parsed.Pages, ct);
            return TypedResults.LocalRedirect(result.Succeeded ? Append(back, "rx=" + result.Value) : Append(back, "rxError=" + Error(result.Errors[0])));
        }).RequireAuthorization().DisableAntiforgery().WithMetadata(new ChecksAntiforgeryInHandler(), new RequestSizeLimitAttribute(PrescriptionUploadReader.MaxRequestBytes));

        var staff = app.MapGroup("/operator/prescriptions").WithMetadata(new RequireAntiforgeryTokenAttribute())
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        staff.MapPost("/{id:long}/approve", async (long id, HttpContext http, PrescriptionDecisions decisions, TimeProvider clock, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var items = new List<CoverItem>();
            foreach (var key in form.Keys.Where(k => k.StartsWith("cover_", StringComparison.Ordinal)))
            {
                if (!int.TryParse(key["cover_".Length..], out var productId)) continue;
                var choice = form[key].ToString();
                var quantity = int.TryParse(form["qty_" + productId], out var q) ? q : 0;
                if (choice == "product") items.Add(new CoverItem(productId, null, quantity));
                else if (choice.StartsWith("substance:", StringComparison.Ordinal) && int.TryParse(choice["substance:".Length..], out var substanceId))
                    items.Add(new CoverItem(null, substanceId, quantity));
            }
            var days = int.TryParse(form["validDays"], out var d) ? d : (int?)null;
            DateTime? until = days is { } n ? clock.GetUtcNow().UtcDateTime.AddDays(n) : null;
            var result = await decisions.ApproveAsync(id, http.User.UserId(), new ApproveRequest(items, until, form["note"].ToString()), ct);
            return result.Succeeded
                ? TypedResults.LocalRedirect($"/operator/prescriptions?done=approved&id={id}")
                : TypedResults.LocalRedirect($"/operator/prescriptions/{id}?error={Error(result.Errors[0])}");
        });

        staff.MapPost("/{id:long}/reject", async (long id, [FromForm] string? reason, [FromForm] string? comment, HttpContext http,
            PrescriptionDecisions decisions, CancellationToken ct) =>
        {
            var result = await decisions.RejectAsync(id, http.User.UserId(), reason, comment, ct);
            return result.Succeeded
                ? TypedResults.LocalRedirect($"/operator/prescriptions?done=rejected&id={id}")
                : TypedResults.LocalRedirect($"/operator/prescriptions/{id}?error={Error(result.Errors[0])}");
        });
    }

    /// <summary>Only back to the pages that carry the upload form.</summary>
    private static string ReturnUrl(string? url) =>
        AuthSetup.SafeReturnUrl(url) is { } u && (u == "/checkout" || u.StartsWith("/orders/", StringComparison.Ordinal) || u == "/prescriptions")
            ? u : "/prescriptions";

    private static string Error(FieldError e) => e.Code + (e.Args.Length > 0 ? "&rxArgs=" + Uri.EscapeDataString(string.Join('|', e.Args)) : "");

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}

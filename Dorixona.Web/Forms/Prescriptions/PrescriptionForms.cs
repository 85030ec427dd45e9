using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Prescriptions;
using Dorixona.Web.Api.Prescriptions;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Forms.Prescriptions;

/// <summary>The browser's prescription upload (Post/Redirect/Get); operators decide in their interactive portal.</summary>
public static class PrescriptionForms
{
    public static void MapPrescriptionForms(this IEndpointRouteBuilder app)
    {
        // The browser's upload: streamed like the API's, its antiforgery token checked from the first field (PrescriptionUploadReader).
        app.MapPost("/prescriptions/upload", async Task<IResult> (
            HttpContext http, IAntiforgery antiforgery, PrescriptionUploads uploads, CheckoutDrafts drafts, CancellationToken ct) =>
        {
            var parsed = await PrescriptionUploadReader.ReadAsync(http, antiforgery, ct);
            // A body of its own: the status-code page would re-run the request with the form already read.
            if (parsed is null) return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "antiforgery.invalid");
            var back = ReturnUrl(parsed.Field("returnUrl"));
            // From checkout the whole checkout form came along: keep it, so the page comes back as it was left.
            if (back == "/checkout" && parsed.Fields.ContainsKey("Input.Fulfilment"))
                drafts.Save(http, http.User.UserId(), CheckoutForm.FromFields(parsed.Fields.ToDictionary(f => f.Key, f => (string?)f.Value)));
            if (parsed.Errors.Count > 0) return TypedResults.LocalRedirect(Append(back, "rxError=" + Error(parsed.Errors[0])));
            var result = await uploads.CreateAsync(http.User.UserId(), PrescriptionsApi.Upload(parsed), parsed.Pages, ct);
            return TypedResults.LocalRedirect(result.Succeeded ? Append(back, "rx=" + result.Value) : Append(back, "rxError=" + Error(result.Errors[0])));
        }).RequireAuthorization().DisableAntiforgery().WithMetadata(new ChecksAntiforgeryInHandler(), new RequestSizeLimitAttribute(PrescriptionUploadReader.MaxRequestBytes));
    }

    /// <summary>Only back to the pages that carry the upload form.</summary>
    private static string ReturnUrl(string? url) =>
        AuthSetup.SafeReturnUrl(url) is { } u && (u == "/checkout" || u.StartsWith("/orders/", StringComparison.Ordinal) || u == "/prescriptions")
            ? u : "/prescriptions";

    private static string Error(FieldError e) => e.Code + (e.Args.Length > 0 ? "&rxArgs=" + Uri.EscapeDataString(string.Join('|', e.Args)) : "");

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}

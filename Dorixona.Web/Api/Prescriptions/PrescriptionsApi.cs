using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Web.Components.Operator;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dorixona.Web.Api.Prescriptions;

public sealed record PrescriptionFileJson(long Id, string ContentType, long Size, string Url);

public sealed record CoveredItemJson(int? ProductId, int? SubstanceId, string Name, int Quantity);

public sealed record PrescriptionJson(long Id, string Status, DateTime CreatedAt, string? Note, string? Doctor, long? OrderId, DateTime? DecidedAt,
    DateTime? ValidUntil, string? RejectReason, string? RejectReasonText, string? RejectComment, IReadOnlyList<PrescriptionFileJson> Files,
    IReadOnlyList<CoveredItemJson> Items);

public sealed record QueueJson(long Id, string Status, string CustomerPhone, DateTime CreatedAt, int WaitingMinutes, int Files, int HeldOrders, bool UnderReview);

public sealed record CoverItemBody(int? ProductId, int? SubstanceId, int Quantity);

public sealed record ApproveBody(IReadOnlyList<CoverItemBody>? Items, DateTime? ValidUntil, int? ValidDays, string? Note);

public sealed record RejectBody(string? Reason, string? Comment);

public sealed record ApprovedJson(PrescriptionJson Prescription, IReadOnlyList<long> ReleasedOrders);

/// <summary>
/// <c>/api/v1/prescriptions</c> for customers, <c>/api/v1/operator/prescriptions</c> for operators, the files (owner
/// and staff only, checked on every request), the browser's plain forms and the fragments the live hub refreshes.
/// </summary>
public static class PrescriptionsApi
{
    private static readonly string[] Staff = [Roles.Operator, Roles.Admin];

    public static string FileUrl(long prescriptionId, long fileId) => $"/api/v1/prescriptions/{prescriptionId}/files/{fileId}";

    public static void MapPrescriptions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/prescriptions").WithTags("Prescriptions").RequireAuthorization().DisableAntiforgery();

        api.MapPost("/", async Task<Results<Created<PrescriptionJson>, ProblemHttpResult>> (
            HttpContext http, PrescriptionUploads uploads, PrescriptionQueries queries, RxText T, CancellationToken ct) =>
        {
            var parsed = (await PrescriptionUploadReader.ReadAsync(http, null, ct))!;
            if (parsed.Errors.Count > 0) return ApiProblems.Validation(T, parsed.Errors);
            var userId = http.User.UserId();
            var result = await uploads.CreateAsync(userId, Upload(parsed), parsed.Pages, ct);
            if (!result.Succeeded) return ApiProblems.Validation(T, result.Errors);
            var created = ToJson((await queries.GetAsync(result.Value, userId, ct))!);
            return TypedResults.Created($"/api/v1/prescriptions/{created.Id}", created);
        }).WithMetadata(new RequestSizeLimitAttribute(PrescriptionUploadReader.MaxRequestBytes));

        api.MapGet("/", async (HttpContext http, PrescriptionQueries queries, CancellationToken ct) =>
        {
            var userId = http.User.UserId();
            var list = new List<PrescriptionJson>();
            foreach (var p in await queries.ListForUserAsync(userId, ct))
                list.Add(ToJson((await queries.GetAsync(p.Id, userId, ct))!));
            return TypedResults.Ok(list);
        });

        api.MapGet("/{id:long}", async Task<Results<Ok<PrescriptionJson>, ProblemHttpResult>> (
            long id, HttpContext http, PrescriptionQueries queries, RxText T, CancellationToken ct) =>
            await queries.GetAsync(id, IsStaff(http) ? null : http.User.UserId(), ct) is { } p
                ? TypedResults.Ok(ToJson(p))
                : ApiProblems.Problem(T, "prescription.notFound", StatusCodes.Status404NotFound));

        // Checked on every request, never cached by anyone: someone else's file is as unknown as one that does not exist.
        api.MapGet("/{id:long}/files/{fileId:long}", async Task<IResult> (
            long id, long fileId, HttpContext http, PrescriptionQueries queries, IFileStore files, CancellationToken ct) =>
        {
            var file = await queries.FileAsync(id, fileId, http.User.UserId(), IsStaff(http), ct);
            if (file is null) return TypedResults.NotFound();
            var stored = await files.OpenReadAsync(PrescriptionUploads.PathOf(file.FileName), ct);
            if (stored is null) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.Stream(stored.Content, file.ContentType, enableRangeProcessing: true);
        });

        var op = app.MapGroup("/api/v1/operator/prescriptions").WithTags("Operator").DisableAntiforgery()
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.Admin));

        op.MapGet("/", async (string? status, PrescriptionQueries queries, TimeProvider clock, CancellationToken ct) =>
        {
            var filter = OrderText.TryParse<PrescriptionStatus>(status, out var s) ? s : (PrescriptionStatus?)null;
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await queries.QueueAsync(filter, ct: ct);
            return TypedResults.Ok(rows.Select(r => new QueueJson(r.Id, OrderText.Camel(r.Status), r.CustomerPhone, r.CreatedAt,
                (int)(now - r.CreatedAt).TotalMinutes, r.Files, r.HeldOrders, r.ReviewLockedUntil > now)).ToList());
        });

        op.MapPost("/{id:long}/approve", async Task<Results<Ok<ApprovedJson>, ProblemHttpResult>> (
            long id, ApproveBody body, HttpContext http, PrescriptionDecisions decisions, PrescriptionQueries queries, TimeProvider clock, RxText T, CancellationToken ct) =>
        {
            var until = body.ValidUntil?.ToUniversalTime() ?? (body.ValidDays is { } days ? clock.GetUtcNow().UtcDateTime.AddDays(days) : null);
            var request = new ApproveRequest((body.Items ?? []).Select(i => new CoverItem(i.ProductId, i.SubstanceId, i.Quantity)).ToList(), until, body.Note);
            var result = await decisions.ApproveAsync(id, http.User.UserId(), request, ct);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new ApprovedJson(ToJson((await queries.GetAsync(id, null, ct))!), result.Value!.ReleasedOrders));
        });

        op.MapPost("/{id:long}/reject", async Task<Results<Ok<PrescriptionJson>, ProblemHttpResult>> (
            long id, RejectBody body, HttpContext http, PrescriptionDecisions decisions, PrescriptionQueries queries, RxText T, CancellationToken ct) =>
        {
            var result = await decisions.RejectAsync(id, http.User.UserId(), body.Reason, body.Comment, ct);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(ToJson((await queries.GetAsync(id, null, ct))!));
        });

        MapForms(app);
    }

    private static void MapForms(IEndpointRouteBuilder app)
    {
        // The browser's upload: streamed like the API's, its antiforgery token checked from the first field (PrescriptionUploadReader).
        app.MapPost("/prescriptions/upload", async Task<IResult> (
            HttpContext http, IAntiforgery antiforgery, PrescriptionUploads uploads, CancellationToken ct) =>
        {
            var parsed = await PrescriptionUploadReader.ReadAsync(http, antiforgery, ct);
            if (parsed is null) return TypedResults.BadRequest();
            var back = ReturnUrl(parsed.Field("returnUrl"));
            if (parsed.Errors.Count > 0) return TypedResults.LocalRedirect(Append(back, "rxError=" + Error(parsed.Errors[0])));
            var result = await uploads.CreateAsync(http.User.UserId(), Upload(parsed), parsed.Pages, ct);
            return TypedResults.LocalRedirect(result.Succeeded ? Append(back, "rx=" + result.Value) : Append(back, "rxError=" + Error(result.Errors[0])));
        }).RequireAuthorization().DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(PrescriptionUploadReader.MaxRequestBytes));

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

        app.MapGet("/fragments/orders/{id:long}/prescription", async Task<IResult> (long id, HttpContext http, OrderService orders) =>
            await orders.GetAsync(id, http.User.UserId()) is { } order
                ? new RazorComponentResult<Components.Prescriptions.OrderPrescriptionPanel>(new { Order = order })
                : TypedResults.NotFound()).RequireAuthorization();

        var fragments = app.MapGroup("/fragments/operator").RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Operator });
        fragments.MapGet("/prescriptions", (string? status) =>
            new RazorComponentResult<PrescriptionQueueList>(new { Status = status }));
        fragments.MapGet("/orders", (string? tab, string? q, string? fulfilment, string? payment, string? status) =>
            new RazorComponentResult<OrderBoardBody>(new { Tab = tab, Search = q, Fulfilment = fulfilment, Payment = payment, Status = status }));
    }

    private static bool IsStaff(HttpContext http) => Staff.Any(http.User.IsInRole);

    private static PrescriptionUpload Upload(ParsedUpload parsed) =>
        new(parsed.Field("note"), parsed.Field("doctor"), long.TryParse(parsed.Field("orderId"), out var orderId) ? orderId : null);

    /// <summary>Only back to the pages that carry the upload form.</summary>
    private static string ReturnUrl(string? url) =>
        AuthSetup.SafeReturnUrl(url) is { } u && (u == "/checkout" || u.StartsWith("/orders/", StringComparison.Ordinal) || u == "/prescriptions")
            ? u : "/prescriptions";

    private static string Error(FieldError e) => e.Code + (e.Args.Length > 0 ? "&rxArgs=" + Uri.EscapeDataString(string.Join('|', e.Args)) : "");

    private static string Append(string url, string query) => url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

    private static ProblemHttpResult Refused(RxText T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "prescription.notFound" => ApiProblems.Problem(T, "prescription.notFound", StatusCodes.Status404NotFound),
        "prescription.alreadyDecided" or "prescription.reviewedByOther" => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    public static PrescriptionJson ToJson(PrescriptionDetail p) => new(
        p.Id, OrderText.Camel(p.Status), p.CreatedAt, p.Note, p.Doctor, p.OrderId, p.DecidedAt, p.ValidUntil, p.RejectReason,
        p.RejectReason is { } r ? PrescriptionMessages.ReasonText(r, Cultures.Current) : null, p.RejectComment,
        p.Files.Select(f => new PrescriptionFileJson(f.Id, f.ContentType, f.Length, FileUrl(p.Id, f.Id))).ToList(),
        p.Items.Select(i => new CoveredItemJson(i.ProductId, i.SubstanceId, i.Name, i.Quantity)).ToList());
}

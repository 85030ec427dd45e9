using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

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
/// and staff only, checked on every request). The browser's forms are in Forms/Prescriptions.
/// </summary>
public static class PrescriptionsApi
{
    private static readonly string[] Staff = [Roles.Operator, Roles.Admin];

    public static void MapPrescriptions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/prescriptions").WithTags("Prescriptions").RequireAuthorization().DisableAntiforgery();

        api.MapPost("/", async Task<Results<Created<PrescriptionJson>, ProblemHttpResult>> (
            HttpContext http, PrescriptionUploads uploads, PrescriptionQueries queries, IStringLocalizer<SharedStrings> T, CancellationToken ct) =>
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
            long id, HttpContext http, PrescriptionQueries queries, IStringLocalizer<SharedStrings> T, CancellationToken ct) =>
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
            var filter = WireName.TryParse<PrescriptionStatus>(status, out var s) ? s : (PrescriptionStatus?)null;
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = await queries.QueueAsync(filter, ct: ct);
            return TypedResults.Ok(rows.Select(r => new QueueJson(r.Id, WireName.Of(r.Status), r.CustomerPhone, r.CreatedAt,
                (int)(now - r.CreatedAt).TotalMinutes, r.Files, r.HeldOrders, r.ReviewLockedUntil > now)).ToList());
        });

        op.MapPost("/{id:long}/approve", async Task<Results<Ok<ApprovedJson>, ProblemHttpResult>> (
            long id, ApproveBody body, HttpContext http, PrescriptionDecisions decisions, PrescriptionQueries queries, TimeProvider clock, IStringLocalizer<SharedStrings> T, CancellationToken ct) =>
        {
            if (body.ValidDays is < 1 or > 366) return ApiProblems.Validation(T, [new FieldError("validDays", "value.range", 1, 366)]);
            var until = body.ValidUntil?.ToUniversalTime() ?? (body.ValidDays is { } days ? clock.GetUtcNow().UtcDateTime.AddDays(days) : null);
            var request = new ApproveRequest((body.Items ?? []).Select(i => new CoverItem(i.ProductId, i.SubstanceId, i.Quantity)).ToList(), until, body.Note);
            var result = await decisions.ApproveAsync(id, http.User.UserId(), request, ct);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(new ApprovedJson(ToJson((await queries.GetAsync(id, null, ct))!), result.Value!.ReleasedOrders));
        });

        op.MapPost("/{id:long}/reject", async Task<Results<Ok<PrescriptionJson>, ProblemHttpResult>> (
            long id, RejectBody body, HttpContext http, PrescriptionDecisions decisions, PrescriptionQueries queries, IStringLocalizer<SharedStrings> T, CancellationToken ct) =>
        {
            var result = await decisions.RejectAsync(id, http.User.UserId(), body.Reason, body.Comment, ct);
            if (!result.Succeeded) return Refused(T, result.Errors);
            return TypedResults.Ok(ToJson((await queries.GetAsync(id, null, ct))!));
        });

    }

    private static bool IsStaff(HttpContext http) => Staff.Any(http.User.IsInRole);

    internal static PrescriptionUpload Upload(ParsedUpload parsed) =>
        new(parsed.Field("note"), parsed.Field("doctor"), long.TryParse(parsed.Field("orderId"), out var orderId) ? orderId : null);

    private static ProblemHttpResult Refused(IStringLocalizer<SharedStrings> T, IReadOnlyList<FieldError> errors) => errors[0].Code switch
    {
        "prescription.notFound" => ApiProblems.Problem(T, "prescription.notFound", StatusCodes.Status404NotFound),
        "prescription.alreadyDecided" or "prescription.reviewedByOther" => ApiProblems.Validation(T, errors, StatusCodes.Status409Conflict),
        _ => ApiProblems.Validation(T, errors),
    };

    public static PrescriptionJson ToJson(PrescriptionDetail p) => new(
        p.Id, WireName.Of(p.Status), p.CreatedAt, p.Note, p.Doctor, p.OrderId, p.DecidedAt, p.ValidUntil, p.RejectReason,
        p.RejectReason is { } r ? PrescriptionMessages.ReasonText(r, Cultures.Current) : null, p.RejectComment,
        p.Files.Select(f => new PrescriptionFileJson(f.Id, f.ContentType, f.Length, FileUrls.PrescriptionFile(p.Id, f.Id))).ToList(),
        p.Items.Select(i => new CoveredItemJson(i.ProductId, i.SubstanceId, i.Name, i.Quantity)).ToList());
}

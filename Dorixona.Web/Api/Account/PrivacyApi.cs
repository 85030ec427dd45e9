using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Privacy;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Api.Account;

public sealed record DeleteAccountRequest(string? Password, string? Code);

/// <summary>
/// The signed-in person's data rights (decision 0057): <c>GET /api/v1/me/export</c> (JSON) and <c>/api/v1/me/export.zip</c>
/// (CSV files), <c>POST /api/v1/me/deletion-code</c> and <c>DELETE /api/v1/me</c> with <c>{password}</c> or <c>{code}</c>.
/// Any signed-in person may read their own data; only customers may delete their account (staff get 403).
/// </summary>
public static class PrivacyApi
{
    public static void MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization();

        me.MapGet("/export", async Task<Results<Ok<PersonalData>, NotFound>> (bool? download, HttpContext http, PersonalDataExport export) =>
        {
            if (await export.ReadAsync(http.User.UserId(), http.RequestAborted) is not { } data) return TypedResults.NotFound();
            if (download == true) http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(data)}.json\"";
            return TypedResults.Ok(data);
        });

        me.MapGet("/export.zip", async Task<Results<FileContentHttpResult, NotFound>> (HttpContext http, PersonalDataExport export) =>
        {
            if (await export.ReadAsync(http.User.UserId(), http.RequestAborted) is not { } data) return TypedResults.NotFound();
            // Written whole before it is sent: one person's data is small, and ZipArchive writes synchronously when it closes.
            using var buffer = new MemoryStream();
            await PersonalDataArchive.WriteAsync(data, buffer, http.RequestAborted);
            return TypedResults.File(buffer.ToArray(), PersonalDataArchive.ContentType, FileName(data) + ".zip");
        });

        me.MapPost("/deletion-code", async Task<Results<Accepted<CodeSentResponse>, ProblemHttpResult>> (
            HttpContext http, AccountDeletion deletion, IStringLocalizer<SharedStrings> L, IOptions<OneTimeCodeOptions> codes) =>
        {
            var result = await deletion.SendCodeAsync(http.User.UserId(), http.RequestAborted);
            if (!result.Succeeded) return Problem(L, result);
            var o = codes.Value;
            return TypedResults.Accepted((string?)null,
                new CodeSentResponse(http.User.Identity?.Name ?? "", (int)o.Lifetime.TotalSeconds, (int)o.ResendInterval.TotalSeconds));
        }).RequireRateLimiting(RateLimiting.Sms);

        me.MapDelete("/", async Task<Results<NoContent, ProblemHttpResult>> (
            [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] DeleteAccountRequest? body,
            HttpContext http, AccountDeletion deletion, SignInThrottle throttle, IStringLocalizer<SharedStrings> L) =>
        {
            // A stolen session must not become a free password oracle: wrong passwords here slow down as at sign-in.
            var phone = http.User.Identity?.Name ?? "";
            var ip = AuthApi.Ip(http);
            if (!string.IsNullOrEmpty(body?.Password) && await throttle.RetryAfterAsync(ip, phone) is { } wait)
            {
                var seconds = SignInThrottle.Seconds(wait);
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ApiProblems.Problem(L, "login.throttled", StatusCodes.Status429TooManyRequests, seconds);
            }
            var result = await deletion.DeleteAsync(http.User.UserId(), body?.Password, body?.Code, http.RequestAborted);
            if (result.Errors.Any(e => e.Code == "account.passwordWrong")) await throttle.FailedAsync(ip, phone);
            return result.Succeeded ? TypedResults.NoContent() : Problem(L, result);
        });
    }

    /// <summary>409 while an order is under way, 403 for staff accounts, 429 for a code asked too soon, 400 for the rest (wrong password or code).</summary>
    internal static int StatusFor(Result result) => result.Errors.Select(e => e.Code).FirstOrDefault() switch
    {
        "account.orderInProgress" => StatusCodes.Status409Conflict,
        "account.deleteStaff" => StatusCodes.Status403Forbidden,
        "account.notFound" => StatusCodes.Status404NotFound,
        "otp.tooSoon" => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    private static ProblemHttpResult Problem(IStringLocalizer L, Result result) => ApiProblems.Validation(L, result.Errors, StatusFor(result));

    private static string FileName(PersonalData data) =>
        "dorixona-my-data-" + data.ExportedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

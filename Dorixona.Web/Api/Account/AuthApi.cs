using Dorixona.Web;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Api.Account;

/// <param name="AcceptTerms">Must be true: the person accepts the terms of sale and the privacy policy (<c>/terms</c>, <c>/privacy</c>).</param>
public sealed record RegisterRequest(string? Phone, string? FullName, string? Password, bool? AcceptTerms = null);
public sealed record VerifyRequest(string? Phone, string? Code);
public sealed record LoginRequest(string? Phone, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record PhoneRequest(string? Phone);
public sealed record ResetRequest(string? Phone, string? Code, string? NewPassword);
public sealed record CodeSentResponse(string Phone, int ExpiresInSeconds, int ResendAfterSeconds);
public sealed record SecondFactorResponse(bool SecondFactorRequired, string SecondFactorToken, int ExpiresInSeconds);
public sealed record SecondFactorRequest(string? SecondFactorToken, string? Code);

/// <summary>
/// <c>/api/v1/auth</c> for the mobile apps. Sign-in answers Identity's bearer token pair
/// (<c>tokenType, accessToken, expiresIn, refreshToken</c>); errors are problem details.
/// </summary>
public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth").AllowAnonymous().DisableAntiforgery();

        auth.MapPost("/register", async Task<Results<Accepted<CodeSentResponse>, ProblemHttpResult>> (
            RegisterRequest body, AccountService accounts, IStringLocalizer<SharedStrings> L, IOptions<OneTimeCodeOptions> codes) =>
            CodeSentOrProblem(await accounts.RegisterAsync(new RegisterInput(body.Phone, body.FullName, body.Password, body.AcceptTerms == true)), body.Phone, L, codes.Value))
            .RequireRateLimiting(RateLimiting.Sms);

        auth.MapPost("/verify/resend", async Task<Results<Accepted<CodeSentResponse>, ProblemHttpResult>> (
            PhoneRequest body, AccountService accounts, IStringLocalizer<SharedStrings> L, IOptions<OneTimeCodeOptions> codes) =>
            CodeSentOrProblem(await accounts.ResendVerificationAsync(body.Phone), body.Phone, L, codes.Value))
            .RequireRateLimiting(RateLimiting.Sms);

        auth.MapPost("/verify", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            VerifyRequest body, HttpContext http, AccountService accounts, SignInManager<AppUser> signIn, IStringLocalizer<SharedStrings> L) =>
        {
            var result = await accounts.VerifyPhoneAsync(body.Phone, body.Code);
            if (!result.Succeeded) return ApiProblems.Validation(L, result.Errors);
            await accounts.RecordLoginAsync(result.Value!.Id, true, "verify", Ip(http), UserAgent(http));
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(result.Value!), authenticationScheme: IdentityConstants.BearerScheme);
        });

        // Wrong passwords slow the client down (SignInThrottle) instead of locking the account; unknown phones cost the same
        // hash and get the same answer. A staff member with the SMS second factor gets 202 and a ticket for /login/code.
        auth.MapPost("/login", async Task<Results<SignInHttpResult, Accepted<SecondFactorResponse>, ProblemHttpResult>> (
            LoginRequest body, HttpContext http, AccountService accounts, UserManager<AppUser> users, SignInManager<AppUser> signIn,
            SignInThrottle throttle, SecondFactor second, IStringLocalizer<SharedStrings> L) =>
        {
            var phone = PhoneNumber.Normalize(body.Phone);
            if (phone is null || string.IsNullOrEmpty(body.Password))
            {
                var errors = new List<FieldError>();
                if (phone is null) errors.Add(new FieldError("phone", "phone.invalid"));
                if (string.IsNullOrEmpty(body.Password)) errors.Add(new FieldError("password", "password.required"));
                return ApiProblems.Validation(L, errors);
            }
            if (await throttle.RetryAfterAsync(Ip(http), phone) is { } wait) return Throttled(http, L, wait);
            var user = await users.FindByNameAsync(phone);
            if (!await PasswordCheck.CheckAsync(users, user, body.Password))
            {
                await throttle.FailedAsync(Ip(http), phone);
                if (user is not null) await accounts.RecordLoginAsync(user.Id, false, "api", Ip(http), UserAgent(http));
                return ApiProblems.Problem(L, "login.failed", StatusCodes.Status401Unauthorized);
            }
            await throttle.SucceededAsync(Ip(http), phone);
            // Only someone who knows the password learns that the phone still waits for its code.
            if (!await signIn.CanSignInAsync(user!))
            {
                await accounts.RecordLoginAsync(user!.Id, false, "api", Ip(http), UserAgent(http));
                return ApiProblems.Problem(L, "login.notVerified", StatusCodes.Status403Forbidden);
            }
            if (await second.IsRequiredAsync(user!))
            {
                await second.SendCodeAsync(user!);
                return TypedResults.Accepted((string?)null, new SecondFactorResponse(true, second.Ticket(user!), (int)SecondFactor.TicketLifetime.TotalSeconds));
            }
            await accounts.RecordLoginAsync(user!.Id, true, "api", Ip(http), UserAgent(http));
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        });

        auth.MapPost("/login/code", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            SecondFactorRequest body, HttpContext http, AccountService accounts, SignInManager<AppUser> signIn,
            SignInThrottle throttle, SecondFactor second, IStringLocalizer<SharedStrings> L) =>
        {
            if (await second.FromTicketAsync(body.SecondFactorToken) is not { } user)
                return ApiProblems.Problem(L, "login.codeExpired", StatusCodes.Status401Unauthorized);
            if (await throttle.RetryAfterAsync(Ip(http), user.PhoneNumber!) is { } wait) return Throttled(http, L, wait);
            var right = await second.CheckCodeAsync(user, body.Code);
            await accounts.RecordLoginAsync(user.Id, right, "api", Ip(http), UserAgent(http));
            if (!right)
            {
                await throttle.FailedAsync(Ip(http), user.PhoneNumber!);
                return ApiProblems.Validation(L, [new FieldError("code", "login.codeInvalid")], StatusCodes.Status401Unauthorized);
            }
            await throttle.SucceededAsync(Ip(http), user.PhoneNumber!);
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        });

        auth.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            RefreshRequest body, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, IStringLocalizer<SharedStrings> L) =>
        {
            var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
            var ticket = string.IsNullOrEmpty(body.RefreshToken) ? null : protector.Unprotect(body.RefreshToken);
            // The security stamp check makes logout, a password change or a disabled account end every refresh token.
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not AppUser user)
                return ApiProblems.Problem(L, "token.invalid", StatusCodes.Status401Unauthorized);
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        });

        auth.MapPost("/logout", async Task<Results<NoContent, UnauthorizedHttpResult>> (HttpContext http, UserManager<AppUser> users) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return TypedResults.Unauthorized();
            await users.UpdateSecurityStampAsync(user);
            return TypedResults.NoContent();
        }).RequireAuthorization();

        auth.MapPost("/password/forgot", async Task<Results<Accepted<CodeSentResponse>, ProblemHttpResult>> (
            PhoneRequest body, AccountService accounts, IStringLocalizer<SharedStrings> L, IOptions<OneTimeCodeOptions> codes) =>
            CodeSentOrProblem(await accounts.ForgotPasswordAsync(body.Phone), body.Phone, L, codes.Value))
            .RequireRateLimiting(RateLimiting.Sms);

        auth.MapPost("/password/reset", async Task<Results<NoContent, ProblemHttpResult>> (
            ResetRequest body, AccountService accounts, IStringLocalizer<SharedStrings> L) =>
        {
            var result = await accounts.ResetPasswordAsync(body.Phone, body.Code, body.NewPassword);
            return result.Succeeded ? TypedResults.NoContent() : ApiProblems.Validation(L, result.Errors);
        });
    }

    /// <summary>202 with the code's lifetime when an SMS went out (or would have, for an unknown phone); problem details otherwise.</summary>
    private static Results<Accepted<CodeSentResponse>, ProblemHttpResult> CodeSentOrProblem(
        Result result, string? phone, IStringLocalizer localizer, OneTimeCodeOptions o) =>
        result.Succeeded
            ? TypedResults.Accepted((string?)null, new CodeSentResponse(PhoneNumber.Normalize(phone) ?? "", (int)o.Lifetime.TotalSeconds, (int)o.ResendInterval.TotalSeconds))
            : ApiProblems.Validation(localizer, result.Errors, StatusFor(result));

    private static int StatusFor(Result result) =>
        result.Errors.Any(e => e.Code == "otp.tooSoon") ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;

    private static ProblemHttpResult Throttled(HttpContext http, IStringLocalizer L, TimeSpan wait)
    {
        var seconds = SignInThrottle.Seconds(wait);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.Problem(L, "login.throttled", StatusCodes.Status429TooManyRequests, seconds);
    }

    internal static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
    internal static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;
}

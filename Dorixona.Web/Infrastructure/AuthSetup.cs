using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Dorixona.Web.Infrastructure;

public static class AuthSetup
{
    /// <summary>Pages use Identity's cookie; an <c>Authorization: Bearer</c> header selects Identity's bearer tokens.</summary>
    public const string CookieOrBearer = "CookieOrBearer";

    /// <summary>One name for every instance: Data Protection isolates keys by application name (by default the content root path).</summary>
    public const string DataProtectionApplicationName = "Dorixona";

    public static IServiceCollection AddDorixonaAuth(this IServiceCollection services, IWebHostEnvironment environment)
    {
        // Keys live in the database, so every instance reads the cookies and antiforgery tokens another one issued.
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<DorixonaDbContext>();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.SignIn.RequireConfirmedPhoneNumber = true;
                o.User.AllowedUserNameCharacters = "+0123456789";
                // No account lockout: anyone could lock an operator out with five wrong passwords. SignInThrottle slows
                // the client that fails instead (decision 0031).
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<DorixonaDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<FullNameClaims>()
            .AddDefaultTokenProviders();

        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<SecondFactor>();

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieOrBearer;
            o.DefaultChallengeScheme = CookieOrBearer;
            o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
        });
        auth.AddPolicyScheme(CookieOrBearer, null, o => o.ForwardDefaultSelector = ctx =>
            ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme);
        auth.AddBearerToken(IdentityConstants.BearerScheme, o =>
        {
            o.BearerTokenExpiration = TimeSpan.FromMinutes(30);
            o.RefreshTokenExpiration = TimeSpan.FromDays(30);
        });
        auth.AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "dx.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.ReturnUrlParameter = "returnUrl";
            o.Events = new CookieAuthenticationEvents
            {
                // API callers get status codes, not a redirect to an HTML page.
                OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden),
            };
        });
        // A disabled (soft-deleted) user or a changed password ends cookie sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
        return services;
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs") || ctx.Request.Headers.ContainsKey("HX-Request"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Where a person lands after signing in, when no return URL was asked for.</summary>
    public static string HomeFor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? "/admin"
        : user.IsInRole(Roles.Operator) ? "/operator"
        : user.IsInRole(Roles.Courier) ? "/courier"
        : "/";

    public static string HomeFor(IList<string> roles) =>
        roles.Contains(Roles.Admin) ? "/admin"
        : roles.Contains(Roles.Operator) ? "/operator"
        : roles.Contains(Roles.Courier) ? "/courier"
        : "/";

    /// <summary>Only local paths are followed after sign-in, so a crafted link cannot send people elsewhere.</summary>
    public static string? SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : null;

    public static Guid UserId(this System.Security.Claims.ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id) ? id : Guid.Empty;
}

using System.Security.Claims;
using Dorixona.Core.Audit;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Runs after authentication on every request. A signed-in person whose account was disabled, or whose security stamp
/// changed (role change, logout everywhere, password reset), is treated as anonymous at once — their cookie is removed,
/// a bearer token stops working — instead of after the stamp validator's interval. It also names the person (or the
/// system) and the IP for the audit trail of everything the request does.
/// </summary>
public sealed class SessionGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, DorixonaDbContext db, IOptions<IdentityOptions> identity)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        var actor = new AuditActor(null, AuditActor.System.Display, ip);
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var id = http.User.UserId();
            var stamp = http.User.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
            var current = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == id)
                .Select(u => new { u.DeletedAt, u.SecurityStamp }).SingleOrDefaultAsync(http.RequestAborted);
            if (current is null || current.DeletedAt is not null || (stamp is not null && stamp != current.SecurityStamp))
            {
                var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
                if (!bearer) await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                http.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                actor = new AuditActor(id, AuditLog.Display(http.User.FindFirst(FullNameClaims.Type)?.Value, http.User.Identity.Name), ip);
            }
        }
        using (AuditActor.Use(actor)) await next(http);
    }
}

public static class UsersWeb
{
    /// <summary>Between authentication and authorization: see <see cref="SessionGate"/>.</summary>
    public static IApplicationBuilder UseSessionGate(this IApplicationBuilder app) => app.UseMiddleware<SessionGate>();
}

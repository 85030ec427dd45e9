using System.Runtime.CompilerServices;
using System.Security.Claims;
using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Runs after authentication on every request. A signed-in person whose account was disabled, or whose security stamp
/// changed (sign-out, role change, logout everywhere, password reset), is treated as anonymous at once — their cookie is
/// removed, a bearer token stops working — instead of after the stamp validator's interval. It also names the person (or
/// the system) and the IP for the audit trail of everything the request does.
/// </summary>
public sealed class SessionGate(RequestDelegate next)
{
    // The context is asked for only when someone is signed in: an anonymous view (most shop pages) need not create one.
    public async Task InvokeAsync(HttpContext http, SessionStamps stamps, IOptions<IdentityOptions> identity)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        var actor = new AuditActor(null, AuditActor.System.Display, ip);
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var id = http.User.UserId();
            var stamp = http.User.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
            var current = await stamps.GetAsync(http.RequestServices.GetRequiredService<DorixonaDbContext>(), id, http.RequestAborted);
            if (current is null || current.Disabled || (stamp is not null && stamp != current.SecurityStamp))
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

/// <summary>
/// Each user's current security stamp and disabled flag for <see cref="SessionGate"/>, read from the database at most
/// once per <see cref="Lifetime"/> per user. A change saved through this instance (sign-out, disable, role or password
/// change) drops the entry at once through <see cref="SessionStampsEviction"/> and tells the other instances (if any) to drop
/// theirs; should that notice be lost, they see the change within the lifetime.
/// </summary>
public sealed class SessionStamps(IMemoryCache cache, ICacheBroadcast broadcast)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public sealed record Current(string? SecurityStamp, bool Disabled);

    public async Task<Current?> GetAsync(DorixonaDbContext db, Guid userId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(userId), out Current? known)) return known;
        var current = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Current(u.SecurityStamp, u.DeletedAt != null)).SingleOrDefaultAsync(ct);
        if (current is not null) cache.Set(Key(userId), current, Lifetime);
        return current;
    }

    public void Forget(Guid userId)
    {
        cache.Remove(Key(userId));
        broadcast.Stale(CachedKind.SessionStamp, userId.ToString("N"));
    }

    /// <summary>Another instance saved this user: drop the entry without telling anybody again.</summary>
    public void Received(Guid userId) => cache.Remove(Key(userId));

    private static string Key(Guid userId) => "session-stamp:" + userId.ToString("N");
}

/// <summary>
/// Drops a user's cached stamp whenever the user row is saved: before the save and again after it, so a request that
/// read the old row in between does not keep it.
/// </summary>
public sealed class SessionStampsEviction(SessionStamps stamps) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Guid>> _saving = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is null) return;
        var users = context.ChangeTracker.Entries<AppUser>()
            .Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Entity.Id).ToList();
        if (users.Count == 0) return;
        foreach (var id in users) stamps.Forget(id);
        _saving.AddOrUpdate(context, users);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var users)) return;
        _saving.Remove(context);
        foreach (var id in users) stamps.Forget(id);
    }
}

public static class UsersWeb
{
    /// <summary>Between authentication and authorization: see <see cref="SessionGate"/>.</summary>
    public static IApplicationBuilder UseSessionGate(this IApplicationBuilder app) => app.UseMiddleware<SessionGate>();

    public static IServiceCollection AddSessionGate(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SessionStamps>();
        services.AddSingleton<IInterceptor, SessionStampsEviction>();
        return services;
    }
}

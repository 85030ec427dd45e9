using System.Net;
using System.Text.Json;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Dorixona.Web.Infrastructure;

public static class Health
{
    public static IServiceCollection AddDorixonaHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<DorixonaDbContext>("database")
            .AddCheck<DatabaseWritesHealthCheck>("databaseWrites")
            .AddCheck<QuartzHealthCheck>("quartz")
            .AddCheck<OutboxHealthCheck>("outbox");
        return services;
    }

    /// <summary>
    /// <c>/health</c>: the process answers (public). <c>/health/detailed</c>: every check as JSON, 503 when one is down, for
    /// admins and for callers on this machine that no proxy forwarded (a monitor on loopback); anyone else gets 401/403.
    /// </summary>
    public static void MapDorixonaHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous()
            // Proxies and orchestrators ask every second or so; liveness costs nothing and must never be refused.
            .DisableRateLimiting();
        app.MapGet("/health/detailed", async (HttpContext http, HealthCheckService health) =>
        {
            if (!MaySeeDetails(http))
                return Results.StatusCode(http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized);
            var report = await health.CheckHealthAsync(http.RequestAborted);
            http.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            await WriteJson(http, report);
            return Results.Empty;
        }).AllowAnonymous().WithMetadata(new PersonalAttribute()).ExcludeFromDescription();
    }

    public static bool MaySeeDetails(HttpContext http) =>
        http.User.IsInRole(Roles.Admin)
        || (http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
            && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded"));

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

public sealed class QuartzHealthCheck(ISchedulerFactory schedulers, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Jobs:Enabled", true)) return HealthCheckResult.Healthy("Jobs are turned off by configuration (Jobs:Enabled=false).");
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        var data = new Dictionary<string, object> { ["status"] = status.ToString() };
        return status switch
        {
            SchedulerStatus.Running => HealthCheckResult.Healthy("Running.", data),
            SchedulerStatus.Created or SchedulerStatus.Standby => HealthCheckResult.Degraded("The scheduler is not running yet.", data: data),
            _ => HealthCheckResult.Unhealthy($"The scheduler is {status}.", data: data),
        };
    }
}

/// <summary>Unhealthy when a due message has waited more than 15 minutes: the dispatcher or gateway is stuck.</summary>
public sealed class OutboxHealthCheck(DorixonaDbContext db, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending);
        var backlog = await pending.CountAsync(cancellationToken);
        var oldestDue = await pending.Where(m => m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        var dayAgo = now.AddDays(-1);
        var failed = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Failed && m.CreatedAt >= dayAgo, cancellationToken);
        var waitedSeconds = oldestDue is null ? 0 : (int)(now - oldestDue.Value).TotalSeconds;
        var data = new Dictionary<string, object> { ["backlog"] = backlog, ["oldestDueWaitSeconds"] = waitedSeconds, ["failedLast24h"] = failed };
        if (waitedSeconds > 15 * 60) return HealthCheckResult.Unhealthy("Outbox messages are waiting longer than 15 minutes.", data: data);
        if (failed > 0) return HealthCheckResult.Degraded($"{failed} message(s) failed for good in the last 24 hours.", data: data);
        return HealthCheckResult.Healthy("Dispatching.", data);
    }
}

/// <summary>Unhealthy when the database refuses writes (a read-only file, a read-only session or a standby), which a plain connect does not show.</summary>
public sealed class DatabaseWritesHealthCheck(DorixonaDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await WritableDatabase.ProbeAsync(db, cancellationToken);
            return HealthCheckResult.Healthy("Writes are accepted.");
        }
        catch (DatabaseReadOnlyException e)
        {
            return HealthCheckResult.Unhealthy("The database refuses writes.", e);
        }
    }
}

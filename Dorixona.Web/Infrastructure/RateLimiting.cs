using Dorixona.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// 100 requests a minute per IP overall (static files are served before the limiter and do not count);
/// the endpoints that send an SMS allow 5 posts per 15 minutes per IP. <c>RateLimiting:Enabled=false</c>
/// turns both off for load tests and benchmarks only. With several instances (<c>Live:Redis</c> set) the counts are kept in
/// Redis, so a client gets its 100 requests from the whole shop, not 100 from each instance the proxy sends it to.
/// </summary>
public static class RateLimiting
{
    public const string Sms = "sms";

    public static IServiceCollection AddDorixonaRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue("RateLimiting:Enabled", true);
        var perMinute = configuration.GetValue("RateLimiting:PermitPerMinute", 100);
        var smsPermits = configuration.GetValue("RateLimiting:SmsPermitPer15Minutes", 5);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => enabled
                ? FixedWindow(ctx, "rl:" + ClientKey(ctx), perMinute, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("off"));
            o.AddPolicy(Sms, ctx => enabled && HttpMethods.IsPost(ctx.Request.Method)
                ? FixedWindow(ctx, "sms:" + ClientKey(ctx), smsPermits, TimeSpan.FromMinutes(15))
                : RateLimitPartition.GetNoLimiter("off"));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    http.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                else if (ctx.Lease.TryGetMetadata(RedisRateLimiting.RateLimitMetadataName.RetryAfter, out var seconds))
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedStrings>>();
                await TypedResults.Problem(L["error.rateLimited"], statusCode: StatusCodes.Status429TooManyRequests, title: L["error.rateLimited.title"])
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    /// <summary>In this process on one machine; in Redis, shared by every instance, when the instances are linked.</summary>
    private static RateLimitPartition<string> FixedWindow(HttpContext ctx, string key, int permits, TimeSpan window) =>
        ctx.RequestServices.GetService<StackExchange.Redis.IConnectionMultiplexer>() is { } redis
            ? RedisRateLimiting.RedisRateLimitPartition.GetFixedWindowRateLimiter(key, _ => new RedisRateLimiting.RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis, PermitLimit = permits, Window = window,
            })
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = window, QueueLimit = 0,
            });

    private static string ClientKey(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

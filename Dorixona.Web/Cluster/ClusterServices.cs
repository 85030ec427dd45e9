using Dorixona.Core.Common;
using Dorixona.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Dorixona.Web.Cluster;

/// <summary>
/// What lets several instances of the app serve one shop. <c>Live:Redis</c> (a StackExchange.Redis connection string)
/// links them: live messages reach circuits on every instance, <c>/hubs/live</c> clients hear every instance through
/// SignalR's Redis backplane, and stale caches are dropped everywhere. Empty, everything stays in this process, as on one
/// machine. Jobs (<c>Quartz:Clustered</c>) and forwarded headers (<c>ForwardedHeaders:KnownProxies</c>) are set up beside it.
/// </summary>
public static class ClusterServices
{
    public const string RedisKey = "Live:Redis";

    public static IServiceCollection AddDorixonaCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProxyHeaders(configuration);
        var connection = configuration[RedisKey];
        if (string.IsNullOrWhiteSpace(connection)) return services;

        var options = ConfigurationOptions.Parse(connection);
        // Start even while Redis is away, and keep reconnecting: one instance must not stop because the link is down.
        options.AbortOnConnectFail = false;
        options.ClientName ??= "dorixona-" + Environment.MachineName + "-" + Environment.ProcessId;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton<RedisLink>();
        services.AddSingleton<ILiveForwarder>(sp => sp.GetRequiredService<RedisLink>());
        services.AddSingleton<ICacheBroadcast>(sp => sp.GetRequiredService<RedisLink>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisLink>());

        // The backplane for /hubs/live only. The circuits' own hub stays in-process: a circuit lives on the instance the
        // proxy keeps its browser on, so carrying its traffic through Redis would only cost a subscription per circuit.
        services.Configure<RedisOptions>(o =>
        {
            o.Configuration = options.Clone();
            o.Configuration.ChannelPrefix = RedisChannel.Literal("dorixona-hub");
        });
        services.AddSingleton<HubLifetimeManager<LiveHub>, RedisHubLifetimeManager<LiveHub>>();
        return services;
    }
}
